package dev.descent.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * F32 convolution with stride 1, dilation 1 and one group, computed directly on the Vector API instead of through
 * im2col and a product ({@link Convolution} uses it when the Vector API kernel is the active {@link Gemm}). The
 * small networks' convolutions have few channels (1→8, 8→16 in {@code conv8-pool-conv16-pool-10}): there im2col
 * writes k² copies of the input per sample for products too small to run near the kernel's speed, and that was
 * three quarters of a training step.
 *
 * <p>Each sample's input is copied once into a zero-padded image of width Wp = W + 2·padW. In that layout output
 * (r, c) is the sum over taps (ch, i, j) of w·xp[ch, (r + i)·Wp + c + j]: output position q = r·Wp + c reads input
 * q + offset(tap), so the output of all rows is one flat run of OH·Wp positions and every tap is a vector load at a
 * shifted position (the Wp − OW positions per row that fall past the edge are computed and dropped). Four output
 * channels × two vectors of positions are held in registers, as in {@link VectorGemmSmall}.
 *
 * <p>The input gradient of such a convolution is again one: dy padded by k − 1 − p, with the kernel turned by 180°
 * and its in and out channels swapped. The weight gradient sums dy·xp over positions and samples as vectors of
 * partial sums, for fixed chunks of {@link #CHUNK} samples whose totals are then added in chunk order, so every
 * result is bitwise the same for any thread count. Each element is a fused multiply-add chain, so the bits differ
 * from the im2col path's (by rounding only).
 */
final class VectorConvolution {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Samples per task of the weight gradient: its partial sums are per chunk, so chunks fix the summation order. */
    static final int CHUNK = 8;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    private static final ThreadLocal<float[]> CHUNK_SUMS = ThreadLocal.withInitial(() -> new float[0]);
    /** The input gradient's kernel (turned by 180°, channels swapped), on the calling thread. */
    private static final ThreadLocal<float[]> TURNED = ThreadLocal.withInitial(() -> new float[0]);

    private VectorConvolution() {
    }

    /** One thread's padded image, flat output rows, tap offsets and partial sums, grown on demand and reused. */
    private static final class Scratch {
        float[] image = new float[0];
        float[] rows = new float[0];
        float[] partial = new float[0];
        int[] offsets = new int[0];

        float[] image(int n) {
            if (image.length < n) {
                image = new float[n];
            }
            return image;
        }

        float[] rows(int n) {
            if (rows.length < n) {
                rows = new float[n];
            }
            return rows;
        }

        int[] offsets(int n) {
            if (offsets.length < n) {
                offsets = new int[n];
            }
            return offsets;
        }
    }

    /**
     * The layout of one convolution over padded images: {@code channels} planes of [height, width] in, padded by
     * (padH, padW), {@code outChannels} planes out.
     */
    private record Shape(int channels, int height, int width, int outChannels, int kernelHeight, int kernelWidth,
                         int padH, int padW) {
        int paddedWidth() {
            return width + 2 * padW;
        }

        int paddedPlane() {
            return (height + 2 * padH) * paddedWidth();
        }

        int outHeight() {
            return height + 2 * padH - kernelHeight + 1;
        }

        int outWidth() {
            return paddedWidth() - kernelWidth + 1;
        }

        /** Output positions in the flat layout, rounded up to two vectors. */
        int flat() {
            int q = outHeight() * paddedWidth();
            return (q + 2 * L - 1) / (2 * L) * (2 * L);
        }

        /** Floats of the padded image, with room for the reads past its end by dropped positions. */
        int imageLength() {
            return channels * paddedPlane() + flat() + kernelWidth + (kernelHeight - 1) * paddedWidth() + 2 * L;
        }

        int patch() {
            return channels * kernelHeight * kernelWidth;
        }
    }

    /** {@link Convolution#forward} for a stride-1, dilation-1, one-group geometry. */
    static void forward(float[] x, float[] w, float[] bias, float[] y, Convolution.Geometry g) {
        Shape s = new Shape(g.channels(), g.height(), g.width(), g.outChannels(), g.kernelHeight(), g.kernelWidth(),
                g.padding(), g.padding());
        int inSize = g.channels() * g.height() * g.width();
        int outSize = g.outChannels() * s.outHeight() * s.outWidth();
        Parallelism.forEach(g.batch(), n -> convolveSample(x, n * inSize, w, bias, y, n * outSize, s));
    }

    /**
     * {@link Convolution#inputGrad} for a stride-1, dilation-1, one-group geometry with padding below the kernel
     * size: the convolution of dy, padded by k − 1 − p, with the kernel turned by 180° and its channels swapped.
     */
    static void inputGrad(float[] dy, float[] w, float[] dx, Convolution.Geometry g) {
        int kh = g.kernelHeight();
        int kw = g.kernelWidth();
        int c = g.channels();
        int o = g.outChannels();
        float[] turned = TURNED.get();
        if (turned.length < w.length) {
            turned = new float[w.length];
            TURNED.set(turned);
        }
        float[] kernel = turned;
        for (int oc = 0; oc < o; oc++) {
            for (int ic = 0; ic < c; ic++) {
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++) {
                        turned[((ic * o + oc) * kh + i) * kw + j] =
                                w[((oc * c + ic) * kh + kh - 1 - i) * kw + kw - 1 - j];
                    }
                }
            }
        }
        Shape s = new Shape(o, g.outHeight(), g.outWidth(), c, kh, kw, kh - 1 - g.padding(), kw - 1 - g.padding());
        int dySize = o * g.outHeight() * g.outWidth();
        int dxSize = c * g.height() * g.width();
        Parallelism.forEach(g.batch(), n -> convolveSample(dy, n * dySize, kernel, null, dx, n * dxSize, s));
    }

    /** One sample: y at {@code yOff} [O, OH, OW] = conv(x at {@code xOff} [C, H, W], w) + bias. */
    private static void convolveSample(float[] x, int xOff, float[] w, float[] bias, float[] y, int yOff, Shape s) {
        Scratch sc = SCRATCH.get();
        float[] image = sc.image(s.imageLength());
        pad(x, xOff, s, image);
        int patch = s.patch();
        int[] offsets = offsets(s, sc);
        int flat = s.flat();
        float[] rows = sc.rows(4 * flat);
        int outChannels = s.outChannels();
        int o = 0;
        for (; o + 4 <= outChannels; o += 4) {
            for (int q = 0; q < flat; q += 2 * L) {
                block4(image, offsets, patch, w, o * patch, bias, o, rows, flat, q);
            }
            for (int r = 0; r < 4; r++) {
                unflatten(rows, r * flat, s, y, yOff + (o + r) * s.outHeight() * s.outWidth());
            }
        }
        for (; o < outChannels; o++) {
            for (int q = 0; q < flat; q += 2 * L) {
                block1(image, offsets, patch, w, o * patch, bias, o, rows, q);
            }
            unflatten(rows, 0, s, y, yOff + o * s.outHeight() * s.outWidth());
        }
    }

    /** Four output channels from {@code o} at positions [q, q + 2L) into rows [4][flat]. */
    private static void block4(float[] image, int[] offsets, int patch, float[] w, int w0, float[] bias, int o,
                               float[] rows, int flat, int q) {
        FloatVector c00 = start(bias, o);
        FloatVector c01 = c00;
        FloatVector c10 = start(bias, o + 1);
        FloatVector c11 = c10;
        FloatVector c20 = start(bias, o + 2);
        FloatVector c21 = c20;
        FloatVector c30 = start(bias, o + 3);
        FloatVector c31 = c30;
        int w1 = w0 + patch;
        int w2 = w1 + patch;
        int w3 = w2 + patch;
        for (int t = 0; t < patch; t++) {
            int at = offsets[t] + q;
            FloatVector x0 = FloatVector.fromArray(S, image, at);
            FloatVector x1 = FloatVector.fromArray(S, image, at + L);
            FloatVector a = FloatVector.broadcast(S, w[w0 + t]);
            c00 = a.fma(x0, c00);
            c01 = a.fma(x1, c01);
            a = FloatVector.broadcast(S, w[w1 + t]);
            c10 = a.fma(x0, c10);
            c11 = a.fma(x1, c11);
            a = FloatVector.broadcast(S, w[w2 + t]);
            c20 = a.fma(x0, c20);
            c21 = a.fma(x1, c21);
            a = FloatVector.broadcast(S, w[w3 + t]);
            c30 = a.fma(x0, c30);
            c31 = a.fma(x1, c31);
        }
        c00.intoArray(rows, q);
        c01.intoArray(rows, q + L);
        c10.intoArray(rows, flat + q);
        c11.intoArray(rows, flat + q + L);
        c20.intoArray(rows, 2 * flat + q);
        c21.intoArray(rows, 2 * flat + q + L);
        c30.intoArray(rows, 3 * flat + q);
        c31.intoArray(rows, 3 * flat + q + L);
    }

    private static void block1(float[] image, int[] offsets, int patch, float[] w, int w0, float[] bias, int o,
                               float[] rows, int q) {
        FloatVector c0 = start(bias, o);
        FloatVector c1 = c0;
        for (int t = 0; t < patch; t++) {
            int at = offsets[t] + q;
            FloatVector a = FloatVector.broadcast(S, w[w0 + t]);
            c0 = a.fma(FloatVector.fromArray(S, image, at), c0);
            c1 = a.fma(FloatVector.fromArray(S, image, at + L), c1);
        }
        c0.intoArray(rows, q);
        c1.intoArray(rows, q + L);
    }

    private static FloatVector start(float[] bias, int o) {
        return bias == null ? FloatVector.zero(S) : FloatVector.broadcast(S, bias[o]);
    }

    /** Copies the OW valid positions of each of the OH flat rows at {@code from} into the plane at {@code yOff}. */
    private static void unflatten(float[] rows, int from, Shape s, float[] y, int yOff) {
        int oh = s.outHeight();
        int ow = s.outWidth();
        int wp = s.paddedWidth();
        for (int r = 0; r < oh; r++) {
            copy(rows, from + r * wp, y, yOff + r * ow, ow);
        }
    }

    /**
     * dst[d..d+n) = src[s..s+n): whole vectors, then single floats. The rows copied here are short (14 and 28
     * floats in the small CNN), where System.arraycopy's call costs more than the copy, and there are hundreds per
     * sample.
     */
    private static void copy(float[] src, int s, float[] dst, int d, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(S, src, s + i).intoArray(dst, d + i);
        }
        for (; i < n; i++) {
            dst[d + i] = src[s + i];
        }
    }

    /** a[from..to) = 0, by a loop for the short runs of a border (a call for long ones). */
    private static void zero(float[] a, int from, int to) {
        if (to - from > 4 * L) {
            java.util.Arrays.fill(a, from, to, 0f);
            return;
        }
        for (int i = from; i < to; i++) {
            a[i] = 0f;
        }
    }

    /** Where tap (ch, i, j) starts in the padded image, in tap order (the order of a weight row). */
    private static int[] offsets(Shape s, Scratch sc) {
        int[] offsets = sc.offsets(s.patch());
        int t = 0;
        for (int ch = 0; ch < s.channels(); ch++) {
            for (int i = 0; i < s.kernelHeight(); i++) {
                for (int j = 0; j < s.kernelWidth(); j++) {
                    offsets[t++] = ch * s.paddedPlane() + i * s.paddedWidth() + j;
                }
            }
        }
        return offsets;
    }

    /** Writes the sample at {@code xOff} into {@code image} with its zero border, and zeros after it. */
    private static void pad(float[] x, int xOff, Shape s, float[] image) {
        int h = s.height();
        int w = s.width();
        int wp = s.paddedWidth();
        int top = s.padH() * wp;
        int plane = s.paddedPlane();
        for (int ch = 0; ch < s.channels(); ch++) {
            int base = ch * plane;
            zero(image, base, base + top + s.padW());
            for (int r = 0; r < h; r++) {
                int row = base + top + r * wp + s.padW();
                copy(x, xOff + (ch * h + r) * w, image, row, w);
                // the right border of this row and the left border of the next are adjacent
                zero(image, row + w, row + w + 2 * s.padW());
            }
            zero(image, base + top + h * wp + s.padW(), base + plane);
        }
        java.util.Arrays.fill(image, s.channels() * plane, s.imageLength(), 0f);
    }

    /**
     * {@link Convolution#weightGrad} for a stride-1, dilation-1, one-group geometry: dw[o, tap] = Σ over samples and
     * positions of dy[o, q]·xp[q + offset(tap)], with dy laid out flat (zero at the dropped positions).
     */
    static void weightGrad(float[] x, float[] dy, float[] dw, Convolution.Geometry g) {
        Shape s = new Shape(g.channels(), g.height(), g.width(), g.outChannels(), g.kernelHeight(), g.kernelWidth(),
                g.padding(), g.padding());
        int patch = s.patch();
        int weights = g.outChannels() * patch;
        int chunks = (g.batch() + CHUNK - 1) / CHUNK;
        float[] sums = CHUNK_SUMS.get();
        if (sums.length < chunks * weights) {
            sums = new float[chunks * weights];
            CHUNK_SUMS.set(sums);
        }
        float[] totals = sums;
        Parallelism.forEach(chunks, c -> weightGradChunk(x, dy, c * CHUNK, Math.min(g.batch(), (c + 1) * CHUNK), s,
                totals, c * weights));
        System.arraycopy(totals, 0, dw, 0, weights);
        for (int c = 1; c < chunks; c++) {
            for (int i = 0; i < weights; i++) {
                dw[i] += totals[c * weights + i];
            }
        }
    }

    private static void weightGradChunk(float[] x, float[] dy, int from, int to, Shape s, float[] out, int outOff) {
        Scratch sc = SCRATCH.get();
        int patch = s.patch();
        int outChannels = s.outChannels();
        int flat = s.flat();
        int weights = outChannels * patch;
        if (sc.partial.length < weights * L) {
            sc.partial = new float[weights * L];
        }
        float[] partial = sc.partial;
        java.util.Arrays.fill(partial, 0, weights * L, 0f);
        float[] image = sc.image(s.imageLength());
        float[] rows = sc.rows(outChannels * flat);
        int[] offsets = offsets(s, sc);
        int inSize = s.channels() * s.height() * s.width();
        int oh = s.outHeight();
        int ow = s.outWidth();
        int wp = s.paddedWidth();
        for (int n = from; n < to; n++) {
            pad(x, n * inSize, s, image);
            // dy flat, zero where the flat layout's positions fall past a row's end or past the last row
            java.util.Arrays.fill(rows, 0, outChannels * flat, 0f);
            for (int o = 0; o < outChannels; o++) {
                for (int r = 0; r < oh; r++) {
                    copy(dy, ((n * outChannels + o) * oh + r) * ow, rows, o * flat + r * wp, ow);
                }
            }
            int o = 0;
            for (; o + 4 <= outChannels; o += 4) {
                int t = 0;
                for (; t + 2 <= patch; t += 2) {
                    gradBlock4x2(rows, o * flat, flat, image, offsets[t], offsets[t + 1], partial,
                            (o * patch + t) * L, patch * L);
                }
                for (; t < patch; t++) {
                    for (int r = 0; r < 4; r++) {
                        gradBlock1(rows, (o + r) * flat, flat, image, offsets[t], partial, ((o + r) * patch + t) * L);
                    }
                }
            }
            for (; o < outChannels; o++) {
                for (int t = 0; t < patch; t++) {
                    gradBlock1(rows, o * flat, flat, image, offsets[t], partial, (o * patch + t) * L);
                }
            }
        }
        // each weight's L partial sums, added in lane order (not reduceLanes, whose order is unspecified)
        for (int i = 0; i < weights; i++) {
            float sum = 0f;
            for (int l = 0; l < L; l++) {
                sum += partial[i * L + l];
            }
            out[outOff + i] = sum;
        }
    }

    /** Adds Σ_q dy[o + r, q]·xp[q + tap] for four rows r and two taps to the partial sums at {@code p0}. */
    private static void gradBlock4x2(float[] rows, int r0, int flat, float[] image, int t0, int t1, float[] partial,
                                     int p0, int rowStep) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        for (int q = 0; q < flat; q += L) {
            FloatVector x0 = FloatVector.fromArray(S, image, t0 + q);
            FloatVector x1 = FloatVector.fromArray(S, image, t1 + q);
            FloatVector d = FloatVector.fromArray(S, rows, r0 + q);
            c00 = d.fma(x0, c00);
            c01 = d.fma(x1, c01);
            d = FloatVector.fromArray(S, rows, r0 + flat + q);
            c10 = d.fma(x0, c10);
            c11 = d.fma(x1, c11);
            d = FloatVector.fromArray(S, rows, r0 + 2 * flat + q);
            c20 = d.fma(x0, c20);
            c21 = d.fma(x1, c21);
            d = FloatVector.fromArray(S, rows, r0 + 3 * flat + q);
            c30 = d.fma(x0, c30);
            c31 = d.fma(x1, c31);
        }
        add(partial, p0, c00);
        add(partial, p0 + L, c01);
        add(partial, p0 + rowStep, c10);
        add(partial, p0 + rowStep + L, c11);
        add(partial, p0 + 2 * rowStep, c20);
        add(partial, p0 + 2 * rowStep + L, c21);
        add(partial, p0 + 3 * rowStep, c30);
        add(partial, p0 + 3 * rowStep + L, c31);
    }

    private static void gradBlock1(float[] rows, int r0, int flat, float[] image, int t0, float[] partial, int p0) {
        FloatVector c = FloatVector.zero(S);
        for (int q = 0; q < flat; q += L) {
            c = FloatVector.fromArray(S, rows, r0 + q).fma(FloatVector.fromArray(S, image, t0 + q), c);
        }
        add(partial, p0, c);
    }

    private static void add(float[] a, int at, FloatVector v) {
        FloatVector.fromArray(S, a, at).add(v).intoArray(a, at);
    }
}
