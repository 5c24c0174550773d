package dev.descent.train;

import dev.descent.data.Batch;
import dev.descent.data.Dataset;
import dev.descent.loss.Loss;
import dev.descent.nn.Module;
import dev.descent.optim.GradientClipping;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.Newton;
import dev.descent.optim.Optimizer;
import dev.descent.optim.schedule.Schedule;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The training loop: for each epoch, shuffle (seeded), and for each mini-batch run forward, loss, backward and an
 * optimizer step; then evaluate, record an {@link EpochResult}, apply the schedule and check the stopping rules.
 * Methods that re-evaluate the loss (L-BFGS, Newton) are driven through {@code step(closure)} in the same loop.
 */
public final class Trainer {
    private final Module model;
    private final Loss loss;
    private final Optimizer optimizer;
    private final TrainConfig config;
    private Schedule schedule;
    private final List<Callback> callbacks = new ArrayList<>();
    private double clipNorm = Double.NaN;
    private DType dtype = DType.F32;

    private Trainer(Module model, Loss loss, Optimizer optimizer, TrainConfig config) {
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.config = config;
    }

    /** A trainer for {@code model} that minimizes {@code loss} with {@code optimizer}. */
    public static Trainer of(Module model, Loss loss, Optimizer optimizer, TrainConfig config) {
        if (model == null || loss == null || optimizer == null || config == null) {
            throw new IllegalArgumentException("Trainer.of: model, loss, optimizer and config are required");
        }
        return new Trainer(model, loss, optimizer, config);
    }

    /** Sets a learning-rate schedule applied at the start of every epoch; returns this. */
    public Trainer withSchedule(Schedule newSchedule) {
        this.schedule = newSchedule;
        return this;
    }

    /** Adds a callback; returns this. */
    public Trainer withCallback(Callback callback) {
        callbacks.add(callback);
        return this;
    }

