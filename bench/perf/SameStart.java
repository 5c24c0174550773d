import dev.descent.data.Idx;
import dev.descent.loss.Losses;
import dev.descent.nn.Activation;
import dev.descent.nn.Init;
import dev.descent.nn.Sequential;
import dev.descent.optim.Sgd;
import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * bench/same-start.sh's Descent side: Nielsen's configuration a (784-30-10 sigmoid, quadratic cost, SGD lr 3.0,
 * batch 10) from Descent's seeded N(0,1) start, trained in F32 and in F64 from the same (F32) values and the same
 * example order; writes that start and order to OUT so same_start.py trains PyTorch float32 and float64 from them.
 * Prints one {@code impl=... seed=... acc=...} line per run.
 * Usage: java -cp CLASSPATH SameStart SEED EPOCHS DATA_DIR OUT_DIR
 */
public final class SameStart {
    private static final int BATCH = 10;

    public static void main(String[] args) throws IOException {
        long seed = Long.parseLong(args[0]);
        int epochs = Integer.parseInt(args[1]);
        Path data = Path.of(args[2]);
        Path out = Path.of(args[3]);
        float[] x = Idx.readImages(find(data, "train-images-idx3-ubyte")).scaled();
        int[] y = Idx.readLabels(find(data, "train-labels-idx1-ubyte"));
        float[] xt = Idx.readImages(find(data, "t10k-images-idx3-ubyte")).scaled();
        int[] yt = Idx.readLabels(find(data, "t10k-labels-idx1-ubyte"));
        int n = y.length;

        Sequential start = Sequential.mlp(new int[] {784, 30, 10}, Activation.sigmoid(), Activation.sigmoid(),
                Init.STANDARD_NORMAL, DType.F32, Rng.of(seed));
        List<Tensor> initial = start.parameterTensors();
        for (int i = 0; i < initial.size(); i++) {
            writeFloats(out.resolve("p" + i + ".bin"), initial.get(i).floatData());
        }
        int[][] orders = new int[epochs][];
        for (int e = 0; e < epochs; e++) {
            orders[e] = shuffled(n, 1000L * seed + e + 1);
            ByteBuffer bytes = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
            for (int v : orders[e]) {
                bytes.putInt(v);
            }
            Files.write(out.resolve("order" + e + ".bin"), bytes.array());
        }
        for (DType dtype : new DType[] {DType.F32, DType.F64}) {
            Sequential net = Sequential.mlp(new int[] {784, 30, 10}, Activation.sigmoid(), Activation.sigmoid(),
                    Init.STANDARD_NORMAL, dtype, Rng.of(seed));
            List<Tensor> params = net.parameterTensors();
            for (int i = 0; i < params.size(); i++) {
                params.get(i).copyFrom(initial.get(i).to(dtype));
            }
            Sgd sgd = Sgd.of(params, 3.0);
            var loss = Losses.quadratic();
            float[] xs = new float[BATCH * 784];
            float[] ys = new float[BATCH * 10];
            for (int[] order : orders) {
                for (int s = 0; s + BATCH <= n; s += BATCH) {
                    java.util.Arrays.fill(ys, 0f);
                    for (int k = 0; k < BATCH; k++) {
                        int i = order[s + k];
                        System.arraycopy(x, i * 784, xs, k * 784, 784);
                        ys[k * 10 + y[i]] = 1f;
                    }
                    sgd.zeroGrad();
                    Tensor l = loss.apply(net.forward(Tensor.of(xs, BATCH, 784).to(dtype)),
                            Tensor.of(ys, BATCH, 10).to(dtype));
                    l.backward();
                    sgd.step();
                }
            }
            int[] predicted = net.forward(Tensor.of(xt, yt.length, 784).to(dtype)).argmax(-1);
            int correct = 0;
            for (int i = 0; i < predicted.length; i++) {
                correct += predicted[i] == yt[i] ? 1 : 0;
            }
            System.out.printf(Locale.ROOT, "impl=descent-%s seed=%d acc=%.4f%n", dtype.name().toLowerCase(Locale.ROOT),
                    seed, correct / (double) yt.length);
        }
    }

    /** Fisher–Yates with a SplittableRandom, as DescentPerf shuffles. */
    private static int[] shuffled(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static Path find(Path dir, String stem) {
        Path gz = dir.resolve(stem + ".gz");
        return Files.exists(gz) ? gz : dir.resolve(stem);
    }

    private static void writeFloats(Path path, float[] values) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            bytes.putFloat(v);
        }
        Files.write(path, bytes.array());
    }
}
