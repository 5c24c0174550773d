package dev.descent.blas;

import dev.descent.tensor.kernel.Gemms;

/** Prints the backend {@link Gemms} chose in a fresh JVM, for {@link OpenBlasGemmProviderTest}. */
final class ActiveGemm {
    private ActiveGemm() {
    }

    public static void main(String[] args) {
        System.out.println(Gemms.activeName());
    }
}
