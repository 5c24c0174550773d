package dev.descent.tensor.kernel;

/**
 * 2-d convolution (cross-correlation, as PyTorch's {@code conv2d}) on NCHW primitive arrays, by im2col and the
 * matrix product: for each sample the input patches become the columns of a [C·kH·kW, OH·OW] matrix, and every group
 * of output channels is one product {@code W_g · cols_g}. The three kernels — {@link #forward}, {@link #inputGrad}
 * and {@link #weightGrad} — are each other's adjoints, so the ops built on them differentiate again.
 *
 * <p>Work is split by sample; each output element is written by one task in a fixed order, and the weight gradient
 * sums its per-sample parts in sample order, so results are bitwise the same for any thread count. Arrays are either
 * all {@code float[]} or all {@code double[]}: one code path for both, dispatching only in the innermost helpers.
 * Patch matrices live in per-thread buffers that grow once and are reused, so a steady training loop allocates
 * nothing here.
 */
public final class Convolution {
    private Convolution() {
    }

    /**
     * The sizes of one convolution: input [batch, channels, height, width], weight
     * [outChannels, channels/groups, kernelHeight, kernelWidth], the same stride, padding and dilation on both axes.
     */
    public record Geometry(int batch, int channels, int height, int width, int outChannels, int kernelHeight,
                           int kernelWidth, int stride, int padding, int dilation, int groups) {
        /** Output height: ⌊(H + 2p − d(kH − 1) − 1) / s⌋ + 1. */
        public int outHeight() {
            return (height + 2 * padding - dilation * (kernelHeight - 1) - 1) / stride + 1;
        }

        /** Output width, as {@link #outHeight()}. */
        public int outWidth() {
            return (width + 2 * padding - dilation * (kernelWidth - 1) - 1) / stride + 1;
        }

        int outPlane() {
            return outHeight() * outWidth();
        }

        /** Rows of one group's patch matrix: (C/groups)·kH·kW, the length of a weight row. */
        int patch() {
            return channels / groups * kernelHeight * kernelWidth;
        }
    }

    /** Per-thread patch matrices (one of each type), grown on demand. */
    private static final class Scratch {
        float[] floats = new float[0];
        double[] doubles = new double[0];

        Object get(boolean isFloat, int length) {
            if (isFloat) {
                if (floats.length < length) {
                    floats = new float[length];
                }
                return floats;
            }
            if (doubles.length < length) {
                doubles = new double[length];
            }
            return doubles;
        }
    }

    private static final ThreadLocal<Scratch> COLS = ThreadLocal.withInitial(Scratch::new);
    private static final ThreadLocal<Scratch> PARTS = ThreadLocal.withInitial(Scratch::new);

    /**
     * Overwrites {@code y} [N, O, OH, OW] with {@code conv(x, w) + bias}; {@code bias} [O] may be null. Only {@code y}
     * is modified.
     */
    public static void forward(Object x, Object w, Object bias, Object y, Geometry g) {
        if (direct(x, g)) {
            VectorConvolution.forward((float[]) x, (float[]) w, (float[]) bias, (float[]) y, g);
            return;
        }
        forwardIm2col(x, w, bias, y, g);
    }

    /**
     * True when the direct Vector API kernel computes this convolution: F32, stride 1, dilation 1, one group,
     * padding below the kernel size (so the input gradient is a convolution too), and the Vector API kernel is the
     * active {@link Gemm} (so {@code -Ddescent.gemm=java} still runs everything in plain Java).
     */
    static boolean direct(Object x, Geometry g) {
        return x instanceof float[] && g.stride() == 1 && g.dilation() == 1 && g.groups() == 1
                && g.padding() < g.kernelHeight() && g.padding() < g.kernelWidth()
                && vectorKernels();
    }

    /**
     * True when the Vector API kernels (this one's and {@link Pooling}'s) run: when the Vector API matrix kernel is
     * the active {@link Gemm}, which needs the incubating module; otherwise everything runs in plain Java.
     */
    static boolean vectorKernels() {
        return "vector".equals(Gemms.activeName());
    }

