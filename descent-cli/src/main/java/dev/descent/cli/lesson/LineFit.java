package dev.descent.cli.lesson;

import dev.descent.minimize.Objective;
import dev.descent.text.Messages;
import dev.descent.data.Dataset;
import dev.descent.data.Generated;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import dev.descent.train.LeastSquares;
import java.util.List;
import java.util.Map;

/**
 * Linear regression as a function of its two parameters: the mean squared error
 * {@code J(w, b) = mean((w·x + b − y)²)} over a noisy line, with the closed-form least-squares answer.
 */
public final class LineFit implements Objective {
    /** The default problem of {@code landscape} and the lessons: y = 2x + 3 plus noise 0.5, 200 points. */
    public static final double SLOPE = 2;
    public static final double INTERCEPT = 3;
    public static final double NOISE = 0.5;
    public static final int POINTS = 200;

    private final double[] x;
    private final double[] y;
    private final Tensor xs;
    private final Tensor ys;
    private final LeastSquares exact;

    private LineFit(double[] x, double[] y, LeastSquares exact) {
        this.x = x;
        this.y = y;
        this.xs = Tensor.of(x, x.length);
        this.ys = Tensor.of(y, y.length);
        this.exact = exact;
    }

    /** The default noisy line, generated from {@code seed} by {@link Generated#line}. */
    public static LineFit generated(long seed) {
        Dataset data = Generated.line(POINTS, SLOPE, INTERCEPT, NOISE, seed);
        float[] fx = data.featureValues();
        float[] fy = data.targetValues();
        double[] x = new double[fx.length];
        double[] y = new double[fy.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = fx[i];
            y[i] = fy[i];
        }
        return new LineFit(x, y, LeastSquares.fit(data));
    }

    @Override
    public List<String> variables() {
        return List.of("w", "b");
    }

    @Override
    public Tensor apply(Map<String, Tensor> inputs) {
        Tensor w = inputs.get("w");
        Tensor b = inputs.get("b");
        if (w.dtype() != DType.F64 || b.dtype() != DType.F64) {
            throw new IllegalArgumentException("LineFit expects F64 parameters");
        }
        return w.mul(xs).add(b).sub(ys).pow(2).mean();
    }

    @Override
    public double value(double... point) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double r = point[0] * x[i] + point[1] - y[i];
            s += r * r;
        }
        return s / x.length;
    }

    @Override
    public String describe() {
        return describe(Messages.english());
    }

    @Override
    public String describe(Messages m) {
        return m.get("linefit.describe", Integer.toString(x.length), Integer.toString((int) SLOPE),
                Integer.toString((int) INTERCEPT));
    }

    /** The least-squares (w, b), from the core's closed-form solver ({@link LeastSquares}, Householder QR). */
    public double[] leastSquares() {
        return new double[] {exact.weights()[0], exact.intercept()};
    }

    /** Number of data points. */
    public int size() {
        return x.length;
    }
}
