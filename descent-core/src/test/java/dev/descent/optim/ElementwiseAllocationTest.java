package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The elementwise optimizers update parameters in place: after the first step, which creates the state buffers and
 * nothing else, a step allocates nothing (steady-state training should allocate almost nothing per step: bench/perf.sh
 * reports the bytes). Measured with the JVM's per-thread allocation counter (on HotSpot exactly 0 bytes; the bound
 * allows less than one small object per step); skipped where the JVM does not offer one.
 */
class ElementwiseAllocationTest {
    private static final int[][] SHAPES = {{64, 33}, {33}, {7, 3}};
    private static final int STEPS = 100;
    /** Slack for the slot objects and the array of buffer arrays; far below one copy of a parameter. */
    private static final long FIRST_STEP_OVERHEAD = 2048;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Map.Entry<String, Function<List<Tensor>, Optimizer>> v : ElementwiseBitsTest.variants().entrySet()) {
            for (DType dtype : DType.values()) {
                out.add(Arguments.of(v.getKey(), dtype, v.getValue()));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void firstStepAllocatesOnlyTheBuffersAndLaterStepsNothing(String name, DType dtype,
                                                               Function<List<Tensor>, Optimizer> factory) {
        com.sun.management.ThreadMXBean threads = allocationCounter();
        factory.apply(parameters(dtype)).step(); // loads and initializes the classes involved

        Optimizer optimizer = factory.apply(parameters(dtype));
        long before = threads.getCurrentThreadAllocatedBytes();
        optimizer.step();
        long first = threads.getCurrentThreadAllocatedBytes() - before;
        before = threads.getCurrentThreadAllocatedBytes();
        for (int k = 0; k < STEPS; k++) {
            optimizer.step();
        }
        long steady = threads.getCurrentThreadAllocatedBytes() - before;

        long buffers = 0;
        for (Map.Entry<String, Tensor> e : optimizer.state().entrySet()) {
            buffers += (long) Double.BYTES * e.getValue().numel();
        }
        assertTrue(first <= buffers + FIRST_STEP_OVERHEAD,
                name + " " + dtype + ": first step allocated " + first + " bytes, buffers take " + buffers);
        assertTrue(steady < 16L * STEPS, name + " " + dtype + ": " + steady + " bytes allocated in " + STEPS + " steps");
    }

    private static com.sun.management.ThreadMXBean allocationCounter() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "no per-thread allocation counter");
        threads.setThreadAllocatedMemoryEnabled(true);
        return threads;
    }

    /** Parameters of a few shapes with fixed gradients (not multiples of any SIMD width). */
    private static List<Tensor> parameters(DType dtype) {
        List<Tensor> params = new ArrayList<>();
        for (int[] shape : SHAPES) {
            int n = 1;
            for (int s : shape) {
                n *= s;
            }
            double[] x = new double[n];
            double[] g = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = Math.sin(i);
                g[i] = 0.1 * Math.cos(0.7 * i);
            }
            Tensor p = Tensor.of(dtype, x, shape).requiresGrad(true);
            p.setGrad(Tensor.of(dtype, g, shape));
            params.add(p);
        }
        return params;
    }
}