    /** {@link #forward} by im2col and products, for every geometry. */
    static void forwardIm2col(Object x, Object w, Object bias, Object y, Geometry g) {
        boolean isFloat = x instanceof float[];
        int plane = g.outPlane();
        int patch = g.patch();
        int outPerGroup = g.outChannels() / g.groups();
        int inSize = g.channels() * g.height() * g.width();
        Parallelism.forEach(g.batch(), n -> {
            Object cols = COLS.get().get(isFloat, patch * g.groups() * plane);
            im2col(x, n * inSize, g, cols);
            int yOff = n * g.outChannels() * plane;
            for (int grp = 0; grp < g.groups(); grp++) {
                multiply(w, grp * outPerGroup * patch, false, cols, grp * patch * plane, false,
                        y, yOff + grp * outPerGroup * plane, outPerGroup, patch, plane);
            }
            if (bias != null) {
                addBias(y, yOff, bias, g.outChannels(), plane);
            }
        });
    }

    /**
     * Overwrites {@code dx} [N, C, H, W] with the gradient of {@code conv(x, w)} with respect to x for upstream
     * {@code dy} [N, O, OH, OW] (the transposed convolution of dy with w). Only {@code dx} is modified.
     */
    public static void inputGrad(Object dy, Object w, Object dx, Geometry g) {
        if (direct(dy, g)) {
            VectorConvolution.inputGrad((float[]) dy, (float[]) w, (float[]) dx, g);
            return;
        }
        inputGradIm2col(dy, w, dx, g);
    }

    /** {@link #inputGrad} by products and col2im, for every geometry. */
    static void inputGradIm2col(Object dy, Object w, Object dx, Geometry g) {
        boolean isFloat = dy instanceof float[];
        int plane = g.outPlane();
        int patch = g.patch();
        int outPerGroup = g.outChannels() / g.groups();
        int inSize = g.channels() * g.height() * g.width();
        Parallelism.forEach(g.batch(), n -> {
            Object cols = COLS.get().get(isFloat, patch * g.groups() * plane);
            int yOff = n * g.outChannels() * plane;
            for (int grp = 0; grp < g.groups(); grp++) {
                // dcols_g = W_gᵀ · dy_g
                multiply(w, grp * outPerGroup * patch, true, dy, yOff + grp * outPerGroup * plane, false,
                        cols, grp * patch * plane, patch, outPerGroup, plane);
            }
            col2im(cols, g, dx, n * inSize);
        });
    }

    /**
     * Overwrites {@code dw} [O, C/groups, kH, kW] with the gradient of {@code conv(x, w)} with respect to w for
     * upstream {@code dy}: Σ over samples of dy_g · cols_gᵀ, the samples added in order. Only {@code dw} is modified.
     */
    public static void weightGrad(Object x, Object dy, Object dw, Geometry g) {
        if (direct(x, g)) {
            VectorConvolution.weightGrad((float[]) x, (float[]) dy, (float[]) dw, g);
            return;
        }
        weightGradIm2col(x, dy, dw, g);
    }

    /** {@link #weightGrad} by im2col and products, for every geometry. */
    static void weightGradIm2col(Object x, Object dy, Object dw, Geometry g) {
        boolean isFloat = x instanceof float[];
        int plane = g.outPlane();
        int patch = g.patch();
        int outPerGroup = g.outChannels() / g.groups();
        int inSize = g.channels() * g.height() * g.width();
        int weights = g.outChannels() * patch;
        Object parts = PARTS.get().get(isFloat, g.batch() * weights);
        Parallelism.forEach(g.batch(), n -> {
            Object cols = COLS.get().get(isFloat, patch * g.groups() * plane);
            im2col(x, n * inSize, g, cols);
            int yOff = n * g.outChannels() * plane;
            for (int grp = 0; grp < g.groups(); grp++) {
                multiply(dy, yOff + grp * outPerGroup * plane, false, cols, grp * patch * plane, true,
                        parts, n * weights + grp * outPerGroup * patch, outPerGroup, plane, patch);
            }
        });
        if (isFloat) {
            float[] p = (float[]) parts;
            float[] out = (float[]) dw;
            System.arraycopy(p, 0, out, 0, weights);
            for (int n = 1; n < g.batch(); n++) {
                int off = n * weights;
                for (int i = 0; i < weights; i++) {
                    out[i] += p[off + i];
                }
            }
        } else {
            double[] p = (double[]) parts;
            double[] out = (double[]) dw;
            System.arraycopy(p, 0, out, 0, weights);
            for (int n = 1; n < g.batch(); n++) {
                int off = n * weights;
                for (int i = 0; i < weights; i++) {
                    out[i] += p[off + i];
                }
            }
        }
    }

