package dev.descent.spark;

import dev.descent.data.Dataset;
import dev.descent.loss.Loss;
import dev.descent.nn.Module;
import dev.descent.optim.Optimizer;
import dev.descent.optim.schedule.Schedule;
import dev.descent.tensor.DType;
import dev.descent.train.Callback;
import dev.descent.train.History;
import dev.descent.train.SavedRun;
import dev.descent.train.TrainConfig;
import dev.descent.train.Trainer;

/**
 * {@link Trainer} on Apache Spark: the same model, loss, optimizer, schedule, config, callbacks and checkpoints,
 * the same {@link History}, with every mini-batch's gradient computed where the examples are
 * ({@link SparkGradients}). With the same seed it walks the same global batches as {@code Trainer} on one
 * machine, so it reaches the same weights (within 1e-9 relative in F64: only the order of summing differs).
 * The model must be a {@code Sequential} without dropout, the loss one of the named losses with its default
 * reduction, and the optimizer a first-order one (not L-BFGS or Newton).
 */
public final class SparkTrainer {
    private final Module model;
    private final Loss loss;
    private final Trainer trainer;
    private DType dtype = DType.F32;
    private int treeDepth = 2;

    private SparkTrainer(Module model, Loss loss, Trainer trainer) {
        this.model = model;
        this.loss = loss;
        this.trainer = trainer;
    }

    /** A trainer for {@code model} that minimizes {@code loss} with {@code optimizer}, as {@link Trainer#of}. */
    public static SparkTrainer of(Module model, Loss loss, Optimizer optimizer, TrainConfig config) {
        return new SparkTrainer(model, loss, Trainer.of(model, loss, optimizer, config));
    }

    /** Sets the learning-rate schedule (null: none); returns this. */
    public SparkTrainer setSchedule(Schedule schedule) {
        trainer.setSchedule(schedule);
        return this;
    }

    /** Adds a callback, called on the driver; returns this. */
    public SparkTrainer addCallback(Callback callback) {
        trainer.addCallback(callback);
        return this;
    }

    /** Rescales gradients whose global L2 norm exceeds {@code maxNorm} (on the driver); returns this. */
    public SparkTrainer setGradientClipping(double maxNorm) {
        trainer.setGradientClipping(maxNorm);
        return this;
    }

    /** Sets the dtype of the model's parameters and the arithmetic; default F32. Returns this. */
    public SparkTrainer setDType(DType type) {
        trainer.setDType(type);
        this.dtype = type;
        return this;
    }

    /** Sets the depth of the {@code treeAggregate} that sums the gradients (default 2); returns this. */
    public SparkTrainer setTreeDepth(int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("treeDepth must be >= 1, was " + depth);
        }
        this.treeDepth = depth;
        return this;
    }

    /** Trains on {@code train}, evaluating on the local {@code validation} set (may be null) after every epoch. */
    public History fit(SparkExamples train, Dataset validation) {
        try (SparkGradients gradients = SparkGradients.of(train, model, loss, dtype, treeDepth)) {
            return trainer.fit(gradients, validation, new History());
        }
    }

    /** Continues a saved run (a checkpoint) up to the configured epochs, as {@link Trainer#resume}. */
    public History resume(SavedRun saved, SparkExamples train, Dataset validation) {
        try (SparkGradients gradients = SparkGradients.of(train, model, loss, dtype, treeDepth)) {
            return trainer.resume(saved, gradients, validation);
        }
    }

    @Override
    public String toString() {
        return "Spark" + trainer;
    }
}
