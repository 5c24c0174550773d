package dev.descent.tensor.kernel;

import java.util.Optional;

/**
 * Offers {@link VectorGemm}, the Vector API kernel, when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} and its preferred vectors hold at least 8 floats. This class names no
 * type of that incubating module, so it loads on any JVM; the kernel is created reflectively.
 *
 * <p>Its priority is above descent-blas's OpenBLAS (100): where both run, this kernel measured 1.5–2.3× OpenBLAS's
 * sgemm on the benchmark networks' shapes on an AVX-512 machine (bench/matmul.sh), and its bits do not depend on the
 * thread count.
 */
public final class VectorGemmProvider implements GemmProvider {
    private static final String MODULE = "jdk.incubator.vector";

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public int priority() {
        return 150;
    }

    @Override
    public Optional<Gemm> create() {
        return create(ModuleLayer.boot().findModule(MODULE).isPresent());
    }

    /** The kernel if {@code modulePresent} and the machine has vectors of 256 bits or more, else empty. */
    static Optional<Gemm> create(boolean modulePresent) {
        if (!modulePresent) {
            return Optional.empty();
        }
        try {
            Class<?> tiles = Class.forName(VectorGemmProvider.class.getPackageName() + ".VectorGemmTiles");
            int lanes = tiles.getDeclaredField("L").getInt(null);
            if (lanes < 8) {
                // narrower than 256 bits: the auto-vectorized Java kernel does as well
                return Optional.empty();
            }
            Class<?> gemm = Class.forName(VectorGemmProvider.class.getPackageName() + ".VectorGemm");
            return Optional.of((Gemm) gemm.getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return Optional.empty();
        }
    }
}
