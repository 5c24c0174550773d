import dev.descent.tensor.kernel.MatMul;
import dev.descent.tensor.kernel.Parallelism;
import java.util.Locale;
import java.util.Random;

/**
 * F32 matrix-multiply throughput of descent-core's kernel, in GFLOP/s (2·m·n·k flops per product), best of
 * several timed runs after a warm-up, with 1 and 2 threads. Not part of the Maven build; run from the repository
 * root with {@code bench/matmul.sh}, or directly:
 * {@code java -cp descent-core/target/classes bench/matmul/MatMulBench.java [seconds-per-case] [kv]}.
 */
public final class MatMulBench {
    private static final int[][] SHAPES = {{64, 784, 128}, {128, 784, 512}, {512, 512, 512}, {1024, 1024, 1024}, {2048, 2048, 2048}};
    private static final int[] THREADS = {1, 2};

    public static void main(String[] args) {
        double budget = args.length > 0 ? Double.parseDouble(args[0]) : 1.5;
        // "kv": one key=value line per case, for bench/perf.sh
        boolean keyValue = args.length > 1 && args[1].equals("kv");
        if (!keyValue) System.out.printf(Locale.ROOT, "descent-core MatMul F32, %d available processors, java %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        if (!keyValue) System.out.printf(Locale.ROOT, "%-16s %8s %10s %10s%n", "m x k x n", "threads", "best ms", "GFLOP/s");
        Random random = new Random(42);
        for (int[] s : SHAPES) {
            int m = s[0];
            int k = s[1];
            int n = s[2];
            float[] a = fill(random, m * k);
            float[] b = fill(random, k * n);
            float[] c = new float[m * n];
            double flops = 2.0 * m * n * k;
            for (int threads : THREADS) {
                Parallelism.setThreads(threads);
                // Warm-up: enough calls for the JIT to compile the kernel's hot loops.
                long warmEnd = System.nanoTime() + (long) (0.5e9 * budget);
                int warm = 0;
                while (warm < 3 || System.nanoTime() < warmEnd) {
                    MatMul.multiply(a, 0, b, 0, c, 0, m, k, n);
                    warm++;
                }
                long best = Long.MAX_VALUE;
                long end = System.nanoTime() + (long) (1e9 * budget);
                int runs = 0;
                while (runs < 5 || System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    MatMul.multiply(a, 0, b, 0, c, 0, m, k, n);
                    best = Math.min(best, System.nanoTime() - t0);
                    runs++;
                }
                if (keyValue) {
                    System.out.printf(Locale.ROOT, "impl=descent shape=%dx%dx%d threads=%d gflops=%.2f%n", m, k, n,
                            threads, flops / best);
                } else {
                    System.out.printf(Locale.ROOT, "%-16s %8d %10.3f %10.2f%n", m + "x" + k + "x" + n, threads,
                            best / 1e6, flops / best);
                }
            }
        }
    }

    private static float[] fill(Random random, int count) {
        float[] x = new float[count];
        for (int i = 0; i < count; i++) {
            x[i] = random.nextFloat() * 2 - 1;
        }
        return x;
    }
}
