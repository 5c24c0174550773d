package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the exact bits the elementwise optimizers produce: each variant runs 50 steps on F32, F64 and mixed-dtype
 * parameters of several shapes with seeded pseudo-random gradients (a parameter left without gradient on odd steps,
 * a learning-rate change, a checkpoint reload), and a hash of the final parameters and of the exported state must
 * equal the constants below. The constants were recorded with the optimizers as they were before their F32 updates
 * stopped copying whole parameters into {@code double[]} scratch arrays (they go block by block since); a faster
 * implementation must compute the same floating-point operations in the same order.
 */
class ElementwiseBitsTest {
    private static final int STEPS = 50;
    /** Small shapes, one larger than {@link ElementwiseOptimizer#BLOCK} (F32 updates run in blocks), and a last one. */
    private static final int[][] SHAPES = {{7}, {3, 5}, {2, 3, 4}, {3, 700}, {4}};

    /** Parameter and gradient dtypes of each setup, per parameter (the last one gets gradients on even steps only). */
    private static final Map<String, DType[][]> SETUPS = new LinkedHashMap<>();

    static {
        DType f = DType.F32;
        DType d = DType.F64;
        SETUPS.put("F32", new DType[][] {{f, f, f, f, f}, {f, f, f, f, f}});
        SETUPS.put("F64", new DType[][] {{d, d, d, d, d}, {d, d, d, d, d}});
        SETUPS.put("mixed", new DType[][] {{f, d, f, f, d}, {d, f, f, d, d}});
    }

    /** Every elementwise optimizer and the variants of its update rule, by name. */
    static Map<String, Function<List<Tensor>, Optimizer>> variants() {
        Map<String, Function<List<Tensor>, Optimizer>> all = new LinkedHashMap<>();
        all.put("gd", p -> GradientDescent.of(p, 0.05));
        all.put("sgd", p -> Sgd.of(p, 0.05));
        all.put("sgd weight decay", p -> Sgd.of(p, new Sgd.Config(0.05, 0, 0, 0.01, false)));
        all.put("sgd momentum", p -> Sgd.momentum(p, 0.05, 0.9));
        all.put("sgd momentum dampening weight decay", p -> Sgd.of(p, new Sgd.Config(0.05, 0.9, 0.1, 0.01, false)));
        all.put("sgd nesterov", p -> Sgd.nesterov(p, 0.05, 0.9));
        all.put("sgd nesterov weight decay", p -> Sgd.of(p, new Sgd.Config(0.05, 0.9, 0, 0.01, true)));
        all.put("adagrad", p -> Adagrad.of(p, 0.1));
        all.put("adagrad full", p -> Adagrad.of(p, new Adagrad.Config(0.1, 0.01, 0.01, 0.1, 1e-10)));
        all.put("adadelta", Adadelta::of);
        all.put("adadelta weight decay", p -> Adadelta.of(p, new Adadelta.Config(1.0, 0.9, 1e-6, 0.01)));
        all.put("rmsprop", p -> RmsProp.of(p, 0.01));
        all.put("rmsprop momentum", p -> RmsProp.of(p, new RmsProp.Config(0.01, 0.99, 1e-8, 0, 0.9, false)));
        all.put("rmsprop centered", p -> RmsProp.of(p, new RmsProp.Config(0.01, 0.99, 1e-8, 0, 0, true)));
        all.put("rmsprop centered momentum weight decay",
                p -> RmsProp.of(p, new RmsProp.Config(0.01, 0.99, 1e-8, 0.01, 0.5, true)));
        all.put("adam", p -> Adam.of(p, 0.01));
        all.put("adam weight decay", p -> Adam.of(p, new Adam.Config(0.01, 0.9, 0.999, 1e-8, 0.01, false)));
        all.put("adam amsgrad", p -> Adam.of(p, new Adam.Config(0.01, 0.9, 0.999, 1e-8, 0, true)));
        all.put("adamw", p -> AdamW.of(p, 0.01));
        all.put("adamw amsgrad", p -> AdamW.of(p, new AdamW.Config(0.01, 0.9, 0.999, 1e-8, 0.1, true)));
        return all;
    }

