import dev.descent.data.DataSources;
import dev.descent.data.Idx;
import dev.descent.loss.Loss;
import dev.descent.loss.Losses;
import dev.descent.nn.Activation;
import dev.descent.nn.Init;
import dev.descent.nn.Sequential;
import dev.descent.optim.Adam;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Sgd;
import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import dev.descent.tensor.Workspace;
import dev.descent.tensor.kernel.Parallelism;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The training-speed benchmark, Descent side: trains one of the configurations a–d on Fashion-MNIST with the data
 * preloaded (one float[] of all pixels in [0,1]), mini-batches gathered into reused input tensors, the plain user loop
 * (zeroGrad, forward, loss, backward, step) with forward and backward inside a {@link Workspace} so their buffers are
 * reused from step to step (WORKSPACE=0 turns it off; WORKSPACE=compare alternates blocks of 100 steps with and
 * without it, on the same model, and prints the samples/s of each: results are bitwise the same either way), then
 * evaluates test accuracy. Prints one line of key=value pairs that bench/perf.sh turns into the table: samples/s,
 * s/epoch, test accuracy, peak RSS and allocated bytes per step (in all, and without the optimizer's zeroGrad and
 * step).
 * Usage: java -cp CLASSPATH bench/perf/DescentPerf.java CONFIG EPOCHS THREADS [DATA_DIR]; config e is a CNN
 */
public final class DescentPerf {
    /** The seed of the weights and the epochs' order; bench/accuracy.sh varies it (default 1). */
    static final long SEED = Long.parseLong(System.getenv().getOrDefault("SEED", "1"));

