import dev.descent.tensor.kernel.Gemms;
import dev.descent.tensor.kernel.MatMul;
import dev.descent.tensor.kernel.Parallelism;
import java.util.Locale;
import java.util.Random;

/**
 * F32 matmul GFLOP/s of the Vector API backend against the built-in Java kernel ({@code MatMul.multiplyJava}), best
 * of repeated runs, with 1 and 2 threads. {@code small} times the shapes a training step multiplies, in all four
 * transpose combinations, to see where the backend should decline. Run from the repository root after
 * {@code mvn -q -pl descent-core -DskipTests package}:
 * {@code java --add-modules jdk.incubator.vector -cp descent-core/target/classes bench/matmul/VectorGemmBench.java
 * [seconds-per-case] [big|small] [MxKxN,...]}
 */
public final class VectorGemmBench {
    private static final int[][] BIG = {{64, 784, 128}, {128, 784, 512}, {512, 512, 512}, {1024, 1024, 1024},
        {2048, 2048, 2048}};
    private static final int[][] SMALL = {{10, 784, 30}, {10, 30, 10}, {64, 784, 128}, {64, 128, 10},
        {128, 784, 512}, {128, 512, 512}, {128, 512, 10}};

    public static void main(String[] args) {
        double budget = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        boolean small = args.length > 1 && args[1].equals("small");
        int[][] shapes = small ? SMALL : BIG;
        if (args.length > 2) {
            String[] list = args[2].split(",");
            shapes = new int[list.length][];
            for (int i = 0; i < list.length; i++) {
                String[] d = list[i].split("x");
                shapes[i] = new int[] {Integer.parseInt(d[0]), Integer.parseInt(d[1]), Integer.parseInt(d[2])};
            }
        }
        System.out.printf(Locale.ROOT, "%-22s %7s %10s %10s %7s%n", "m x k x n (tA,tB)", "threads", "vector", "java",
                "ratio");
        Random random = new Random(42);
        warmUp(random);
        for (int[] s : shapes) {
            for (int variant = 0; variant < (small ? 4 : 1); variant++) {
                boolean ta = (variant & 1) != 0;
                boolean tb = (variant & 2) != 0;
                float[] a = fill(random, s[0] * s[1]);
                float[] b = fill(random, s[1] * s[2]);
                float[] c = new float[s[0] * s[2]];
                for (int threads : Integer.getInteger("threads", 0) > 0 ? new int[] {Integer.getInteger("threads")}
                        : new int[] {1, 2}) {
                    Parallelism.setThreads(threads);
                    Gemms.use("vector");
                    double vector = time(budget, () -> MatMul.multiply(a, 0, ta, b, 0, tb, c, 0, s[0], s[1], s[2]), s);
                    double java = Boolean.getBoolean("vectorOnly") ? Double.NaN
                            : time(budget, () -> MatMul.multiplyJava(a, 0, ta, b, 0, tb, c, 0, s[0], s[1], s[2]), s);
                    System.out.printf(Locale.ROOT, "%-22s %7d %10.2f %10.2f %7.2f%n",
                            s[0] + "x" + s[1] + "x" + s[2] + " (" + (ta ? "T" : "N") + (tb ? "T" : "N") + ")",
                            threads, vector, java, vector / java);
                }
            }
        }
    }

    /**
     * Until C2 has compiled them, Vector API loops run interpreted, thousands of times slower: compile both kernels'
     * paths on a medium shape first, so the first (small) shape is not timed on the interpreter.
     */
    private static void warmUp(Random random) {
        int d = 72;
        float[] a = fill(random, d * d);
        float[] b = fill(random, d * d);
        float[] c = new float[d * d];
        Gemms.use("vector");
        long end = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < end) {
            for (int variant = 0; variant < 4; variant++) {
                boolean ta = (variant & 1) != 0;
                boolean tb = (variant & 2) != 0;
                MatMul.multiply(a, 0, ta, b, 0, tb, c, 0, d, d, d);
                MatMul.multiply(a, 0, ta, b, 0, tb, c, 0, d - 1, d - 3, d - 5);
                MatMul.multiplyJava(a, 0, ta, b, 0, tb, c, 0, d, d, d);
            }
        }
    }

    private static double time(double budget, Runnable product, int[] s) {
        long warmEnd = System.nanoTime() + (long) (0.5e9 * budget);
        int warm = 0;
        while (warm < 20 || System.nanoTime() < warmEnd) {
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
        return 2.0 * s[0] * s[1] * s[2] / best;
    }

    private static float[] fill(Random random, int count) {
        float[] x = new float[count];
        for (int i = 0; i < count; i++) {
            x[i] = random.nextFloat() * 2 - 1;
        }
        return x;
    }
}
