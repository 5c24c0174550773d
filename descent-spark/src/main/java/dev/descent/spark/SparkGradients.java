package dev.descent.spark;

import dev.descent.loss.Loss;
import dev.descent.nn.Module;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import dev.descent.train.BatchGradients;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * Mini-batch gradients computed on Spark, synchronously, as Spark MLlib's {@code GradientDescent} does: per step
 * the driver broadcasts the parameters as one flat array, every partition computes the gradient over its rows of
 * the batch, {@code treeAggregate} sums them, and the {@link dev.descent.train.Trainer} clips and steps its
 * optimizer on the driver, where the optimizer's state stays. The sum of the partitions' gradients equals the
 * batch's gradient up to the order of summing (1e-9 relative in F64, measured far below). Closing it drops the
 * cached examples.
 */
public final class SparkGradients implements BatchGradients {
    private final JavaSparkContext spark;
    private final JavaRDD<Shard> shards;
    private final int size;
    private final int classes;
    private final List<Tensor> parameters;
    private final ModelRecipe model;
    private final LossRecipe loss;
    private final int treeDepth;
    private GradientTask.FaultProbe probe;

    private SparkGradients(SparkExamples examples, Module model, Loss loss, DType dtype, int treeDepth) {
        this.spark = examples.context();
        this.classes = examples.classes();
        this.parameters = model.parameterTensors();
        this.model = ModelRecipe.of(model, dtype);
        this.loss = LossRecipe.of(loss);
        this.treeDepth = treeDepth;
        this.shards = examples.shards().persist(StorageLevel.MEMORY_AND_DISK());
        long count = shards.map(Shard::size).fold(0, Integer::sum);
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("examples: " + count + " rows, at most " + Integer.MAX_VALUE);
        }
        this.size = (int) count;
    }

    /**
     * The gradients of {@code model}'s parameters under {@code loss} in {@code dtype} over {@code examples}, summed
     * by a {@code treeAggregate} of depth {@code treeDepth} (2 as in MLlib; deeper trees relieve the driver when
     * there are hundreds of partitions). The examples are numbered, cut into partitions and cached now.
     */
    public static SparkGradients of(SparkExamples examples, Module model, Loss loss, DType dtype, int treeDepth) {
        if (examples == null || model == null || loss == null || dtype == null) {
            throw new IllegalArgumentException("SparkGradients.of: " + (examples == null ? "examples" : model == null
                    ? "model" : loss == null ? "loss" : "dtype") + " is null");
        }
        if (treeDepth < 1) {
            throw new IllegalArgumentException("treeDepth must be >= 1, was " + treeDepth);
        }
        return new SparkGradients(examples, model, loss, dtype, treeDepth);
    }

    /** Makes every task call {@code faultProbe} before it computes (tests: a task that fails once). */
    SparkGradients withProbe(GradientTask.FaultProbe faultProbe) {
        this.probe = faultProbe;
        return this;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isClassification() {
        return classes > 0;
    }

    @Override
    public Result compute(int[] indices) {
        double[] flat = ModelRecipe.read(parameters);
        Broadcast<double[]> sent = spark.broadcast(flat);
        try {
            int[] batch = indices.clone();
            Arrays.sort(batch);
            GradientTask task = new GradientTask(model, loss, sent, batch, classes, probe);
            double[] sum = shards.treeAggregate(new double[flat.length + 2], task::add, GradientTask::merge,
                    treeDepth);
            int offset = 0;
            for (Tensor p : parameters) {
                p.setGrad(Tensor.of(p.dtype(), Arrays.copyOfRange(sum, offset, offset + p.numel()), p.shape()));
                offset += p.numel();
            }
            return new Result(sum[offset], Math.round(sum[offset + 1]));
        } finally {
            sent.destroy();
        }
    }

    @Override
    public void close() {
        shards.unpersist(false);
    }

    @Override
    public String toString() {
        return "SparkGradients(" + size + " examples, " + shards.getNumPartitions() + " partitions, "
                + model.architecture() + ", treeDepth=" + treeDepth + ")";
    }
}
