package dev.descent.blas;

import dev.descent.tensor.kernel.Gemm;
import dev.descent.tensor.kernel.GemmProvider;
import java.util.Optional;

/**
 * Offers OpenBLAS's {@code cblas_sgemm} (through JavaCPP's {@code org.bytedeco:openblas} presets) as the F32
 * matrix multiply, when its natives load on this machine. Found by {@link java.util.ServiceLoader}; select it with
 * {@code -Ddescent.gemm=openblas}, or let its priority win.
 */
public final class OpenBlasGemmProvider implements GemmProvider {
    /** The name users select it by. */
    public static final String NAME = "openblas";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 100;
    }

    /** Empty when the natives cannot load here (another OS or architecture, a missing jar); never throws. */
    @Override
    public Optional<Gemm> create() {
        try {
            return OpenBlasGemm.instance();
        } catch (LinkageError | RuntimeException e) {
            // JavaCPP's classes missing from the class path: OpenBlasGemm itself cannot link
            return Optional.empty();
        }
    }
}
