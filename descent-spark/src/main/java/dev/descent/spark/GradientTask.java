package dev.descent.spark;

import dev.descent.nn.Module;
import dev.descent.tensor.Tensor;
import java.io.Serializable;
import org.apache.spark.broadcast.Broadcast;

/**
 * One step's work on one partition, run on an executor: set a model to the broadcast parameters, run forward,
 * loss and backward on the partition's rows of the batch, and add the gradient, weighted by the rows' share of the
 * batch, into the step's sum. The sum is one flat array: the gradient in parameter order, then the loss, then the
 * count of correct predictions.
 */
final class GradientTask implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ModelRecipe model;
    private final LossRecipe loss;
    private final Broadcast<double[]> parameters;
    /** The batch's global indices, ascending. */
    private final int[] batch;
    /** The number of classes (the one-hot width); 0 for regression. */
    private final int classes;
    private final FaultProbe probe;

    GradientTask(ModelRecipe model, LossRecipe loss, Broadcast<double[]> parameters, int[] batch, int classes,
                 FaultProbe probe) {
        this.model = model;
        this.classes = classes;
        this.loss = loss;
        this.parameters = parameters;
        this.batch = batch;
        this.probe = probe;
    }

    /** Adds {@code shard}'s part of the batch gradient, loss and correct count into {@code sum}; returns it. */
    double[] add(double[] sum, Shard shard) {
        if (probe != null) {
            probe.beforeGradient();
        }
        int[] rows = shard.rowsOf(batch);
        if (rows.length == 0) {
            return sum;
        }
        Module m = model.borrow(parameters.value());
        try {
            m.setTraining(true);
            m.zeroGrad();
            Tensor x = Tensor.of(gatherFeatures(shard, rows), rows.length, shard.featureCount).to(model.dtype());
            int width = shard.labels != null ? classes : shard.targetWidth;
            Tensor y = Tensor.of(gatherTargets(shard, rows, width), rows.length, width).to(model.dtype());
            Tensor output = m.forward(x);
            Tensor l = loss.create().apply(output, y);
            l.backward();
            // a mean over the partition's rows counts for their share of the batch; a sum counts as it is
            double weight = loss.sumsOverExamples() ? 1 : (double) rows.length / batch.length;
            int offset = 0;
            for (Tensor p : m.parameterTensors()) {
                Tensor g = p.grad();
                if (g != null) {
                    double[] d = g.doubleData();
                    float[] f = g.floatData();
                    for (int i = 0; i < p.numel(); i++) {
                        sum[offset + i] += weight * (d != null ? d[i] : f[i]);
                    }
                }
                offset += p.numel();
            }
            sum[offset] += weight * l.item();
            sum[offset + 1] += correct(output, shard, rows);
            return sum;
        } finally {
            model.giveBack(m);
        }
    }

    /** Adds {@code other} into {@code sum}; returns it. */
    static double[] merge(double[] sum, double[] other) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] += other[i];
        }
        return sum;
    }

    /** How many of {@code output}'s rows (the argmax) name the label of the shard's {@code rows}; 0 for regression. */
    static int correct(Tensor output, Shard shard, int[] rows) {
        if (shard.labels == null) {
            return 0;
        }
        int[] predicted = output.argmax(-1);
        int correct = 0;
        for (int k = 0; k < rows.length; k++) {
            correct += predicted[k] == shard.labels[rows[k]] ? 1 : 0;
        }
        return correct;
    }

    /** The features of the shard's {@code rows}, row-major. */
    static float[] gatherFeatures(Shard shard, int[] rows) {
        int w = shard.featureCount;
        float[] out = new float[rows.length * w];
        for (int k = 0; k < rows.length; k++) {
            System.arraycopy(shard.features, rows[k] * w, out, k * w, w);
        }
        return out;
    }

    /** The targets of the shard's {@code rows}, row-major: one-hot of width {@code w} for labels. */
    static float[] gatherTargets(Shard shard, int[] rows, int w) {
        float[] out = new float[rows.length * w];
        for (int k = 0; k < rows.length; k++) {
            if (shard.labels != null) {
                out[k * w + shard.labels[rows[k]]] = 1f;
            } else {
                System.arraycopy(shard.targets, rows[k] * w, out, k * w, w);
            }
        }
        return out;
    }

    /** A test's way to make a task fail during a step (to see Spark retry it); null in real runs. */
    interface FaultProbe extends Serializable {
        void beforeGradient();
    }
}
