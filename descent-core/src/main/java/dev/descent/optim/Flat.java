package dev.descent.optim;

import dev.descent.tensor.Tensor;

/**
 * The values of an F32 or F64 tensor as a {@code double[]}, so each update rule is written once, in double
 * arithmetic: an F64 tensor's live storage is used directly; an F32 tensor is copied into a caller-owned scratch
 * array and copied back (rounded) after the update; or block by block, through small scratch arrays. One dtype
 * branch per tensor or block, tight loops, no allocation.
 */
final class Flat {
    private Flat() {
    }

    /**
     * The values of {@code t}: its live F64 storage, or {@code scratch} (same length) filled from its F32 storage.
     */
    static double[] read(Tensor t, double[] scratch) {
        double[] d = t.doubleData();
        if (d != null) {
            return d;
        }
        float[] f = t.floatData();
        for (int i = 0; i < f.length; i++) {
            scratch[i] = f[i];
        }
        return scratch;
    }

    /** Writes {@code values} (from {@link #read}) back into {@code t}; nothing to do for F64, whose storage it is. */
    static void write(double[] values, Tensor t) {
        float[] f = t.floatData();
        if (f == null) {
            return;
        }
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
    }

    /** Copies elements {@code [offset, offset + count)} of {@code t}, F32 or F64, into {@code block[0, count)}. */
    static void readBlock(Tensor t, int offset, int count, double[] block) {
        float[] f = t.floatData();
        if (f == null) {
            System.arraycopy(t.doubleData(), offset, block, 0, count);
            return;
        }
        for (int k = 0; k < count; k++) {
            block[k] = f[offset + k];
        }
    }

    /** Writes {@code block[0, count)} into elements {@code [offset, offset + count)} of {@code t} (rounded if F32). */
    static void writeBlock(double[] block, int count, Tensor t, int offset) {
        float[] f = t.floatData();
        if (f == null) {
            System.arraycopy(block, 0, t.doubleData(), offset, count);
            return;
        }
        for (int k = 0; k < count; k++) {
            f[offset + k] = (float) block[k];
        }
    }

    /** A scratch array for {@link #read}: null when {@code t} is F64 and needs none. */
    static double[] scratchFor(Tensor t) {
        return t.doubleData() != null ? null : new double[t.numel()];
    }
}
