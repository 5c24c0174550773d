package dev.descent.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * F32 MaxPool2d(2) (2×2 windows, stride 2, no padding) on the Vector API; {@link Pooling} uses it when the Vector
 * API kernel is the active {@link Gemm}. Which of four neighbours is largest is a coin toss for a branch predictor:
 * the scalar loop took 15-20 ns per window, a third of the small CNN's forward pass. Here L windows at a time: the
 * two input rows are split into their even and odd columns by lane shuffles (or, for planes narrower than L windows,
 * the corners are gathered), and the scalar loop's comparisons, in the same order (the first maximum wins), become
 * masks and blends, for the value and for its position alike.
 *
 * <p>A NaN must win at once, which takes mask arithmetic that JDK 17 does not compile to vector instructions (it
 * made the loop five times slower); so each plane also sums its inputs times zero, which is NaN only if an input is
 * NaN or infinite, and such a plane is pooled again by the scalar loop.
 */
final class VectorPooling {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final VectorMask<Float> UPPER = VectorMask.fromLong(S, -1L << (L / 2));
    private static final VectorShuffle<Float> EVEN_LOW = VectorShuffle.fromOp(S, i -> i < L / 2 ? 2 * i : 0);
    private static final VectorShuffle<Float> EVEN_HIGH = VectorShuffle.fromOp(S, i -> i < L / 2 ? 0 : 2 * i - L);
    private static final VectorShuffle<Float> ODD_LOW = VectorShuffle.fromOp(S, i -> i < L / 2 ? 2 * i + 1 : 1);
    private static final VectorShuffle<Float> ODD_HIGH = VectorShuffle.fromOp(S, i -> i < L / 2 ? 1 : 2 * i - L + 1);
    /** 0, 2, 4, …: the window corners' columns within a block (an array: a vector constant was boxed per use). */
    private static final float[] CORNERS = corners();

    /** Where a plane's NaN check is read out. */
    private static final ThreadLocal<float[]> CHECK = ThreadLocal.withInitial(() -> new float[L]);

    private VectorPooling() {
    }

    private static float[] corners() {
        float[] c = new float[L];
        for (int i = 0; i < L; i++) {
            c[i] = 2 * i;
        }
        return c;
    }

    /** Pools planes [from, to) of {@code x} [planes, H, W] into {@code y} and {@code argmax} [planes, H/2, W/2]. */
    static void max2x2(float[] x, float[] y, float[] argmax, int from, int to, int height, int width) {
        int oh = height / 2;
        int ow = width / 2;
        float[] lanes = CHECK.get();
        Corners corners = ow < L ? corners(height, width) : null;
        for (int p = from; p < to; p++) {
            if (corners != null) {
                narrowPlane(x, y, argmax, p, height, width, corners, lanes);
            } else {
                widePlane(x, y, argmax, p, height, width, lanes);
            }
            for (int i = 0; i < L; i++) {
                float c = lanes[i];
                if (c != c) {
                    Pooling.maxPlane2x2(x, p * height * width, y, argmax, p * oh * ow, width, oh, ow);
                    break;
                }
            }
        }
    }

    /**
     * One plane whose rows hold L windows or more, its NaN check into {@code lanes}. (Vectors stay inside this
     * method: passed to or returned from a call C2 does not inline, each would be an object on the heap.)
     */
    private static void widePlane(float[] x, float[] y, float[] argmax, int p, int height, int width,
                                  float[] lanes) {
        int oh = height / 2;
        int ow = width / 2;
        java.util.Arrays.fill(lanes, 0, L, 0f);
        int base = p * height * width;
        for (int r = 0; r < oh; r++) {
            int row = base + 2 * r * width;
            int out = (p * oh + r) * ow;
            // a row's check, added to the plane's in memory: a vector carried across the two loops was boxed
            FloatVector check = FloatVector.zero(S);
            for (int c = 0; c < ow; c += L) {
                // the last block ends at the row's last window, overlapping the one before (those windows are
                // computed twice, the same way)
                int c0 = Math.min(c, ow - L);
                int at = row + 2 * c0;
                FloatVector lo = FloatVector.fromArray(S, x, at);
                FloatVector hi = FloatVector.fromArray(S, x, at + L);
                FloatVector a = lo.rearrange(EVEN_LOW).blend(hi.rearrange(EVEN_HIGH), UPPER);
                FloatVector b = lo.rearrange(ODD_LOW).blend(hi.rearrange(ODD_HIGH), UPPER);
                lo = FloatVector.fromArray(S, x, at + width);
                hi = FloatVector.fromArray(S, x, at + width + L);
                FloatVector d = lo.rearrange(EVEN_LOW).blend(hi.rearrange(EVEN_HIGH), UPPER);
                FloatVector e = lo.rearrange(ODD_LOW).blend(hi.rearrange(ODD_HIGH), UPPER);
                FloatVector first = FloatVector.fromArray(S, CORNERS, 0).add(2 * r * width + 2 * c0);
                // the running maximum over the corners, the first maximum winning, and its position
                FloatVector m = a;
                FloatVector pos = first;
                VectorMask<Float> take = b.compare(VectorOperators.GT, m);
                m = m.blend(b, take);
                pos = pos.blend(first.add(1f), take);
                take = d.compare(VectorOperators.GT, m);
                m = m.blend(d, take);
                pos = pos.blend(first.add(width), take);
                take = e.compare(VectorOperators.GT, m);
                m = m.blend(e, take);
                pos = pos.blend(first.add(width + 1f), take);
                m.intoArray(y, out + c0);
                pos.intoArray(argmax, out + c0);
                check = check.add(a.add(b).add(d).add(e).mul(0f));
            }
            FloatVector.fromArray(S, lanes, 0).add(check).intoArray(lanes, 0);
        }
    }

