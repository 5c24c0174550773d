package dev.descent.spark;

import dev.descent.nn.Module;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerKind;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import dev.descent.train.TrainConfig;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * One round of {@link ModelAveraging} on one partition, run on an executor: from the broadcast parameters, up to
 * {@code localSteps} optimizer steps on the partition's own mini-batches, then the resulting parameters, weighted by
 * the examples seen, added into the round's sum: parameters × seen, then seen, loss × seen and correct predictions.
 */
final class LocalSteps implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ModelRecipe model;
    private final LossRecipe loss;
    private final OptimizerKind optimizer;
    private final double learningRate;
    private final Broadcast<double[]> parameters;
    private final int batchSize;
    private final boolean dropLast;
    private final long seed;
    private final int epoch;
    private final int round;
    private final int localSteps;
    private final int classes;

    LocalSteps(ModelRecipe model, LossRecipe loss, OptimizerKind optimizer, double learningRate,
               Broadcast<double[]> parameters, TrainConfig config, int epoch, int round, int localSteps, int classes) {
        this.batchSize = config.batchSize();
        this.dropLast = config.dropLast();
        this.seed = config.seed();
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.learningRate = learningRate;
        this.parameters = parameters;
        this.epoch = epoch;
        this.round = round;
        this.localSteps = localSteps;
        this.classes = classes;
    }

    double[] add(double[] sum, Shard shard) {
        int b = batchSize;
        int n = shard.size();
        int end = dropLast ? n - n % b : n;
        int first = round * localSteps * b;
        if (first >= end) {
            return sum;
        }
        // this epoch's order of this partition's examples: seeded by the run's seed, the epoch and the partition
        int[] order = Rng.of((seed + epoch) * 1_000_003L + TaskContext.getPartitionId()).permutation(n);
        Module m = model.borrow(parameters.value());
        try {
            m.setTraining(true);
            Optimizer step = optimizer.create(m.parameterTensors(), learningRate);
            double seen = 0;
            double lossSum = 0;
            double correct = 0;
            for (int from = first; from < Math.min(end, first + localSteps * b); from += b) {
                int[] rows = Arrays.copyOfRange(order, from, Math.min(end, from + b));
                int width = shard.labels != null ? classes : shard.targetWidth;
                Tensor x = Tensor.of(GradientTask.gatherFeatures(shard, rows), rows.length, shard.featureCount)
                        .to(model.dtype());
                Tensor y = Tensor.of(GradientTask.gatherTargets(shard, rows, width), rows.length, width)
                        .to(model.dtype());
                step.zeroGrad();
                Tensor output = m.forward(x);
                Tensor l = loss.create().apply(output, y);
                l.backward();
                step.step();
                seen += rows.length;
                lossSum += l.item() * rows.length;
                correct += GradientTask.correct(output, shard, rows);
            }
            double[] values = ModelRecipe.read(m.parameterTensors());
            for (int i = 0; i < values.length; i++) {
                sum[i] += seen * values[i];
            }
            sum[values.length] += seen;
            sum[values.length + 1] += lossSum;
            sum[values.length + 2] += correct;
            return sum;
        } finally {
            model.giveBack(m);
        }
    }
}
