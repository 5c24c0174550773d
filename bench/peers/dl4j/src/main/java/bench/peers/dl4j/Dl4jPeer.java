package bench.peers.dl4j;

import bench.peers.FashionMnist;
import bench.peers.Peer;
import bench.peers.PeerBench;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.lossfunctions.impl.LossL2;

/**
 * Deeplearning4j's MultiLayerNetwork on nd4j-native (F32, OpenBLAS for the matrix products, workspaces on by
 * default), trained the way its users do: {@code fit(features, labels)} per mini-batch. Threads: libnd4j and its
 * OpenBLAS read OMP_NUM_THREADS (perf.sh sets it); {@link #prepare} also caps nd4j's own thread pools.
 */
public final class Dl4jPeer implements Peer {
    private INDArray trainX;
    private INDArray trainY;
    private INDArray testX;
    private int[] testLabels;
    private int threads;

    public static void main(String[] args) throws Exception {
        PeerBench.run(new Dl4jPeer(), args);
    }

    @Override
    public String name() {
        return "dl4j";
    }

    @Override
    public void prepare(FashionMnist data, int threads) {
        this.threads = threads;
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        int n = data.trainLabels().length;
        trainX = Nd4j.create(data.trainImages(), new long[] {n, FashionMnist.FEATURES}, 'c');
        trainY = oneHot(data.trainLabels());
        testX = Nd4j.create(data.testImages(), new long[] {data.testLabels().length, FashionMnist.FEATURES}, 'c');
        testLabels = data.testLabels();
    }

    private static INDArray oneHot(int[] labels) {
        float[] y = new float[labels.length * FashionMnist.CLASSES];
        for (int i = 0; i < labels.length; i++) {
            y[i * FashionMnist.CLASSES + labels[i]] = 1f;
        }
        return Nd4j.create(y, new long[] {labels.length, FashionMnist.CLASSES}, 'c');
    }

    @Override
    public Model build(String config, long seed) {
        return switch (config) {
            case "a" -> new Dl4jModel(nielsen(seed), 10, "");
            case "c" -> new Dl4jModel(reluSoftmax(seed), 64, "Nesterov momentum, zero biases");
            default -> throw new IllegalArgumentException("the Java peers run configurations a and c, not " + config);
        };
    }

    /**
     * Configuration a: 784-30-10, sigmoid everywhere, SGD lr 3.0, Nielsen's N(0, 1) weights and biases. Nielsen's
     * cost ½‖a − y‖² is DL4J's L2 loss ‖a − y‖² with every output weighted ½; DL4J averages it over the mini-batch.
     */
    private static MultiLayerNetwork nielsen(long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new Sgd(3.0))
                .weightInit(new NormalDistribution(0, 1))
                .list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(30).activation(Activation.SIGMOID).build())
                .layer(new OutputLayer.Builder(new LossL2(Nd4j.valueArrayOf(new long[] {1, 10}, 0.5f)))
                        .nIn(30).nOut(10).activation(Activation.SIGMOID).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        // DL4J initializes biases to a constant; Nielsen draws them from N(0, 1) too
        Nd4j.getRandom().setSeed(seed);
        for (int layer = 0; layer < 2; layer++) {
            INDArray bias = net.getParam(layer + "_b");
            bias.assign(Nd4j.randn(DataType.FLOAT, bias.shape()));
        }
        return net;
    }

    /**
     * Configuration c: 784-128-10, ReLU, softmax cross-entropy (MCXENT, averaged over the mini-batch), lr 0.1
     * momentum 0.9. Weights U(±1/√fan-in) as PyTorch's and Descent's (DL4J's UNIFORM), biases zero (DL4J's only
     * bias initialization is a constant). DL4J has no plain (heavy-ball) momentum: Nesterovs is its momentum updater.
     */
    private static MultiLayerNetwork reluSoftmax(long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new Nesterovs(0.1, 0.9))
                .weightInit(WeightInit.UNIFORM)
                .list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(128).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(128).nOut(10).activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private final class Dl4jModel implements Model {
        private final MultiLayerNetwork net;
        private final int batch;
        private final String deviation;
        private final int[] rows;
        private final INDArray x;
        private final INDArray y;

        Dl4jModel(MultiLayerNetwork net, int batch, String deviation) {
            this.net = net;
            this.batch = batch;
            this.deviation = deviation;
            this.rows = new int[batch];
            this.x = Nd4j.create(DataType.FLOAT, batch, FashionMnist.FEATURES);
            this.y = Nd4j.create(DataType.FLOAT, batch, FashionMnist.CLASSES);
        }

        @Override
        public int batchSize() {
            return batch;
        }

        @Override
        public void step(int[] order, int from) {
            // a native gather of the batch's rows into two reused arrays: a fresh off-heap array per step would be
            // freed only by the JVM's GC, and javacpp stalls in System.gc() when that garbage reaches its limit
            System.arraycopy(order, from, rows, 0, batch);
            Nd4j.pullRows(trainX, x, 1, rows);
            Nd4j.pullRows(trainY, y, 1, rows);
            net.fit(x, y);
        }

        @Override
        public double loss() {
            return net.score();
        }

        @Override
        public double testAccuracy() {
            INDArray predicted = net.output(testX).argMax(1);
            int correct = 0;
            for (int i = 0; i < testLabels.length; i++) {
                correct += predicted.getInt(i) == testLabels[i] ? 1 : 0;
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
}
