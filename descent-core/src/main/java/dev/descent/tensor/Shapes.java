package dev.descent.tensor;

import java.util.Arrays;

/** Shape arithmetic: element counts, row-major strides, NumPy broadcasting and axis normalisation. */
final class Shapes {
    private Shapes() {
    }

    static String str(int[] shape) {
        return Arrays.toString(shape);
    }

    /** Validates a user-supplied shape and returns its element count. */
    static int checkedNumel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + str(shape) + ": dimensions must be >= 0");
            }
            n *= d;
            if (n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("shape " + str(shape) + ": more than 2^31 elements");
            }
        }
        return (int) n;
    }

    static int numel(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** True when {@code from} broadcasts to exactly {@code to} (their broadcast is {@code to}); allocates nothing. */
    static boolean broadcastsTo(int[] from, int[] to) {
        if (from.length > to.length) {
            return false;
        }
        for (int i = 1; i <= from.length; i++) {
            int d = from[from.length - i];
            if (d != 1 && d != to[to.length - i]) {
                return false;
            }
        }
        return true;
    }

    /** The NumPy broadcast of two shapes: align right, each pair equal or one of them 1. */
    static int[] broadcast(String op, int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int da = i < n - a.length ? 1 : a[i - (n - a.length)];
            int db = i < n - b.length ? 1 : b[i - (n - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + str(a) + " and " + str(b)
                        + " cannot be broadcast (dimension " + i + ": " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /**
     * Strides of {@code shape} viewed inside the broadcast {@code target} shape: 0 where the dimension is
     * broadcast (missing or 1), so an odometer over {@code target} reads the right element.
     */
    static int[] broadcastStrides(int[] shape, int[] target) {
        int[] own = strides(shape);
        int[] s = new int[target.length];
        int off = target.length - shape.length;
        for (int i = 0; i < target.length; i++) {
            if (i >= off && shape[i - off] != 1) {
                s[i] = own[i - off];
            }
        }
        return s;
    }

    static int axis(String op, int axis, int dim) {
        int a = axis < 0 ? axis + dim : axis;
        if (a < 0 || a >= dim) {
            throw new IllegalArgumentException(op + ": axis " + axis + " out of range for a " + dim + "-d tensor");
        }
        return a;
    }

    static boolean sameShape(int[] a, int[] b) {
        return Arrays.equals(a, b);
    }

    /** Shape after reducing {@code axis}: removed, or kept as 1. */
    static int[] reduced(int[] shape, int axis, boolean keepDim) {
        if (keepDim) {
            int[] s = shape.clone();
            s[axis] = 1;
            return s;
        }
        int[] s = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != axis) {
                s[j++] = shape[i];
            }
        }
        return s;
    }
}
