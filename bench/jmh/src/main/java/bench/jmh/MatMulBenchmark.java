package bench.jmh;

import dev.descent.tensor.kernel.Gemms;
import dev.descent.tensor.kernel.MatMul;
import dev.descent.tensor.kernel.Parallelism;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One F32 product C = A·B (row-major, no transposes) per invocation, through {@code MatMul.multiply}, on the backend
 * and thread count given as parameters. Throughput in products per second; {@link MatMulJmh} turns it into GFLOP/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MatMulBenchmark {
    /** The benchmark networks' layer shapes at their batch sizes, then squares; m x k x n. */
    @Param({"64x784x128", "128x784x512", "512x512x512", "1024x1024x1024", "2048x2048x2048"})
    public String shape;

    /** A {@code Gemms} backend name: java, vector, openblas. */
    @Param({"java"})
    public String backend;

    @Param({"1", "2"})
    public int threads;

    private float[] a;
    private float[] b;
    private float[] c;
    private int m;
    private int k;
    private int n;

    @Setup(Level.Trial)
    public void setUp() {
        Gemms.use(backend);
        Parallelism.setThreads(threads);
        String[] dims = shape.split("x");
        m = Integer.parseInt(dims[0]);
        k = Integer.parseInt(dims[1]);
        n = Integer.parseInt(dims[2]);
        Random random = new Random(42);
        a = fill(random, m * k);
        b = fill(random, k * n);
        c = new float[m * n];
    }

    @Benchmark
    public float[] multiply() {
        MatMul.multiply(a, 0, b, 0, c, 0, m, k, n);
        return c;
    }

    private static float[] fill(Random random, int count) {
        float[] x = new float[count];
        for (int i = 0; i < count; i++) {
            x[i] = random.nextFloat() * 2 - 1;
        }
        return x;
    }
}
