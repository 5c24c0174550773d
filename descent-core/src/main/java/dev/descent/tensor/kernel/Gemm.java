package dev.descent.tensor.kernel;

/**
 * An F32 matrix-multiply implementation that may take over products from the pure-Java kernel in {@link MatMul}:
 * a native BLAS (the optional {@code descent-blas} module) or a SIMD kernel. Found through {@link GemmProvider}.
 *
 * <p>A backend must be deterministic: the same operands and the same {@link Parallelism#threads()} give the same
 * bits. It need not give the bits of the Java kernel (it may fuse multiply-adds or block K differently).
 */
public interface Gemm {
    /** A short name for reports, e.g. {@code "openblas"}. */
    String name();

    /**
     * Overwrites {@code c[cOff .. cOff+m*n)} with {@code op(A)·op(B)}, op(A) being [m,k] and op(B) [k,n], all
     * row-major; with {@code transposeA} A is stored as [k,m], with {@code transposeB} B as [n,k]. Returns false,
     * without touching {@code c}, to decline (e.g. a product too small to pay for a native call); the Java kernel
     * then computes it. Called only with m, k, n all positive.
     */
    boolean multiply(float[] a, int aOff, boolean transposeA, float[] b, int bOff, boolean transposeB,
                     float[] c, int cOff, int m, int k, int n);
}
