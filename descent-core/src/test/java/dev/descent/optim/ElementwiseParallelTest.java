package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import dev.descent.tensor.kernel.Parallelism;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Large F32 parameters are updated on all kernel threads, a run of blocks per thread: every optimizer must give
 * bitwise the same parameters and state on 1, 2 and 3 threads, including block counts that do not divide evenly.
 */
class ElementwiseParallelTest {
    private static final int STEPS = 6;
    private static final int THRESHOLD = ElementwiseOptimizer.PARALLEL_BLOCKS * ElementwiseOptimizer.BLOCK;
    /** Over the parallel threshold with a partial block; exactly at it; just below it (updated on one thread). */
    private static final int[] SIZES = {THRESHOLD + 3 * ElementwiseOptimizer.BLOCK + 37, THRESHOLD, THRESHOLD - 1};

    private final int threadsBefore = Parallelism.threads();

    @AfterEach
    void restoreThreads() {
        Parallelism.setThreads(threadsBefore);
    }

    static Stream<Arguments> cases() {
        return ElementwiseBitsTest.variants().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameBitsOnAnyThreadCount(String name, Function<List<Tensor>, Optimizer> factory) {
        double[] one = run(1, factory);
        double[] two = run(2, factory);
        double[] three = run(3, factory);
        assertArrayEquals(one, two, name + ": 2 threads differ from 1");
        assertArrayEquals(one, three, name + ": 3 threads differ from 1");
    }

    /**
     * The blocks of all F32 parameters of a step are shared out together: parameters each below the threshold but
     * over it together, one of them F64 and one without a gradient on odd steps (its blocks then leave the
     * numbering), give the same bits on any thread count.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameBitsWhenSmallParametersTogetherCrossTheThreshold(String name,
                                                             Function<List<Tensor>, Optimizer> factory) {
        int size = THRESHOLD / 3 + 5;
        int[] sizes = {size, 37, size + ElementwiseOptimizer.BLOCK, size - 1, size};
        DType[] dtypes = {DType.F32, DType.F32, DType.F64, DType.F32, DType.F32};
        double[] one = run(1, factory, sizes, dtypes, 3);
        double[] two = run(2, factory, sizes, dtypes, 3);
        double[] three = run(3, factory, sizes, dtypes, 3);
        assertArrayEquals(one, two, name + ": 2 threads differ from 1");
        assertArrayEquals(one, three, name + ": 3 threads differ from 1");
    }

    /** Final parameters followed by the exported state, after {@link #STEPS} steps on {@code threads} threads. */
    private static double[] run(int threads, Function<List<Tensor>, Optimizer> factory) {
        DType[] dtypes = new DType[SIZES.length];
        java.util.Arrays.fill(dtypes, DType.F32);
        return run(threads, factory, SIZES, dtypes, -1);
    }

    /** As above, with the parameters' sizes and dtypes, parameter {@code skipped} getting no gradient on odd steps. */
    private static double[] run(int threads, Function<List<Tensor>, Optimizer> factory, int[] sizes, DType[] dtypes,
                                int skipped) {
        Parallelism.setThreads(threads);
        List<Tensor> params = new ArrayList<>();
        for (int j = 0; j < sizes.length; j++) {
            int size = sizes[j];
            double[] x = new double[size];
            for (int i = 0; i < size; i++) {
                x[i] = Math.sin(0.37 * i + size);
            }
            params.add(Tensor.of(dtypes[j], x, size).requiresGrad(true));
        }
        Optimizer optimizer = factory.apply(params);
        for (int k = 0; k < STEPS; k++) {
            for (int j = 0; j < params.size(); j++) {
                Tensor p = params.get(j);
                if (j == skipped && k % 2 == 1) {
                    p.zeroGrad();
                    continue;
                }
                double[] x = p.toDoubleArray();
                double[] g = new double[x.length];
                for (int i = 0; i < g.length; i++) {
                    g[i] = 0.5 * x[i] + Math.cos(1.3 * i + k);
                }
                p.setGrad(Tensor.of(p.dtype(), g, x.length));
            }
            optimizer.step();
        }
        DoubleStream.Builder out = DoubleStream.builder();
        for (Tensor p : params) {
            for (double v : p.toDoubleArray()) {
                out.add(v);
            }
        }
        for (Map.Entry<String, Tensor> e : optimizer.state().entrySet()) {
            for (double v : e.getValue().toDoubleArray()) {
                out.add(v);
            }
        }
        return out.build().toArray();
    }
}