    public static void main(String[] args) throws Exception {
        String config = args.length > 0 ? args[0] : "a";
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Path dir = args.length > 3 ? Path.of(args[3]) : null;
        Parallelism.setThreads(threads);
        // The raw IDX arrays, loaded once (no Dataset copy): pixels in [0, 1], as the Python peers load them.
        Path where = dir != null ? dir : DataSources.FASHION_MNIST_DIR;
        float[] features = Idx.readImages(file(where, "train-images-idx3-ubyte")).scaled();
        int[] labels = Idx.readLabels(file(where, "train-labels-idx1-ubyte"));
        float[] testFeatures = Idx.readImages(file(where, "t10k-images-idx3-ubyte")).scaled();
        int[] testLabels = Idx.readLabels(file(where, "t10k-labels-idx1-ubyte"));
        int features1 = 784;
        int classes = 10;

        double warmupSeconds = Double.parseDouble(System.getenv().getOrDefault("WARMUP_SECONDS", "3"));
        Setup run = setup(config);
        int batch = run.batch();
        int n = labels.length;
        int steps = n / batch; // full batches only, as the Python peers (drop_last)
        Batcher batcher = new Batcher(features, labels, features1, classes, batch, n);
        // JIT warm-up on a throwaway copy of the configuration (the Python scripts warm up the same way), so the timed
        // epoch measures compiled code, not the compiler
        Setup warm = setup(config);
        boolean compare = "compare".equals(System.getenv("WORKSPACE"));
        Setup warmWithout = warm.withoutWorkspace();
        Setup runWithout = run.withoutWorkspace();
        batcher.shuffle(999);
        long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        for (int s = 0; s < 20 || System.nanoTime() < warmEnd; s++) {
            batcher.load(s % steps);
            step(compare && (s / BLOCK) % 2 == 1 ? warmWithout : warm, batcher);
        }
        double[] modeSeconds = new double[2]; // compare mode: time in steps with, and without, the workspace
        long[] modeSteps = new long[2];
        var threadBean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        double seconds = 0;
        long allocSteps = 0;
        long allocBytes = 0;
        long optimizerBytes = 0;
        double lastLoss = Double.NaN;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            batcher.shuffle(1000L * SEED + epoch);
            long t0 = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                batcher.load(s);
                if (epoch == epochs && s >= steps / 2 && s < steps / 2 + 200) {
                    // the same step, with the thread's allocation counter read around the optimizer's two calls
                    long before = threadBean.getThreadAllocatedBytes(tid);
                    run.opt().zeroGrad();
                    long zeroed = threadBean.getThreadAllocatedBytes(tid);
                    Tensor l = forwardBackward(run, batcher);
                    long stepping = threadBean.getThreadAllocatedBytes(tid);
                    run.opt().step();
                    long after = threadBean.getThreadAllocatedBytes(tid);
                    allocBytes += after - before;
                    optimizerBytes += (zeroed - before) + (after - stepping);
                    allocSteps++;
                    if (s == steps - 1) {
                        lastLoss = l.item();
                    }
                    continue;
                }
                Tensor l;
                if (compare) {
                    int mode = (s / BLOCK) % 2;
                    long start = System.nanoTime();
                    l = step(mode == 0 ? run : runWithout, batcher);
                    modeSeconds[mode] += (System.nanoTime() - start) / 1e9;
                    modeSteps[mode]++;
                } else {
                    l = step(run, batcher);
                }
                if (s == steps - 1) {
                    lastLoss = l.item();
                }
            }
            seconds += (System.nanoTime() - t0) / 1e9;
        }
        Sequential net = run.net();
        double accuracy = accuracy(net, testFeatures, testLabels);
        long samples = (long) steps * batch * epochs;
        System.out.printf(Locale.ROOT,
                "impl=descent config=%s epochs=%d threads=%d samples_per_s=%.0f s_per_epoch=%.3f test_acc=%.4f"
                        + " loss=%.8f rss_mib=%.0f bytes_per_step=%d engine_bytes_per_step=%d workspace=%s backend=%s%s%n",
                config, epochs, threads, samples / seconds, seconds / epochs, accuracy, lastLoss, peakRssMiB(),
                allocSteps == 0 ? -1 : allocBytes / allocSteps,
                allocSteps == 0 ? -1 : (allocBytes - optimizerBytes) / allocSteps,
                compare ? "compare" : String.valueOf(run.workspace() != null),
                dev.descent.tensor.kernel.Gemms.activeName(),
                !compare ? "" : String.format(Locale.ROOT,
                        " samples_per_s_workspace=%.0f samples_per_s_no_workspace=%.0f",
                        modeSteps[0] * batch / modeSeconds[0], modeSteps[1] * batch / modeSeconds[1]));
    }

    /** One configuration's model, loss, optimizer and batch size, and the workspace its steps run in (or null). */
    record Setup(Sequential net, Loss loss, Optimizer opt, int batch, Workspace workspace) {
        /** The same model, loss and optimizer, stepping without a workspace. */
        Setup withoutWorkspace() {
            return new Setup(net, loss, opt, batch, null);
        }
    }

    /** Steps per block in WORKSPACE=compare mode. */
    static final int BLOCK = 100;

    static Setup setup(String config) {
        Rng rng = Rng.of(SEED);
        Sequential net;
        Loss loss;
        Optimizer opt;
        int batch;
        switch (config) {
            case "a" -> {
                net = Sequential.mlp(new int[] {784, 30, 10}, Activation.sigmoid(), Activation.sigmoid(),
                        Init.STANDARD_NORMAL, DType.F32, rng);
                loss = Losses.quadratic();
                opt = Sgd.of(net.parameterTensors(), 3.0);
                batch = 10;
            }
            case "b" -> {
                net = Sequential.mlp(new int[] {784, 16, 16, 10}, Activation.sigmoid(), Activation.sigmoid(),
                        Init.STANDARD_NORMAL, DType.F32, rng);
                loss = Losses.quadratic();
                opt = Sgd.of(net.parameterTensors(), 3.0);
                batch = 10;
            }
            case "c" -> {
                net = Sequential.mlp(new int[] {784, 128, 10}, Activation.relu(), Activation.identity(),
                        Init.UNIFORM_FAN_IN, DType.F32, rng);
                loss = Losses.crossEntropy();
                opt = Sgd.momentum(net.parameterTensors(), 0.1, 0.9);
                batch = 64;
            }
            case "d" -> {
                net = Sequential.mlp(new int[] {784, 512, 512, 10}, Activation.relu(), Activation.identity(),
                        Init.UNIFORM_FAN_IN, DType.F32, rng);
                loss = Losses.crossEntropy();
                opt = Adam.of(net.parameterTensors(), 1e-3);
                batch = 128;
            }
            case "e" -> {
                // a small CNN: 3x3 convolutions (padding 1) to 8 and 16 channels, each with ReLU and 2x2 max pooling
                net = dev.descent.nn.ModelSpec.parse("1x28x28-conv8-pool-conv16-pool-10").build(Activation.relu(),
                        Activation.identity(), Init.UNIFORM_FAN_IN, DType.F32, rng);
                loss = Losses.crossEntropy();
                opt = Sgd.momentum(net.parameterTensors(), 0.01, 0.9);
                batch = 64;
            }
            default -> throw new IllegalArgumentException("config must be a, b, c, d or e, was " + config);
        }

        boolean reuse = !"0".equals(System.getenv("WORKSPACE"));
        return new Setup(net, loss, opt, batch, reuse ? Workspace.create() : null);
    }

    /** One training step, the plain user loop: zeroGrad, forward, loss, backward, step. */
    static Tensor step(Setup s, Batcher b) {
        s.opt().zeroGrad();
        Tensor l = forwardBackward(s, b);
        s.opt().step();
        return l;
    }

    /**
     * Forward, loss and backward, in the setup's workspace: the loss and the gradients stay valid after it closes,
     * for the optimizer's step and for reading the loss, until the next step opens it again.
     */
    static Tensor forwardBackward(Setup s, Batcher b) {
        if (s.workspace() == null) {
            Tensor l = s.loss().apply(s.net().forward(b.x), b.y);
            l.backward();
            return l;
        }
        try (Workspace open = s.workspace().open()) {
            Tensor l = s.loss().apply(s.net().forward(b.x), b.y);
            l.backward();
            return l;
        }
    }

    /** Mini-batches gathered from the preloaded arrays into two reused input tensors (outside the graph). */
    static final class Batcher {
        final float[] features;
        final int[] labels;
        final int width;
        final int classes;
        final int batch;
        final int[] order;
        final Tensor x;
        final Tensor y;

        Batcher(float[] features, int[] labels, int width, int classes, int batch, int n) {
            this.features = features;
            this.labels = labels;
            this.width = width;
            this.classes = classes;
            this.batch = batch;
            this.order = new int[n];
            this.x = Tensor.zeros(batch, width);
            this.y = Tensor.zeros(batch, classes);
        }

        void shuffle(long seed) {
            DescentPerf.shuffle(order, seed);
        }

        void load(int step) {
            float[] xs = x.floatData();
            float[] ys = y.floatData();
            java.util.Arrays.fill(ys, 0f);
            for (int r = 0; r < batch; r++) {
                int i = order[step * batch + r];
                System.arraycopy(features, i * width, xs, r * width, width);
                ys[r * classes + labels[i]] = 1f;
            }
        }
    }

    private static double accuracy(Sequential net, float[] all, int[] labels) {
        int correct = 0;
        int chunk = 1000;
        int f = 784;
        try (var ignored = Tensor.noGrad()) {
            for (int from = 0; from < labels.length; from += chunk) {
                int to = Math.min(labels.length, from + chunk);
                float[] part = java.util.Arrays.copyOfRange(all, from * f, to * f);
                int[] predicted = net.forward(Tensor.of(part, to - from, f)).argmax(-1);
                for (int i = 0; i < predicted.length; i++) {
                    correct += predicted[i] == labels[from + i] ? 1 : 0;
                }
            }
        }
        return (double) correct / labels.length;
    }

    private static Path file(Path dir, String base) {
        for (String candidate : new String[] {base, base + ".gz"}) {
            if (Files.isRegularFile(dir.resolve(candidate))) {
                return dir.resolve(candidate);
            }
        }
        throw new IllegalArgumentException(base + "(.gz) not found in " + dir
                + "; install Debian's dataset-fashion-mnist or pass the directory");
    }

    /** Fisher–Yates with a seeded splittable generator: the same order for the same epoch on every run. */
    private static void shuffle(int[] order, long seed) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    static double peakRssMiB() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
