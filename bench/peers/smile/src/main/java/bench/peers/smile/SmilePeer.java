package bench.peers.smile;

import bench.peers.FashionMnist;
import bench.peers.Peer;
import bench.peers.PeerBench;
import java.util.function.BiConsumer;
import java.util.function.ToIntFunction;
import smile.base.mlp.InputLayer;
import smile.base.mlp.Layer;
import smile.base.mlp.OutputFunction;
import smile.classification.MLP;
import smile.math.MathEx;
import smile.math.TimeFunction;

/**
 * Smile's multilayer perceptron trained the way its own {@code MLP.fit} does, {@code update(double[][], int[])} per
 * mini-batch: the {@link MLP} classifier for configuration c, and for configuration a {@link NielsenMlp}, the same
 * step on Smile's base class with the 1/0 targets of Nielsen's cost (the classifier would use 0.9/0.1). Smile works in double precision and back-propagates one sample at a time on the calling thread,
 * calling OpenBLAS (javacpp's build, which reads OPENBLAS_NUM_THREADS) for each layer's matrix-vector products.
 */
public final class SmilePeer implements Peer {
    private float[] trainImages;
    private int[] trainLabels;
    private float[] testImages;
    private int[] testLabels;
    private int threads;

    public static void main(String[] args) throws Exception {
        PeerBench.run(new SmilePeer(), args);
    }

    @Override
    public String name() {
        return "smile";
    }

    @Override
    public void prepare(FashionMnist data, int threads) {
        // kept as floats (as every implementation preloads them); each batch is widened to the double[][] Smile takes
        this.trainImages = data.trainImages();
        this.trainLabels = data.trainLabels();
        this.testImages = data.testImages();
        this.testLabels = data.testLabels();
        this.threads = threads;
    }

    @Override
    public Model build(String config, long seed) {
        MathEx.setSeed(seed); // Smile's default initialization draws from this global generator
        return switch (config) {
            case "a" -> {
                // 784-30-10 sigmoid, Nielsen's quadratic cost on one-hot 1/0 targets, N(0, 1) weights and biases
                java.util.Random normal = new java.util.Random(seed);
                NielsenMlp mlp = new NielsenMlp(new InputLayer(784), NormalInit.sigmoid(30, 784, normal),
                        NormalInit.sigmoidSquaredError(10, 30, normal));
                mlp.setLearningRate(TimeFunction.constant(3.0));
                yield new SmileModel(mlp::update, mlp::predict, 10, "F64, one sample at a time");
            }
            case "c" -> {
                // 784-128-10 ReLU, softmax with log-likelihood (cross-entropy), heavy-ball momentum; Smile's MLP
                // classifier as its users train it, with its only initialization (Xavier-uniform weights, zero biases)
                MLP mlp = new MLP(Layer.input(784), Layer.rectifier(128), Layer.mle(10, OutputFunction.SOFTMAX));
                mlp.setLearningRate(TimeFunction.constant(0.1));
                mlp.setMomentum(TimeFunction.constant(0.9));
                yield new SmileModel(mlp::update, mlp::predict, 64, "F64, one sample at a time, Xavier init");
            }
            default -> throw new IllegalArgumentException("the Java peers run configurations a and c, not " + config);
        };
    }

    private final class SmileModel implements Model {
        private final BiConsumer<double[][], int[]> update;
        private final ToIntFunction<double[]> predict;
        private final int batch;
        private final String deviation;
        private final double[][] x;
        private final int[] y;

        SmileModel(BiConsumer<double[][], int[]> update, ToIntFunction<double[]> predict, int batch, String deviation) {
            this.update = update;
            this.predict = predict;
            this.batch = batch;
            this.deviation = deviation;
            this.x = new double[batch][FashionMnist.FEATURES];
            this.y = new int[batch];
        }

        @Override
        public int batchSize() {
            return batch;
        }

        @Override
        public void step(int[] order, int from) {
            for (int r = 0; r < batch; r++) {
                int row = order[from + r];
                widen(trainImages, row, x[r]);
                y[r] = trainLabels[row];
            }
            update.accept(x, y);
        }

        /** Smile's MLP does not report a training loss. */
        @Override
        public double loss() {
            return Double.NaN;
        }

        @Override
        public double testAccuracy() {
            double[] row = new double[FashionMnist.FEATURES];
            int correct = 0;
            for (int i = 0; i < testLabels.length; i++) {
                widen(testImages, i, row);
                correct += predict.applyAsInt(row) == testLabels[i] ? 1 : 0;
            }
            return (double) correct / testLabels.length;
        }

        @Override
        public int threads() {
            return threads;
        }

        @Override
        public String deviation() {
            return deviation;
        }
    }

    private static void widen(float[] images, int row, double[] into) {
        int offset = row * FashionMnist.FEATURES;
        for (int j = 0; j < FashionMnist.FEATURES; j++) {
            into[j] = images[offset + j];
        }
    }
}