    /** "variant setup" → "parameter hash, state hash", recorded as the class comment says. */
    private static final Map<String, String> EXPECTED = Map.ofEntries(
            Map.entry("gd F32", "6a39911a154d0d0d, 87fec9c2e5ce32fa"),
            Map.entry("gd F64", "f547f5e182330587, 87fec9c2e5ce32fa"),
            Map.entry("gd mixed", "48eb8c561d45303b, 87fec9c2e5ce32fa"),
            Map.entry("sgd F32", "6a39911a154d0d0d, 87fec9c2e5ce32fa"),
            Map.entry("sgd F64", "f547f5e182330587, 87fec9c2e5ce32fa"),
            Map.entry("sgd mixed", "48eb8c561d45303b, 87fec9c2e5ce32fa"),
            Map.entry("sgd weight decay F32", "2f9f5c267a9337d5, 87fec9c2e5ce32fa"),
            Map.entry("sgd weight decay F64", "ebb389d32919014a, 87fec9c2e5ce32fa"),
            Map.entry("sgd weight decay mixed", "bff863fe6658f571, 87fec9c2e5ce32fa"),
            Map.entry("sgd momentum F32", "bcadfe1f78b22961, 9fe7b15b165a5159"),
            Map.entry("sgd momentum F64", "7208b84d2a93cd8a, 191f2966327fd158"),
            Map.entry("sgd momentum mixed", "da86b12959aa58d, 245514812dd805f7"),
            Map.entry("sgd momentum dampening weight decay F32", "85e38ced9b353d59, 3056ce15c88b1aab"),
            Map.entry("sgd momentum dampening weight decay F64", "e68952dd9bc819cb, 35bd3dc75be4b051"),
            Map.entry("sgd momentum dampening weight decay mixed", "83a83d6fc1c8610b, b3303f996eafc59f"),
            Map.entry("sgd nesterov F32", "801623127a220560, 470ff58a9d96b7b6"),
            Map.entry("sgd nesterov F64", "96b29b0c06f50dd7, b529460d5f787707"),
            Map.entry("sgd nesterov mixed", "6e8dc2fcc826ed88, 31f1df8538b4a8a3"),
            Map.entry("sgd nesterov weight decay F32", "b4d0406bd5be021b, cfe81bcb986c06eb"),
            Map.entry("sgd nesterov weight decay F64", "cd2c5a2afe9350b9, f07e615d76edad4e"),
            Map.entry("sgd nesterov weight decay mixed", "ad564bae4ef1ae92, edb3274fe9fc694b"),
            Map.entry("adagrad F32", "8cd52a1ec584a393, 8ed66c4527113b20"),
            Map.entry("adagrad F64", "d58cc67d9f48a67e, 8e0627030b9a6139"),
            Map.entry("adagrad mixed", "77f43630c42b6e4a, 7a807a2524ce450c"),
            Map.entry("adagrad full F32", "a36438fbeec6d74, a8f10a5bdb683dee"),
            Map.entry("adagrad full F64", "887cdc70a5230e7f, 872f8d88289937ff"),
            Map.entry("adagrad full mixed", "6923f6371e50644d, c6a113a018aebf3d"),
            Map.entry("adadelta F32", "ab17b44aca49a6ef, c91797c4ea2ef4ed"),
            Map.entry("adadelta F64", "2e73c6a8de7c85a8, c7c9938daa47b77c"),
            Map.entry("adadelta mixed", "5f7d69b03b3ff41c, d9a03d5aa02115e5"),
            Map.entry("adadelta weight decay F32", "e0c82d691cad5939, 84bc18eb8f76f17e"),
            Map.entry("adadelta weight decay F64", "ed64dca5459f3098, c2339702531371f7"),
            Map.entry("adadelta weight decay mixed", "b022b717c49b0f40, d3e2cbf60a8f6978"),
            Map.entry("rmsprop F32", "47e968c3c4d0da4c, 7d24758b5a5c683b"),
            Map.entry("rmsprop F64", "6fd8ba795d42704c, 69f1892b24cf37fa"),
            Map.entry("rmsprop mixed", "a986ca54ebabdf49, ec04ee171f5ed402"),
            Map.entry("rmsprop momentum F32", "8878434c717bc37, c6fa245b1bd9f83d"),
            Map.entry("rmsprop momentum F64", "ab07fdc25872ced9, eb707109aa4afff2"),
            Map.entry("rmsprop momentum mixed", "9d12aa57a1da4dd7, b7a6be8d15f9b936"),
            Map.entry("rmsprop centered F32", "49f7b55187e3f291, a8ba4d39681fdbca"),
            Map.entry("rmsprop centered F64", "f2a7a92dc3178615, 351a9838aecca24"),
            Map.entry("rmsprop centered mixed", "26e9cd17faad6400, bdd6e512df5314dc"),
            Map.entry("rmsprop centered momentum weight decay F32", "d2df603acbaa2b84, cbbf74d9d1574630"),
            Map.entry("rmsprop centered momentum weight decay F64", "8294274f06f06161, 32ec65ad67ed74fb"),
            Map.entry("rmsprop centered momentum weight decay mixed", "2ed4db4d887e239b, 21678c6c82c41fbf"),
            Map.entry("adam F32", "fe32d09a20fcf4a5, 363a9dbafad2a397"),
            Map.entry("adam F64", "1c6b068da05dfca, 33467bb9734e1f3e"),
            Map.entry("adam mixed", "a1ecf5b5707fa558, 602b6fc8907612ac"),
            Map.entry("adam weight decay F32", "7aabb376d1a2b9ca, 6fbeecb29888929b"),
            Map.entry("adam weight decay F64", "a02183ddb31bccc3, f8ba30b48c8d48fe"),
            Map.entry("adam weight decay mixed", "910cbe18978c5197, e387f204184194d3"),
            Map.entry("adam amsgrad F32", "12d5539b4c7e58d0, 40137bd8c0330802"),
            Map.entry("adam amsgrad F64", "7613d684469cfa74, 67f89af93080b08b"),
            Map.entry("adam amsgrad mixed", "68b1f7fc501e8b12, 9c4d011d7f814bf6"),
            Map.entry("adamw F32", "cdf32cd97ebf6ffb, ce79035594b12841"),
            Map.entry("adamw F64", "a30141f8a105f8e3, f9b09467a59b6fda"),
            Map.entry("adamw mixed", "4c2276860c3d42a7, 79c55c321517dafe"),
            Map.entry("adamw amsgrad F32", "60a906bf741b0fd4, 42e61f5573573f22"),
            Map.entry("adamw amsgrad F64", "2ec1f40e6717e45d, 2b1a830f68041ee4"),
            Map.entry("adamw amsgrad mixed", "fbf9668d10c7ab6e, 9c794f6c6268159e")
    );

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Map.Entry<String, Function<List<Tensor>, Optimizer>> v : variants().entrySet()) {
            for (String setup : SETUPS.keySet()) {
                out.add(Arguments.of(v.getKey() + " " + setup, setup, v.getValue()));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void updatesAreBitwiseAsRecorded(String name, String setup, Function<List<Tensor>, Optimizer> factory) {
        assertEquals(EXPECTED.get(name), run(setup, factory), name);
    }

    /** Runs the scenario and returns "parameter hash, state hash" in hex. */
    static String run(String setup, Function<List<Tensor>, Optimizer> factory) {
        DType[] paramTypes = SETUPS.get(setup)[0];
        DType[] gradTypes = SETUPS.get(setup)[1];
        Noise noise = new Noise(42);
        List<Tensor> params = new ArrayList<>();
        for (int j = 0; j < SHAPES.length; j++) {
            int[] shape = SHAPES[j];
            double[] x0 = new double[numel(shape)];
            for (int i = 0; i < x0.length; i++) {
                x0[i] = 2 * noise.next();
            }
            params.add(Tensor.of(paramTypes[j], x0, shape).requiresGrad(true));
        }
        Optimizer optimizer = factory.apply(params);
        for (int k = 0; k < STEPS; k++) {
            if (k == 20) {
                Map<String, Tensor> saved = optimizer.state();
                optimizer = factory.apply(params);
                optimizer.loadState(saved);
            }
            if (k == 30) {
                optimizer.setLearningRate(optimizer.learningRate() * 0.5);
            }
            for (int j = 0; j < SHAPES.length; j++) {
                Tensor p = params.get(j);
                if (j == SHAPES.length - 1 && k % 2 == 1) {
                    p.setGrad(null);
                    continue;
                }
                double[] x = p.toDoubleArray();
                double[] g = new double[x.length];
                for (int i = 0; i < g.length; i++) {
                    // Exact zeros of both signs now and then, the rest a pull towards 0 plus noise.
                    g[i] = (i + k) % 11 == 0 ? ((k & 1) == 0 ? 0.0 : -0.0) : 0.5 * x[i] + noise.next();
                }
                p.setGrad(Tensor.of(gradTypes[j], g, SHAPES[j]));
            }
            optimizer.step();
        }
        long paramHash = FNV;
        for (Tensor p : params) {
            paramHash = mix(paramHash, p.dtype().ordinal());
            if (p.dtype() == DType.F32) {
                for (float v : p.floatData()) {
                    paramHash = mix(paramHash, Float.floatToRawIntBits(v));
                }
            } else {
                for (double v : p.doubleData()) {
                    paramHash = mix(paramHash, Double.doubleToRawLongBits(v));
                }
            }
        }
        long stateHash = FNV;
        for (Map.Entry<String, Tensor> e : optimizer.state().entrySet()) {
            stateHash = mix(stateHash, e.getKey().hashCode());
            stateHash = mix(stateHash, e.getValue().numel());
            for (double v : e.getValue().toDoubleArray()) {
                stateHash = mix(stateHash, Double.doubleToRawLongBits(v));
            }
        }
        return Long.toHexString(paramHash) + ", " + Long.toHexString(stateHash);
    }

    private static int numel(int[] shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    private static final long FNV = 0xcbf29ce484222325L;

    private static long mix(long hash, long word) {
        return (hash ^ word) * 0x100000001b3L;
    }

    /** SplitMix64 (Steele, Lea &amp; Flood, OOPSLA 2014), spelled out so the stream never depends on the JDK. */
    private static final class Noise {
        private long state;

        Noise(long seed) {
            state = seed;
        }

        /** Uniform in [-1, 1). */
        double next() {
            long z = (state += 0x9e3779b97f4a7c15L);
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            z = z ^ (z >>> 31);
            return (z >>> 11) * 0x1.0p-53 * 2 - 1;
        }
    }
}