    /**
     * Overwrites {@code db} [O] with {@code dy} [N, O, plane] summed over samples and positions (each sample's plane
     * summed first, then the samples in order). Channels are split across threads. Only {@code db} is modified.
     */
    public static void biasGrad(Object dy, Object db, int batch, int outChannels, int plane) {
        if (dy instanceof float[] g) {
            float[] out = (float[]) db;
            Parallelism.forEach(outChannels, o -> {
                float total = 0;
                for (int n = 0; n < batch; n++) {
                    total += planeSum(g, (n * outChannels + o) * plane, plane);
                }
                out[o] = total;
            });
        } else {
            double[] g = (double[]) dy;
            double[] out = (double[]) db;
            java.util.Arrays.fill(out, 0, outChannels, 0.0);
            for (int n = 0; n < batch; n++) {
                for (int o = 0; o < outChannels; o++) {
                    int off = (n * outChannels + o) * plane;
                    double s = 0;
                    for (int i = 0; i < plane; i++) {
                        s += g[off + i];
                    }
                    out[o] += s;
                }
            }
        }
    }

    /**
     * The sum of {@code length} floats from {@code off}, in four interleaved partial sums: one running sum waits
     * on each addition's latency (it was 5% of the small CNN's step); four keep the adder busy.
     */
    private static float planeSum(float[] g, int off, int length) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 4 <= length; i += 4) {
            s0 += g[off + i];
            s1 += g[off + i + 1];
            s2 += g[off + i + 2];
            s3 += g[off + i + 3];
        }
        for (; i < length; i++) {
            s0 += g[off + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static void multiply(Object a, int aOff, boolean ta, Object b, int bOff, boolean tb, Object c, int cOff,
                                 int m, int k, int n) {
        if (a instanceof float[] af) {
            MatMul.multiply(af, aOff, ta, (float[]) b, bOff, tb, (float[]) c, cOff, m, k, n);
        } else {
            MatMul.multiply((double[]) a, aOff, ta, (double[]) b, bOff, tb, (double[]) c, cOff, m, k, n);
        }
    }

    private static void addBias(Object y, int yOff, Object bias, int channels, int plane) {
        if (y instanceof float[] yf) {
            float[] b = (float[]) bias;
            for (int o = 0; o < channels; o++) {
                for (int i = yOff + o * plane, end = i + plane; i < end; i++) {
                    yf[i] += b[o];
                }
            }
        } else {
            double[] yd = (double[]) y;
            double[] b = (double[]) bias;
            for (int o = 0; o < channels; o++) {
                for (int i = yOff + o * plane, end = i + plane; i < end; i++) {
                    yd[i] += b[o];
                }
            }
        }
    }

    /**
     * Fills {@code cols} [C·kH·kW, OH·OW] with the patches of one sample starting at {@code xOff}: row (c, i, j),
     * column (oh, ow) holds x[c, oh·s − p + i·d, ow·s − p + j·d], zero outside the image.
     */
    static void im2col(Object x, int xOff, Geometry g, Object cols) {
        if (x instanceof float[] xf) {
            im2col(xf, xOff, g, (float[]) cols);
            return;
        }
        int oh = g.outHeight();
        int ow = g.outWidth();
        int plane = oh * ow;
        int row = 0;
        for (int c = 0; c < g.channels(); c++) {
            int cOff = xOff + c * g.height() * g.width();
            for (int i = 0; i < g.kernelHeight(); i++) {
                for (int j = 0; j < g.kernelWidth(); j++, row++) {
                    // the output columns whose input column lies inside the image: lo ≤ ow < hi
                    int shift = j * g.dilation() - g.padding();
                    int lo = Math.min(ow, Math.max(0, ceilDiv(-shift, g.stride())));
                    int hi = Math.max(lo, Math.min(ow, ceilDiv(g.width() - shift, g.stride())));
                    for (int r = 0; r < oh; r++) {
                        int ih = r * g.stride() - g.padding() + i * g.dilation();
                        int dst = row * plane + r * ow;
                        if (ih < 0 || ih >= g.height()) {
                            fill(cols, dst, dst + ow);
                            continue;
                        }
                        fill(cols, dst, dst + lo);
                        copyRow(x, cOff + ih * g.width() + shift, g.stride(), cols, dst, lo, hi);
                        fill(cols, dst + hi, dst + ow);
                    }
                }
            }
        }
    }

    /** {@link #im2col(Object, int, Geometry, Object)} on floats, the per-row calls inlined (it was a tenth of a step). */
    private static void im2col(float[] x, int xOff, Geometry g, float[] cols) {
        int oh = g.outHeight();
        int ow = g.outWidth();
        int plane = oh * ow;
        int stride = g.stride();
        int row = 0;
        for (int c = 0; c < g.channels(); c++) {
            int cOff = xOff + c * g.height() * g.width();
            for (int i = 0; i < g.kernelHeight(); i++) {
                for (int j = 0; j < g.kernelWidth(); j++, row++) {
                    int shift = j * g.dilation() - g.padding();
                    int lo = Math.min(ow, Math.max(0, ceilDiv(-shift, stride)));
                    int hi = Math.max(lo, Math.min(ow, ceilDiv(g.width() - shift, stride)));
                    for (int r = 0; r < oh; r++) {
                        int ih = r * stride - g.padding() + i * g.dilation();
                        int dst = row * plane + r * ow;
                        if (ih < 0 || ih >= g.height()) {
                            for (int q = 0; q < ow; q++) {
                                cols[dst + q] = 0f;
                            }
                            continue;
                        }
                        for (int q = 0; q < lo; q++) {
                            cols[dst + q] = 0f;
                        }
                        int src = cOff + ih * g.width() + shift;
                        if (stride == 1) {
                            System.arraycopy(x, src + lo, cols, dst + lo, hi - lo);
                        } else {
                            for (int q = lo; q < hi; q++) {
                                cols[dst + q] = x[src + q * stride];
                            }
                        }
                        for (int q = hi; q < ow; q++) {
                            cols[dst + q] = 0f;
                        }
                    }
                }
            }
        }
    }

    /** Adds the patch matrix {@code cols} back into the image at {@code xOff} of {@code dx}, zeroing it first. */
    static void col2im(Object cols, Geometry g, Object dx, int xOff) {
        int oh = g.outHeight();
        int ow = g.outWidth();
        int plane = oh * ow;
        fill(dx, xOff, xOff + g.channels() * g.height() * g.width());
        int row = 0;
        for (int c = 0; c < g.channels(); c++) {
            int cOff = xOff + c * g.height() * g.width();
            for (int i = 0; i < g.kernelHeight(); i++) {
                for (int j = 0; j < g.kernelWidth(); j++, row++) {
                    int shift = j * g.dilation() - g.padding();
                    int lo = Math.min(ow, Math.max(0, ceilDiv(-shift, g.stride())));
                    int hi = Math.max(lo, Math.min(ow, ceilDiv(g.width() - shift, g.stride())));
                    for (int r = 0; r < oh; r++) {
                        int ih = r * g.stride() - g.padding() + i * g.dilation();
                        if (ih >= 0 && ih < g.height()) {
                            addRow(cols, row * plane + r * ow, dx, cOff + ih * g.width() + shift, g.stride(), lo, hi);
                        }
                    }
                }
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }

    private static void fill(Object a, int from, int to) {
        if (to > from) {
            if (a instanceof float[] f) {
                if (to - from < 32) {
                    // most calls zero the one or two padded columns of a patch row: a loop beats the library call
                    for (int i = from; i < to; i++) {
                        f[i] = 0f;
                    }
                    return;
                }
                java.util.Arrays.fill(f, from, to, 0f);
            } else {
                java.util.Arrays.fill((double[]) a, from, to, 0.0);
            }
        }
    }

    /** cols[dst + q] = x[src + q·stride] for lo ≤ q < hi. */
    private static void copyRow(Object x, int src, int stride, Object cols, int dst, int lo, int hi) {
        if (x instanceof float[] xf) {
            float[] cf = (float[]) cols;
            if (stride == 1) {
                System.arraycopy(xf, src + lo, cf, dst + lo, hi - lo);
            } else {
                for (int q = lo; q < hi; q++) {
                    cf[dst + q] = xf[src + q * stride];
                }
            }
        } else {
            double[] xd = (double[]) x;
            double[] cd = (double[]) cols;
            for (int q = lo; q < hi; q++) {
                cd[dst + q] = xd[src + q * stride];
            }
        }
    }

    /** dx[dst + q·stride] += cols[src + q] for lo ≤ q < hi. */
    private static void addRow(Object cols, int src, Object dx, int dst, int stride, int lo, int hi) {
        if (cols instanceof float[] cf) {
            float[] df = (float[]) dx;
            for (int q = lo; q < hi; q++) {
                df[dst + q * stride] += cf[src + q];
            }
        } else {
            double[] cd = (double[]) cols;
            double[] dd = (double[]) dx;
            for (int q = lo; q < hi; q++) {
                dd[dst + q * stride] += cd[src + q];
            }
        }
    }
}
