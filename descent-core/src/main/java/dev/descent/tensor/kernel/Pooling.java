package dev.descent.tensor.kernel;

/**
 * 2-d max and average pooling on NCHW primitive arrays (PyTorch's {@code max_pool2d} and {@code avg_pool2d} with
 * {@code ceil_mode=False}, {@code count_include_pad=True}). Every plane [H, W] of every sample and channel is pooled
 * on its own; planes are split across threads, each written by one task, so results do not depend on the thread
 * count. Arrays are all {@code float[]} or all {@code double[]}.
 */
public final class Pooling {
    private Pooling() {
    }

    /** The sizes of one pooling: {@code planes} = N·C planes of [height, width], a square window. */
    public record Geometry(int planes, int height, int width, int kernel, int stride, int padding) {
        /** ⌊(H + 2p − k) / s⌋ + 1. */
        public int outHeight() {
            return (height + 2 * padding - kernel) / stride + 1;
        }

        /** ⌊(W + 2p − k) / s⌋ + 1. */
        public int outWidth() {
            return (width + 2 * padding - kernel) / stride + 1;
        }
    }

    /** Planes per task: enough work to be worth a hand-off. */
    private static final int PLANES_PER_TASK = 16;

    /**
     * Overwrites {@code y} [planes, OH, OW] with each window's maximum (padding never wins) and {@code argmax} with
     * its position in the input plane (ih·W + iw, the first on ties), stored as a number of y's type. Only {@code y}
     * and {@code argmax} are modified.
     */
    public static void maxForward(Object x, Object y, Object argmax, Geometry g) {
        if (x instanceof float[] xf) {
            maxForward(xf, (float[]) y, (float[]) argmax, g);
            return;
        }
        int oh = g.outHeight();
        int ow = g.outWidth();
        int inPlane = g.height() * g.width();
        forPlanes(g.planes(), p -> {
            for (int r = 0; r < oh; r++) {
                int h0 = r * g.stride() - g.padding();
                int h1 = Math.min(h0 + g.kernel(), g.height());
                h0 = Math.max(h0, 0);
                for (int c = 0; c < ow; c++) {
                    int w0 = c * g.stride() - g.padding();
                    int w1 = Math.min(w0 + g.kernel(), g.width());
                    w0 = Math.max(w0, 0);
                    int best = h0 * g.width() + w0;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int h = h0; h < h1; h++) {
                        for (int w = w0; w < w1; w++) {
                            double v = get(x, p * inPlane + h * g.width() + w);
                            if (v > max || Double.isNaN(v)) {
                                max = v;
                                best = h * g.width() + w;
                                if (Double.isNaN(v)) {
                                    h = h1;
                                    break;
                                }
                            }
                        }
                    }
                    int o = (p * oh + r) * ow + c;
                    set(y, o, max);
                    set(argmax, o, best);
                }
            }
        });
    }

    /** {@link #maxForward(Object, Object, Object, Geometry)} on floats, one plane at a time in a static method. */
    private static void maxForward(float[] x, float[] y, float[] argmax, Geometry g) {
        int oh = g.outHeight();
        int ow = g.outWidth();
        int width = g.width();
        int height = g.height();
        int kernel = g.kernel();
        int stride = g.stride();
        int padding = g.padding();
        if (kernel == 2 && stride == 2 && padding == 0 && 2 * oh <= height && 2 * ow <= width
                && Convolution.vectorKernels()) {
            int planes = g.planes();
            int tasks = (planes + PLANES_PER_TASK - 1) / PLANES_PER_TASK;
            Parallelism.forEach(tasks, t -> VectorPooling.max2x2(x, y, argmax, t * PLANES_PER_TASK,
                    Math.min(planes, (t + 1) * PLANES_PER_TASK), height, width));
            return;
        }
        if (kernel == 2 && stride == 2 && padding == 0) {
            forPlanes(g.planes(), p -> maxPlane2x2(x, p * height * width, y, argmax, p * oh * ow, width, oh, ow));
            return;
        }
        forPlanes(g.planes(), p -> maxPlane(x, p * height * width, y, argmax, p * oh * ow, height, width, oh, ow,
                kernel, stride, padding));
    }

    /**
     * MaxPool2d(2), the common case, unrolled: the same comparisons in the same order as {@link #maxPlane} (the first
     * maximum wins, a NaN wins at once), 5-10x faster than the general loop.
     */
    static void maxPlane2x2(float[] x, int base, float[] y, float[] argmax, int out, int width, int oh,
                                    int ow) {
        for (int r = 0; r < oh; r++) {
            for (int c = 0; c < ow; c++) {
                int corner = 2 * r * width + 2 * c;
                int i = base + corner;
                float m = x[i];
                int at = 0;
                if (m == m) {
                    float v = x[i + 1];
                    if (v > m || v != v) {
                        m = v;
                        at = 1;
                    }
                    if (m == m) {
                        v = x[i + width];
                        if (v > m || v != v) {
                            m = v;
                            at = width;
                        }
                        if (m == m) {
                            v = x[i + width + 1];
                            if (v > m || v != v) {
                                m = v;
                                at = width + 1;
                            }
                        }
                    }
                }
                y[out] = m;
                argmax[out] = corner + at;
                out++;
            }
        }
    }

    private static void maxPlane(float[] x, int base, float[] y, float[] argmax, int out, int height, int width,
                                 int oh, int ow, int kernel, int stride, int padding) {
        for (int r = 0; r < oh; r++) {
            int h0 = r * stride - padding;
            int h1 = Math.min(h0 + kernel, height);
            h0 = Math.max(h0, 0);
            for (int c = 0; c < ow; c++) {
                int w0 = c * stride - padding;
                int w1 = Math.min(w0 + kernel, width);
                w0 = Math.max(w0, 0);
                int best = h0 * width + w0;
                float max = Float.NEGATIVE_INFINITY;
                boolean nan = false;
                for (int h = h0; h < h1 && !nan; h++) {
                    for (int w = w0; w < w1; w++) {
                        float v = x[base + h * width + w];
                        if (v > max || v != v) {
                            max = v;
                            best = h * width + w;
                            if (v != v) {
                                nan = true; // NaN wins, as in PyTorch
                                break;
                            }
                        }
                    }
                }
                y[out] = max;
                argmax[out] = best;
                out++;
            }
        }
    }

    /**
     * Overwrites {@code dx} [planes, H, W] with upstream {@code dy} [planes, OH, OW] sent to each window's maximum
     * (positions from {@link #maxForward}), summed where windows overlap. Only {@code dx} is modified.
     */
    public static void maxBackward(Object dy, Object argmax, Object dx, Geometry g) {
        int out = g.outHeight() * g.outWidth();
        int inPlane = g.height() * g.width();
        if (dy instanceof float[] dyf) {
            float[] am = (float[]) argmax;
            float[] dxf = (float[]) dx;
            forPlanes(g.planes(), p -> {
                java.util.Arrays.fill(dxf, p * inPlane, (p + 1) * inPlane, 0f);
                for (int o = p * out, end = o + out; o < end; o++) {
                    dxf[p * inPlane + (int) am[o]] += dyf[o];
                }
            });
            return;
        }
        forPlanes(g.planes(), p -> {
            zero(dx, p * inPlane, (p + 1) * inPlane);
            for (int o = p * out, end = o + out; o < end; o++) {
                int i = p * inPlane + (int) get(argmax, o);
                set(dx, i, get(dx, i) + get(dy, o));
            }
        });
    }

    /**
     * Overwrites {@code y} [planes, OH, OW] with the gradient that flows back into a max pooling's upstream: each
     * {@code y[o] = dx[argmax[o]]} (the adjoint of {@link #maxBackward}). Only {@code y} is modified.
     */
    public static void maxGather(Object dx, Object argmax, Object y, Geometry g) {
        int out = g.outHeight() * g.outWidth();
        int inPlane = g.height() * g.width();
        forPlanes(g.planes(), p -> {
            for (int o = p * out, end = o + out; o < end; o++) {
                set(y, o, get(dx, p * inPlane + (int) get(argmax, o)));
            }
        });
    }

    /**
     * Overwrites {@code y} [planes, OH, OW] with each window's sum divided by k² (padding counts as zeros). Only
     * {@code y} is modified.
     */
    public static void avgForward(Object x, Object y, Geometry g) {
        int oh = g.outHeight();
        int ow = g.outWidth();
        int inPlane = g.height() * g.width();
        double scale = 1.0 / (g.kernel() * g.kernel());
        forPlanes(g.planes(), p -> {
            for (int r = 0; r < oh; r++) {
                int h0 = Math.max(r * g.stride() - g.padding(), 0);
                int h1 = Math.min(r * g.stride() - g.padding() + g.kernel(), g.height());
                for (int c = 0; c < ow; c++) {
                    int w0 = Math.max(c * g.stride() - g.padding(), 0);
                    int w1 = Math.min(c * g.stride() - g.padding() + g.kernel(), g.width());
                    double sum = 0;
                    for (int h = h0; h < h1; h++) {
                        for (int w = w0; w < w1; w++) {
                            sum += get(x, p * inPlane + h * g.width() + w);
                        }
                    }
                    set(y, (p * oh + r) * ow + c, sum * scale);
                }
            }
        });
    }

    /**
     * Overwrites {@code dx} [planes, H, W] with upstream {@code dy} spread evenly (÷ k²) over each window, summed
     * where windows overlap: the adjoint of {@link #avgForward}. Only {@code dx} is modified.
     */
    public static void avgBackward(Object dy, Object dx, Geometry g) {
        int oh = g.outHeight();
        int ow = g.outWidth();
        int inPlane = g.height() * g.width();
        double scale = 1.0 / (g.kernel() * g.kernel());
        forPlanes(g.planes(), p -> {
            zero(dx, p * inPlane, (p + 1) * inPlane);
            for (int r = 0; r < oh; r++) {
                int h0 = Math.max(r * g.stride() - g.padding(), 0);
                int h1 = Math.min(r * g.stride() - g.padding() + g.kernel(), g.height());
                for (int c = 0; c < ow; c++) {
                    int w0 = Math.max(c * g.stride() - g.padding(), 0);
                    int w1 = Math.min(c * g.stride() - g.padding() + g.kernel(), g.width());
                    double share = get(dy, (p * oh + r) * ow + c) * scale;
                    for (int h = h0; h < h1; h++) {
                        for (int w = w0; w < w1; w++) {
                            int i = p * inPlane + h * g.width() + w;
                            set(dx, i, get(dx, i) + share);
                        }
                    }
                }
            }
        });
    }

    private interface PlaneTask {
        void run(int plane);
    }

    private static void forPlanes(int planes, PlaneTask task) {
        int tasks = (planes + PLANES_PER_TASK - 1) / PLANES_PER_TASK;
        Parallelism.forEach(tasks, t -> {
            for (int p = t * PLANES_PER_TASK, end = Math.min(planes, p + PLANES_PER_TASK); p < end; p++) {
                task.run(p);
            }
        });
    }

    private static double get(Object a, int i) {
        return a instanceof float[] f ? f[i] : ((double[]) a)[i];
    }

    /** Stores v rounded to the array's type (F32 sums are accumulated in double and rounded once). */
    private static void set(Object a, int i, double v) {
        if (a instanceof float[] f) {
            f[i] = (float) v;
        } else {
            ((double[]) a)[i] = v;
        }
    }

    private static void zero(Object a, int from, int to) {
        if (a instanceof float[] f) {
            java.util.Arrays.fill(f, from, to, 0f);
        } else {
            java.util.Arrays.fill((double[]) a, from, to, 0.0);
        }
    }
}
