package dev.descent.data;

import dev.descent.tensor.Rng;
import java.util.List;

/**
 * Small seeded data sets made on the spot: two-dimensional toy problems for classification, a noisy line for
 * regression, and {@link #digits handwritten-like digits} in MNIST's format. The same arguments always give the same
 * data. In the two-dimensional sets example {@code i} has label {@code i % classes}, so any prefix is balanced.
 */
public final class Generated {
    private Generated() {
    }

    /**
     * Two interleaving half circles (the formula of scikit-learn's {@code make_moons}), with {@code t} uniform in
     * [0, π): class 0 at {@code (cos t, sin t)}, class 1 at {@code (1 − cos t, 0.5 − sin t)}, each point plus
     * N(0, noise²) on both coordinates.
     */
    public static Dataset moons(int n, double noise, long seed) {
        checkCount(n);
        checkNoise(noise);
        Rng rng = Rng.of(seed);
        float[] x = new float[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double t = Math.PI * rng.nextDouble();
            labels[i] = i % 2;
            double a = labels[i] == 0 ? Math.cos(t) : 1 - Math.cos(t);
            double b = labels[i] == 0 ? Math.sin(t) : 0.5 - Math.sin(t);
            x[2 * i] = (float) (a + noise * rng.nextGaussian());
            x[2 * i + 1] = (float) (b + noise * rng.nextGaussian());
        }
        return Dataset.owning("moons", x, new int[] {2}, labels, 2, List.of());
    }

    /**
     * Two concentric circles: angle θ uniform in [0, 2π), class 0 at radius 1 and class 1 at radius {@code factor}
     * ({@code 0 < factor < 1}), point {@code r·(cos θ, sin θ)} plus N(0, noise²) on both coordinates.
     */
    public static Dataset circles(int n, double noise, double factor, long seed) {
        checkCount(n);
        checkNoise(noise);
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("factor must be in (0, 1), was " + factor);
        }
        Rng rng = Rng.of(seed);
        float[] x = new float[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double theta = 2 * Math.PI * rng.nextDouble();
            labels[i] = i % 2;
            double r = labels[i] == 0 ? 1 : factor;
            x[2 * i] = (float) (r * Math.cos(theta) + noise * rng.nextGaussian());
            x[2 * i + 1] = (float) (r * Math.sin(theta) + noise * rng.nextGaussian());
        }
        return Dataset.owning("circles", x, new int[] {2}, labels, 2, List.of());
    }

    /**
     * Interleaved spiral arms (the CS231n spiral): for class k of K, {@code t} uniform in [0, 1), radius r = t and
     * angle θ = 2πk/K + 4t + noise·N(0, 1); the point is {@code r·(sin θ, cos θ)}.
     */
    public static Dataset spirals(int n, int classes, double noise, long seed) {
        checkCount(n);
        checkNoise(noise);
        checkClasses(classes);
        Rng rng = Rng.of(seed);
        float[] x = new float[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
            double t = rng.nextDouble();
            double theta = 2 * Math.PI * labels[i] / classes + 4 * t + noise * rng.nextGaussian();
            x[2 * i] = (float) (t * Math.sin(theta));
            x[2 * i + 1] = (float) (t * Math.cos(theta));
        }
        return Dataset.owning("spirals", x, new int[] {2}, labels, classes, List.of());
    }

    /**
     * The XOR problem: a point u uniform in [−1, 1]², label 1 when exactly one coordinate is positive (quadrants 2
     * and 4), and the stored features {@code u + N(0, noise²)}, so noise blurs the boundary near the axes.
     */
    public static Dataset xor(int n, double noise, long seed) {
        checkCount(n);
        checkNoise(noise);
        Rng rng = Rng.of(seed);
        float[] x = new float[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            // draw a point in the quadrants of this label, so classes stay balanced
            double a = rng.nextDouble();
            double b = rng.nextDouble();
            boolean firstPositive = rng.nextDouble() < 0.5;
            double u0 = firstPositive ? a : -a;
            double u1 = (labels[i] == 1) == firstPositive ? -b : b;
            x[2 * i] = (float) (u0 + noise * rng.nextGaussian());
            x[2 * i + 1] = (float) (u1 + noise * rng.nextGaussian());
        }
        return Dataset.owning("xor", x, new int[] {2}, labels, 2, List.of());
    }

    /**
     * Gaussian blobs: class k's center is {@code 3·(cos 2πk/K, sin 2πk/K)} and its points are the center plus
     * N(0, std²) on both coordinates.
     */
    public static Dataset blobs(int n, int classes, double std, long seed) {
        checkCount(n);
        checkNoise(std);
        checkClasses(classes);
        Rng rng = Rng.of(seed);
        float[] x = new float[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
            double angle = 2 * Math.PI * labels[i] / classes;
            x[2 * i] = (float) (3 * Math.cos(angle) + std * rng.nextGaussian());
            x[2 * i + 1] = (float) (3 * Math.sin(angle) + std * rng.nextGaussian());
        }
        return Dataset.owning("blobs", x, new int[] {2}, labels, classes, List.of());
    }

    /**
     * Regression on a noisy line: x uniform in [−1, 1), target {@code y = slope·x + intercept + noise·N(0, 1)};
     * features and targets both have width 1.
     */
    public static Dataset line(int n, double slope, double intercept, double noise, long seed) {
        checkCount(n);
        checkNoise(noise);
        if (!Double.isFinite(slope) || !Double.isFinite(intercept)) {
            throw new IllegalArgumentException("slope and intercept must be finite, were " + slope + ", " + intercept);
        }
        Rng rng = Rng.of(seed);
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double xi = rng.uniform(-1, 1);
            x[i] = (float) xi;
            y[i] = (float) (slope * xi + intercept + noise * rng.nextGaussian());
        }
        return Dataset.owning("line", x, new int[] {1}, y, 1);
    }

    /**
     * {@code n} grayscale 28×28 handwritten-like digits 0–9, MNIST-style: white strokes on black, the digit inside the
     * central 20×20 box, pixels in [0, 1], each digit {@code n/10} or {@code n/10 + 1} times in a shuffled order.
     * Each is drawn with Java2D from a stroke template of its digit, with jittered control points, stroke width,
     * slant, rotation, scale, position and pixel noise (see {@link DigitRenderer}). Generation runs in parallel, but
     * the result depends only on {@code n} and {@code seed}.
     */
    public static Dataset digits(int n, long seed) {
        checkCount(n);
        return DigitRenderer.generate(n, seed);
    }

    private static void checkCount(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, was " + n);
        }
    }

    private static void checkNoise(double noise) {
        if (!(noise >= 0) || !Double.isFinite(noise)) {
            throw new IllegalArgumentException("noise (or std) must be a finite number >= 0, was " + noise);
        }
    }

    private static void checkClasses(int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be >= 2, was " + classes);
        }
    }
}
