package dev.descent.train;

import dev.descent.data.Dataset;
import dev.descent.nn.ModelSpec;
import dev.descent.tensor.DType;

/**
 * The memory training a network needs, in bytes, estimated before anything large is allocated, so
 * that a model too large for the machine can be refused with numbers instead of dying in an
 * {@link OutOfMemoryError} halfway through. It counts the parts that grow with the model and the data; the JVM's
 * own overhead and short-lived temporaries come on top, so treat {@link #total()} as a lower bound.
 *
 * @param parameters     the weights and biases, in the model's dtype
 * @param gradients      one gradient per parameter, in the same dtype
 * @param optimizerState the optimizer's per-parameter buffers (moments, accumulators), kept in F64
 * @param activations    the larger of one training batch's activations and their gradients, and one evaluation
 *                       batch's activations
 * @param workspace      the scratch buffers of the convolutions (im2col columns and their gradient) for the largest
 *                       convolution of a training or evaluation batch; 0 for a perceptron
 * @param data           the training and test examples as they are held in memory
 */
public record MemoryEstimate(long parameters, long gradients, long optimizerState, long activations, long workspace,
                             long data) {

    /** Checks that no part is negative. */
    public MemoryEstimate {
        if (parameters < 0 || gradients < 0 || optimizerState < 0 || activations < 0 || workspace < 0 || data < 0) {
            throw new IllegalArgumentException("memory parts must be >= 0, were " + parameters + ", " + gradients
                    + ", " + optimizerState + ", " + activations + ", " + workspace + ", " + data);
        }
    }

    /**
     * The estimate for {@code model} (a perceptron as {@link #ofMlp}; a convolutional network from its layers' shapes,
     * {@link ModelSpec#layers()}, without building it), with the other arguments as {@link #ofMlp} takes them.
     *
     * <p>For a convolutional network, training keeps per example the input and, per layer, its output and the
     * output's gradient (batch norm also its normalized input; max pooling the position of each maximum, counted as
     * one value), views (flatten, unflatten) nothing; evaluation keeps the outputs only. A convolution computed by im2col
     * lowers its input to columns of {@code C·k·k × H_out·W_out} values per example, and its backward pass a gradient
     * of the same size; the workspace is sized for the largest of them, since layers reuse it. The direct convolution
     * (stride 1 on the Vector API kernel) needs less, so the workspace is an upper bound there.
     */
    public static MemoryEstimate of(ModelSpec model, DType dtype, int batchSize, int evalBatchSize, int stateCopies,
                                    long dataBytes) {
        if (model == null || !model.convolutional()) {
            return ofMlp(model == null ? null : model.widths(), dtype, batchSize, evalBatchSize, stateCopies,
                    dataBytes);
        }
        checkSizes(batchSize, evalBatchSize, stateCopies, dataBytes);
        long count = 0;
        long trainingValues = model.inputs();
        long evaluationValues = model.inputs();
        long columns = 0;
        for (ModelSpec.Layer l : model.layers()) {
            count += l.parameters();
            long out = l.outputs();
            switch (l.kind()) {
                case UNFLATTEN, FLATTEN -> out = 0;
                case BATCH_NORM, MAX_POOL -> trainingValues += out;
                case CONVOLUTION -> {
                    int[] in = l.inputShape();
                    int[] o = l.outputShape();
                    columns = Math.max(columns, (long) in[0] * l.kernel() * l.kernel() * o[1] * o[2]);
                }
                default -> {
                }
            }
            trainingValues += 2 * out;
            evaluationValues += out;
        }
        long bytes = dtype.bytes();
        long activations = Math.max(batchSize * trainingValues, evalBatchSize * evaluationValues) * bytes;
        long workspace = Math.max(batchSize * 2 * columns, evalBatchSize * columns) * bytes;
        return new MemoryEstimate(count * bytes, count * bytes, count * stateCopies * (long) Double.BYTES,
                activations, workspace, dataBytes);
    }

    /**
     * The estimate for a network with layer widths {@code sizes} (input first) in {@code dtype}, trained on batches
     * of {@code batchSize} and evaluated on batches of {@code evalBatchSize}, with an optimizer that keeps
     * {@code stateCopies} F64 buffers the size of the parameters (0 for plain SGD, 1 for momentum, 2 for Adam) and
     * {@code dataBytes} of examples (see {@link #bytes(Dataset)}).
     *
     * <p>Training keeps, per layer, the pre-activation and the activation of the batch, and the backward pass one
     * gradient of each: 4 values per unit and example. Evaluation keeps no gradients: 2 values per unit and example.
     */
    public static MemoryEstimate ofMlp(int[] sizes, DType dtype, int batchSize, int evalBatchSize, int stateCopies,
                                       long dataBytes) {
        if (sizes == null || sizes.length < 2) {
            throw new IllegalArgumentException("sizes must hold at least an input and an output width");
        }
        checkSizes(batchSize, evalBatchSize, stateCopies, dataBytes);
        long count = 0;
        long units = 0;
        for (int i = 1; i < sizes.length; i++) {
            count += (long) sizes[i - 1] * sizes[i] + sizes[i];
            units += sizes[i];
        }
        long bytes = dtype.bytes();
        long training = (long) batchSize * (sizes[0] + 4 * units) * bytes;
        long evaluation = (long) evalBatchSize * (sizes[0] + 2 * units) * bytes;
        return new MemoryEstimate(count * bytes, count * bytes, count * stateCopies * (long) Double.BYTES,
                Math.max(training, evaluation), 0, dataBytes);
    }

    private static void checkSizes(int batchSize, int evalBatchSize, int stateCopies, long dataBytes) {
        if (batchSize < 1 || evalBatchSize < 0 || stateCopies < 0 || dataBytes < 0) {
            throw new IllegalArgumentException("batchSize must be >= 1 and evalBatchSize, stateCopies, dataBytes >= 0,"
                    + " were " + batchSize + ", " + evalBatchSize + ", " + stateCopies + ", " + dataBytes);
        }
    }

    /** The bytes {@code data} holds: its features as floats and its labels or targets. */
    public static long bytes(Dataset data) {
        long perExample = (long) data.featureCount() * Float.BYTES
                + (data.isClassification() ? Integer.BYTES : (long) data.targetWidth() * Float.BYTES);
        return perExample * data.size();
    }

    /** All parts together. */
    public long total() {
        return parameters + gradients + optimizerState + activations + workspace + data;
    }
}
