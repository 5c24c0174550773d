package dev.descent.tensor.kernel;

import java.util.Optional;

/**
 * A {@link java.util.ServiceLoader} service that offers a {@link Gemm}. The provider class itself must load on any
 * JVM; {@link #create()} checks what the backend needs (a native library, a JDK module) and returns empty when it is
 * missing, so Descent falls back to its Java kernel.
 */
public interface GemmProvider {
    /** The name users select it by with {@code -Ddescent.gemm=NAME}. */
    String name();

    /** Higher wins when several are available and none is selected by name. */
    int priority();

    /** The backend, or empty when this JVM or machine cannot run it. */
    Optional<Gemm> create();
}
