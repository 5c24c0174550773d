import dev.descent.tensor.kernel.Gemms;
import dev.descent.tensor.kernel.MatMul;
import dev.descent.tensor.kernel.Parallelism;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * F32 matrix-multiply throughput of every backend Descent can use in this JVM — its Java kernel and each of
 * {@link Gemms#available()} (OpenBLAS when descent-blas is on the class path) — in GFLOP/s (2·m·n·k flops per
 * product), best of several timed runs after a warm-up, with 1 and 2 threads. Each backend is timed through
 * {@link MatMul#multiply}, the entry point training uses, after {@link Gemms#use}.
 *
 * <p>Not part of the Maven build; run from the repository root with {@code bench/matmul.sh}, or directly:
 * {@code java -cp CLASSPATH bench/matmul/MatMulBench.java [seconds-per-case] [table|kv|crossover]}.
 * {@code kv} prints one {@code impl=descent backend=NAME shape=MxKxN threads=T gflops=G} line per case, for
 * bench/perf.sh. {@code crossover} times the small products of training (forward, and the two backward products
 * with a transposed operand) in microseconds per call, each backend against the Java kernel, to place the size
 * below which a backend should decline ({@code -Ddescent.blas.minWork=0} makes OpenBLAS take every product).
 */
public final class MatMulBench {
    private static final int[][] SHAPES = {{64, 784, 128}, {128, 784, 512}, {512, 512, 512}, {1024, 1024, 1024},
        {2048, 2048, 2048}};
    private static final int[] THREADS = {1, 2};
    /** The layers of the benchmark's networks a–d, as {in, out}, timed at the batch sizes they train with. */
    private static final int[][][] LAYERS = {{{10}, {784, 30}, {30, 10}}, {{10}, {784, 16}, {16, 16}, {16, 10}},
        {{64}, {784, 128}, {128, 10}}, {{128}, {784, 512}, {512, 512}, {512, 10}}};

    public static void main(String[] args) {
        double budget = args.length > 0 ? Double.parseDouble(args[0]) : 1.5;
        String mode = args.length > 1 ? args[1] : "table";
        List<String> backends = new ArrayList<>();
        backends.add("java");
        backends.addAll(Gemms.available());
        String before = Gemms.activeName();
        try {
            if (mode.equals("crossover")) {
                crossover(backends, budget);
            } else {
                throughput(backends, budget, mode.equals("kv"));
            }
        } finally {
            Gemms.use(before);
        }
    }

    private static void throughput(List<String> backends, double budget, boolean keyValue) {
        if (!keyValue) {
            System.out.printf(Locale.ROOT, "Descent MatMul F32, backends %s, %d available processors, java %s%n",
                    backends, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            System.out.printf(Locale.ROOT, "%-16s %-10s %8s %10s %10s%n", "m x k x n", "backend", "threads", "best ms",
                    "GFLOP/s");
        }
        Random random = new Random(42);
        for (int[] s : SHAPES) {
            int m = s[0];
            int k = s[1];
            int n = s[2];
            float[] a = fill(random, m * k);
            float[] b = fill(random, k * n);
            float[] c = new float[m * n];
            double flops = 2.0 * m * n * k;
            for (String backend : backends) {
                Gemms.use(backend);
                for (int threads : THREADS) {
                    Parallelism.setThreads(threads);
                    long best = bestNanos(budget, () -> MatMul.multiply(a, 0, b, 0, c, 0, m, k, n));
                    if (keyValue) {
                        System.out.printf(Locale.ROOT, "impl=descent backend=%s shape=%dx%dx%d threads=%d gflops=%.2f%n",
                                backend, m, k, n, threads, flops / best);
                    } else {
                        System.out.printf(Locale.ROOT, "%-16s %-10s %8d %10.3f %10.2f%n", m + "x" + k + "x" + n,
                                backend, threads, best / 1e6, flops / best);
                    }
                }
            }
        }
    }

    /** Forward x·W, and backward G·Wᵀ and xᵀ·G, of every layer: µs per call for each backend. */
    private static void crossover(List<String> backends, double budget) {
        System.out.printf(Locale.ROOT, "Descent MatMul F32 per call (µs), training shapes, backends %s%n", backends);
        System.out.printf(Locale.ROOT, "%-24s %9s %7s", "m x k x n", "m·k·n", "threads");
        for (String backend : backends) {
            System.out.printf(Locale.ROOT, " %10s", backend);
        }
        System.out.println();
        Random random = new Random(7);
        for (int[][] net : LAYERS) {
            int batch = net[0][0];
            for (int l = 1; l < net.length; l++) {
                int in = net[l][0];
                int out = net[l][1];
                // {m, k, n, transposeA, transposeB}: y = x·W; dx = G·Wᵀ; dW = xᵀ·G
                int[][] products = {{batch, in, out, 0, 0}, {batch, out, in, 0, 1}, {in, batch, out, 1, 0}};
                for (int[] p : products) {
                    crossoverRow(backends, budget, random, p);
                }
            }
        }
    }

    private static void crossoverRow(List<String> backends, double budget, Random random, int[] p) {
        int m = p[0];
        int k = p[1];
        int n = p[2];
        boolean ta = p[3] == 1;
        boolean tb = p[4] == 1;
        float[] a = fill(random, m * k);
        float[] b = fill(random, k * n);
        float[] c = new float[m * n];
        String name = m + "x" + k + "x" + n + (ta ? " Aᵀ" : "") + (tb ? " Bᵀ" : "");
        for (int threads : THREADS) {
            Parallelism.setThreads(threads);
            System.out.printf(Locale.ROOT, "%-24s %9d %7d", name, (long) m * k * n, threads);
            for (String backend : backends) {
                Gemms.use(backend);
                // many calls per sample: one product can take well under a microsecond
                int reps = (int) Math.max(1, Math.min(10_000, 2_000_000L / ((long) m * k * n)));
                long best = bestNanos(budget, () -> {
                    for (int r = 0; r < reps; r++) {
                        MatMul.multiply(a, 0, ta, b, 0, tb, c, 0, m, k, n);
                    }
                });
                System.out.printf(Locale.ROOT, " %10.2f", best / 1e3 / reps);
            }
            System.out.println();
        }
    }

    /** The best of repeated timed runs, after a warm-up long enough for the JIT to compile the hot loops. */
    private static long bestNanos(double budget, Runnable product) {
        long warmEnd = System.nanoTime() + (long) (0.5e9 * budget);
        int warm = 0;
        while (warm < 3 || System.nanoTime() < warmEnd) {
            product.run();
            warm++;
        }
        long best = Long.MAX_VALUE;
        long end = System.nanoTime() + (long) (1e9 * budget);
        int runs = 0;
        while (runs < 5 || System.nanoTime() < end) {
            long t0 = System.nanoTime();
            product.run();
            best = Math.min(best, System.nanoTime() - t0);
            runs++;
        }
        return best;
    }

    private static float[] fill(Random random, int count) {
        float[] x = new float[count];
        for (int i = 0; i < count; i++) {
            x[i] = random.nextFloat() * 2 - 1;
        }
        return x;
    }
}