    /** Rescales gradients whose global L2 norm exceeds {@code maxNorm} before each step; returns this. */
    public Trainer withGradientClipping(double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("gradient clipping maxNorm must be > 0, was " + maxNorm);
        }
        this.clipNorm = maxNorm;
        return this;
    }

    /** The dtype batches are converted to (the model's parameters' dtype); default F32. Returns this. */
    public Trainer withDType(DType type) {
        this.dtype = type;
        return this;
    }

    /** Trains on {@code train} with no validation set. */
    public History fit(Dataset train) {
        return fit(train, null, new History());
    }

    /** Trains on {@code train}, evaluating on {@code validation} (may be null) after every epoch. */
    public History fit(Dataset train, Dataset validation) {
        return fit(train, validation, new History());
    }

    /**
     * Continues a run whose first {@code history.epochs().size()} epochs are done (model and optimizer state
     * already restored), appending to {@code history}. Epoch e always shuffles with seed + e, so a resumed run
     * sees the same batches as an uninterrupted one.
     */
    public History fit(Dataset train, Dataset validation, History history) {
        if (train.size() == 0) {
            throw new IllegalArgumentException("fit: the training set is empty");
        }
        List<Tensor> params = model.parameterTensors();
        double bestValidation = Double.POSITIVE_INFINITY;
        int sinceBest = 0;
        for (EpochResult e : history.epochs()) {
            double metric = Double.isNaN(e.validationLoss()) ? e.trainLoss() : e.validationLoss();
            if (metric < bestValidation - config.stopping().minDelta()) {
                bestValidation = metric;
                sinceBest = 0;
            } else {
                sinceBest++;
            }
        }
        boolean reevaluates = optimizer instanceof Lbfgs || optimizer instanceof Newton;
        int first = history.epochs().size() + 1;
        String reason = "completed " + config.epochs() + " epochs";
        for (int epoch = first; epoch <= config.epochs(); epoch++) {
            long started = System.nanoTime();
            if (schedule != null) {
                EpochResult last = history.last();
                double metric = last == null ? Double.NaN
                        : Double.isNaN(last.validationLoss()) ? last.trainLoss() : last.validationLoss();
                schedule.apply(optimizer, epoch - 1, metric);
            }
            model.setTraining(true);
            int steps = train.batchCount(config.batchSize(), config.dropLast());
            double lossSum = 0;
            long seen = 0;
            long correct = 0;
            double norm = Double.NaN;
            int step = 0;
            for (Batch batch : train.batches(config.batchSize(), true, config.seed() + epoch, config.dropLast())) {
                Tensor x = batch.inputs().to(dtype);
                Tensor y = batch.targets().to(dtype);
                Tensor[] output = new Tensor[1];
                double value;
                if (reevaluates) {
                    // L-BFGS and Newton call the closure as often as their line search needs.
                    value = optimizer.step(() -> {
                        output[0] = model.forward(x);
                        return loss.apply(output[0], y);
                    });
                    norm = GradientClipping.gradientNorm(params);
                } else {
                    optimizer.zeroGrad();
                    output[0] = model.forward(x);
                    Tensor l = loss.apply(output[0], y);
                    l.backward();
                    value = l.item();
                    norm = Double.isNaN(clipNorm) ? GradientClipping.gradientNorm(params)
                            : GradientClipping.clipByNorm(params, clipNorm);
                    optimizer.step();
                }
                step++;
                history.addStep(value, optimizer.learningRate(), norm);
                lossSum += value * batch.size();
                seen += batch.size();
                if (batch.labels() != null) {
                    int[] predicted = output[0].argmax(-1);
                    int[] labels = batch.labels();
                    for (int i = 0; i < labels.length; i++) {
                        correct += predicted[i] == labels[i] ? 1 : 0;
                    }
                }
                for (Callback c : callbacks) {
                    c.onStep(epoch, step, steps, value);
                }
                if (!Double.isFinite(value)) {
                    break;
                }
            }
            double trainLoss = lossSum / Math.max(1, seen);
            double trainAccuracy = train.isClassification() ? (double) correct / Math.max(1, seen) : Double.NaN;
            double validationLoss = Double.NaN;
            double validationAccuracy = Double.NaN;
            if (validation != null && Double.isFinite(trainLoss)) {
                Evaluation ev = Evaluation.of(model, validation, loss, 1000, dtype);
                validationLoss = ev.loss();
                validationAccuracy = ev.accuracy();
            }
            EpochResult result = new EpochResult(epoch, trainLoss, trainAccuracy, validationLoss, validationAccuracy,
                    optimizer.learningRate(), norm, (System.nanoTime() - started) / 1e9);
            history.addEpoch(result);
            for (Callback c : callbacks) {
                c.onEpoch(result, history);
            }
            StopRules rules = config.stopping();
            if (!Double.isFinite(trainLoss)) {
                reason = "diverged: loss became " + trainLoss + " in epoch " + epoch;
                break;
            }
            if (trainLoss < rules.lossBelow()) {
                reason = String.format(Locale.ROOT, "loss %.6g below %.6g after epoch %d", trainLoss, rules.lossBelow(), epoch);
                break;
            }
            if (norm < rules.gradientNormBelow()) {
                reason = String.format(Locale.ROOT, "gradient norm %.6g below %.6g after epoch %d", norm,
                        rules.gradientNormBelow(), epoch);
                break;
            }
            double metric = Double.isNaN(validationLoss) ? trainLoss : validationLoss;
            if (metric < bestValidation - rules.minDelta()) {
                bestValidation = metric;
                sinceBest = 0;
            } else if (rules.patience() > 0 && ++sinceBest >= rules.patience()) {
                reason = "no improvement for " + rules.patience() + " epochs (early stopping after epoch " + epoch + ")";
                break;
            }
            if (callbacks.stream().anyMatch(Callback::shouldStop)) {
                reason = "stopped by request after epoch " + epoch;
                break;
            }
        }
        history.setStopReason(reason);
        return history;
    }

    @Override
    public String toString() {
        return "Trainer(" + loss + ", " + optimizer + ", epochs=" + config.epochs() + ", batchSize="
                + config.batchSize() + ", seed=" + config.seed() + ")";
    }
}