    /** The windows' corners of a plane shape, in output order: for planes narrower than a vector of windows. */
    private record Corners(int height, int width, int[] at, float[] position) {
        static Corners of(int h, int w) {
            int ow = w / 2;
            int count = (h / 2) * ow;
            int[] at = new int[count];
            float[] position = new float[count];
            for (int o = 0; o < count; o++) {
                at[o] = 2 * (o / ow) * w + 2 * (o % ow);
                position[o] = at[o];
            }
            return new Corners(h, w, at, position);
        }
    }

    /** The last few shapes' corners, per thread, so that a steady training loop builds them once. */
    private static final ThreadLocal<Corners[]> CORNERS_OF = ThreadLocal.withInitial(() -> new Corners[4]);

    private static Corners corners(int h, int w) {
        Corners[] cache = CORNERS_OF.get();
        for (Corners c : cache) {
            if (c != null && c.height() == h && c.width() == w) {
                return c;
            }
        }
        System.arraycopy(cache, 0, cache, 1, cache.length - 1);
        cache[0] = Corners.of(h, w);
        return cache[0];
    }

    /**
     * A plane whose rows hold fewer than L windows (7 in the small CNN's second pooling): its windows L at a time in
     * output order, across rows, by gathering their four corners (through the rows' copies this was twice as slow);
     * the last few windows one at a time. Its NaN check goes to {@code lanes}.
     */
    private static void narrowPlane(float[] x, float[] y, float[] argmax, int p, int height, int width,
                                    Corners corners, float[] lanes) {
        int[] at = corners.at();
        float[] position = corners.position();
        int count = at.length;
        int base = p * height * width;
        int out = p * count;
        FloatVector check = FloatVector.zero(S);
        int o = 0;
        for (; o + L <= count; o += L) {
            FloatVector a = FloatVector.fromArray(S, x, base, at, o);
            FloatVector b = FloatVector.fromArray(S, x, base + 1, at, o);
            FloatVector d = FloatVector.fromArray(S, x, base + width, at, o);
            FloatVector e = FloatVector.fromArray(S, x, base + width + 1, at, o);
            FloatVector first = FloatVector.fromArray(S, position, o);
            FloatVector m = a;
            FloatVector pos = first;
            VectorMask<Float> take = b.compare(VectorOperators.GT, m);
            m = m.blend(b, take);
            pos = pos.blend(first.add(1f), take);
            take = d.compare(VectorOperators.GT, m);
            m = m.blend(d, take);
            pos = pos.blend(first.add(width), take);
            take = e.compare(VectorOperators.GT, m);
            m = m.blend(e, take);
            pos = pos.blend(first.add(width + 1f), take);
            m.intoArray(y, out + o);
            pos.intoArray(argmax, out + o);
            check = check.add(a.add(b).add(d).add(e).mul(0f));
        }
        float nan = 0f;
        for (; o < count; o++) {
            int i = base + at[o];
            float m = x[i];
            int best = at[o];
            float v = x[i + 1];
            if (v > m) {
                m = v;
                best = at[o] + 1;
            }
            v = x[i + width];
            if (v > m) {
                m = v;
                best = at[o] + width;
            }
            v = x[i + width + 1];
            if (v > m) {
                m = v;
                best = at[o] + width + 1;
            }
            y[out + o] = m;
            argmax[out + o] = best;
            nan += (x[i] + x[i + 1] + x[i + width] + x[i + width + 1]) * 0f;
        }
        check.add(nan).intoArray(lanes, 0);
    }
}
