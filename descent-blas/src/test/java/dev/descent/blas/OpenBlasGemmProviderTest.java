package dev.descent.blas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.tensor.kernel.Gemms;
import dev.descent.tensor.kernel.MatMul;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** descent-core's {@link Gemms} finds the provider through ServiceLoader, and {@code descent.gemm=java} overrides it. */
class OpenBlasGemmProviderTest {

    @BeforeEach
    void needNatives() {
        assumeTrue(new OpenBlasGemmProvider().create().isPresent(), "OpenBLAS natives do not load on this platform");
    }

    @AfterEach
    void restore() {
        Gemms.use("auto");
    }

    @Test
    void gemmsFindsItAndPrefersIt() {
        assertTrue(Gemms.available().contains("openblas"), () -> "available: " + Gemms.available());
        Gemms.use("auto");
        assertEquals("openblas", Gemms.activeName());
        Gemms.use("java");
        assertEquals("java", Gemms.activeName());
        Gemms.use("openblas");
        assertEquals("openblas", Gemms.activeName());
    }

    @Test
    void matMulGoesThroughItAndAgreesWithTheJavaKernel() {
        Gemms.use("openblas");
        int m = 64;
        int k = 784;
        int n = 128;
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i % 13 - 6) / 8f;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (i % 7 - 3) / 4f;
        }
        float[] fromBlas = new float[m * n];
        float[] fromJava = new float[m * n];
        MatMul.multiply(a, 0, true, b, 0, false, fromBlas, 0, m, k, n);
        MatMul.multiplyJava(a, 0, true, b, 0, false, fromJava, 0, m, k, n);
        for (int i = 0; i < fromJava.length; i++) {
            // operands are multiples of 1/8 and 1/4 with small sums: both are exact
            assertEquals(fromJava[i], fromBlas[i], 0f, "c[" + i + "]");
        }
    }

    @Test
    void freshJvmChoosesOpenBlasUnlessTheSystemPropertySaysJava() throws Exception {
        assertEquals("openblas", activeInFreshJvm());
        assertEquals("java", activeInFreshJvm("-Ddescent.gemm=java"));
        assertEquals("openblas", activeInFreshJvm("-Ddescent.gemm=openblas"));
    }

    private static String activeInFreshJvm(String... jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ActiveGemm.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the JVM did not finish");
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
