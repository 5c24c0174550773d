package dev.descent.spark;

import dev.descent.data.Dataset;
import dev.descent.loss.Loss;
import dev.descent.nn.Module;
import dev.descent.optim.OptimizerKind;
import dev.descent.tensor.DType;
import dev.descent.train.Callback;
import dev.descent.train.EpochResult;
import dev.descent.train.Evaluation;
import dev.descent.train.History;
import dev.descent.train.TrainConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * Data-parallel training with fewer round trips, by parameter averaging (as Deeplearning4j's parameter averaging
 * did): every partition trains its own copy of the model for {@code localSteps} mini-batches of its own examples,
 * then the driver averages the copies, weighted by the examples each saw, and sends the average out for the next
 * round. One broadcast and one {@code treeAggregate} per {@code localSteps} steps, instead of one per step.
 *
 * <p>The trade-off: it is not {@link SparkTrainer}'s synchronous descent and does not give {@code Trainer}'s
 * results. Between averages each copy follows only its partition's examples and drifts from the others, so
 * {@code localSteps} averaged steps are not as good as that many steps on the global batch, and the more so the
 * larger {@code localSteps} and the learning rate. Optimizer state (momentum, Adam's moments) starts afresh on every
 * partition every round and is not averaged. With one partition it is plain local training; with
 * {@code localSteps = 1} and plain SGD it is synchronous SGD with a batch of partitions × batchSize. Use it when a
 * step's communication (the parameters, out and back) costs more than its compute, and compare its convergence
 * with synchronous training first. Epoch e shuffles partition p's examples with a seed made of the config's seed, e
 * and p. No schedule, clipping or stopping rules (callbacks may stop it between epochs).
 */
public final class ModelAveraging {
    private final Module model;
    private final Loss loss;
    private final OptimizerKind optimizer;
    private final double learningRate;
    private final TrainConfig config;
    private final int localSteps;
    private final List<Callback> callbacks = new ArrayList<>();
    private DType dtype = DType.F32;

    private ModelAveraging(Module model, Loss loss, OptimizerKind optimizer, double learningRate, TrainConfig config,
                           int localSteps) {
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.learningRate = learningRate;
        this.config = config;
        this.localSteps = localSteps;
    }

    /**
     * Trains {@code model} under {@code loss} with a fresh {@code optimizer} of {@code learningRate} on every
     * partition, averaging every {@code localSteps} local steps; epochs, batch size, seed and dropLast from
     * {@code config}.
     */
    public static ModelAveraging of(Module model, Loss loss, OptimizerKind optimizer, double learningRate,
                                    TrainConfig config, int localSteps) {
        if (model == null || loss == null || optimizer == null || config == null) {
            throw new IllegalArgumentException("ModelAveraging.of: " + (model == null ? "model" : loss == null
                    ? "loss" : optimizer == null ? "optimizer" : "config") + " is null");
        }
        if (optimizer.reevaluatesLoss()) {
            throw new IllegalArgumentException("ModelAveraging.of: " + optimizer.label() + " evaluates the loss"
                    + " as often as its method needs; use a first-order optimizer such as sgd or adam");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be > 0, was " + learningRate);
        }
        if (localSteps < 1) {
            throw new IllegalArgumentException("localSteps must be >= 1, was " + localSteps);
        }
        return new ModelAveraging(model, loss, optimizer, learningRate, config, localSteps);
    }

    /** Sets the dtype of the model's parameters and the arithmetic; default F32. Returns this. */
    public ModelAveraging setDType(DType type) {
        this.dtype = type;
        return this;
    }

    /** Adds a callback: {@code onStep} after every round (step = round), {@code onEpoch} after every epoch. */
    public ModelAveraging addCallback(Callback callback) {
        callbacks.add(callback);
        return this;
    }

    /** Trains on {@code train}, evaluating on the local {@code validation} set (may be null) after every epoch. */
    public History fit(SparkExamples train, Dataset validation) {
        ModelRecipe recipe = ModelRecipe.of(model, dtype);
        LossRecipe lossRecipe = LossRecipe.of(loss);
        JavaRDD<Shard> shards = train.shards().persist(StorageLevel.MEMORY_AND_DISK());
        JavaSparkContext spark = train.context();
        try {
            int rounds = 0;
            for (int size : shards.map(Shard::size).collect()) {
                int batches = config.dropLast() ? size / config.batchSize()
                        : (size + config.batchSize() - 1) / config.batchSize();
                rounds = Math.max(rounds, (batches + localSteps - 1) / localSteps);
            }
            List<Double> roundLosses = new ArrayList<>();
            List<EpochResult> epochs = new ArrayList<>();
            History history = new History();
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                long started = System.nanoTime();
                double lossSum = 0;
                double seen = 0;
                double correct = 0;
                for (int round = 0; round < rounds; round++) {
                    double[] flat = ModelRecipe.read(model.parameterTensors());
                    Broadcast<double[]> sent = spark.broadcast(flat);
                    double[] sum;
                    try {
                        LocalSteps task = new LocalSteps(recipe, lossRecipe, optimizer, learningRate, sent,
                                config, epoch, round, localSteps, train.classes());
                        sum = shards.treeAggregate(new double[flat.length + 3], task::add, GradientTask::merge, 2);
                    } finally {
                        sent.destroy();
                    }
                    int n = flat.length;
                    if (sum[n] == 0) {
                        continue;
                    }
                    for (int i = 0; i < n; i++) {
                        flat[i] = sum[i] / sum[n];
                    }
                    ModelRecipe.write(flat, model.parameterTensors());
                    roundLosses.add(sum[n + 1] / sum[n]);
                    lossSum += sum[n + 1];
                    seen += sum[n];
                    correct += sum[n + 2];
                    for (Callback c : callbacks) {
                        c.onStep(epoch, round + 1, rounds, sum[n + 1] / sum[n]);
                    }
                }
                EpochResult result = summarize(epoch, lossSum / seen, train.isClassification() ? correct / seen
                        : Double.NaN, validation, started);
                epochs.add(result);
                history = restore(roundLosses, epochs);
                for (Callback c : callbacks) {
                    c.onEpoch(result, history);
                }
                if (callbacks.stream().anyMatch(Callback::shouldStop)) {
                    break;
                }
            }
            return history;
        } finally {
            shards.unpersist(false);
        }
    }

    private EpochResult summarize(int epoch, double trainLoss, double trainAccuracy, Dataset validation,
                                  long started) {
        double validationLoss = Double.NaN;
        double validationAccuracy = Double.NaN;
        if (validation != null) {
            Evaluation ev = Evaluation.of(model, validation, loss, 1000, dtype);
            validationLoss = ev.loss();
            validationAccuracy = ev.accuracy();
        }
        return new EpochResult(epoch, trainLoss, trainAccuracy, validationLoss, validationAccuracy, learningRate,
                Double.NaN, (System.nanoTime() - started) / 1e9);
    }

    /** The history so far: one step per round (its mean loss), and the epochs. */
    private History restore(List<Double> roundLosses, List<EpochResult> epochs) {
        double[] losses = roundLosses.stream().mapToDouble(Double::doubleValue).toArray();
        double[] rates = new double[losses.length];
        java.util.Arrays.fill(rates, learningRate);
        double[] norms = new double[losses.length];
        java.util.Arrays.fill(norms, Double.NaN);
        return History.restore(losses, rates, norms, epochs);
    }

    @Override
    public String toString() {
        return "ModelAveraging(" + loss + ", " + optimizer.label() + ", learningRate=" + learningRate
                + ", localSteps=" + localSteps + ", epochs=" + config.epochs() + ", batchSize=" + config.batchSize()
                + ")";
    }
}
