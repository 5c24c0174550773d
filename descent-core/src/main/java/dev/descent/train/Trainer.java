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
import dev.descent.tensor.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The training loop: for each epoch, shuffle (seeded), and for each mini-batch run forward, loss, backward and an
 * optimizer step; then evaluate, record an {@link EpochResult}, apply the schedule and check the stopping rules.
 * Methods that re-evaluate the loss (L-BFGS, Newton) are driven through {@code step(closure)} in the same loop.
 * Other optimizers run forward, loss and backward in a {@link Workspace}, so that from the second step on the
 * activations and gradients reuse the previous step's buffers (the results are bitwise the same).
 *
 * <p>Divergence: a step whose loss is NaN or infinite, or larger than {@link #EXPLOSION_FACTOR} times the reference
 * loss (the first epoch's mean training loss; during the first epoch, its first step's loss; both taken as at least
 * {@link #EXPLOSION_FLOOR} in size), stops the run at once. The parameters and the optimizer state are put back as
 * they were at the end of the last completed epoch, the diverged epoch is not added to the history (its steps stay
 * in the step log, to show the blow-up) and no epoch callback sees it, so a checkpoint written afterwards holds the
 * last good state. The stop reason says what happened and what the loss curve says about the learning rate
 * ({@link Diagnosis}).
 */
public final class Trainer {
    /** A step loss this many times the reference loss counts as divergence. */
    public static final double EXPLOSION_FACTOR = 1e4;
    /** The smallest reference loss magnitude, so that a run starting near zero loss is not called diverged. */
    public static final double EXPLOSION_FLOOR = 1e-3;

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
        // A step's outputs and loss are read until the next step opens it again; the optimizer steps outside it.
        Workspace workspace = reevaluates ? null : Workspace.create();
        int first = history.epochs().size() + 1;
        String reason = "completed " + config.epochs() + " epochs";
        double reference = history.epochs().isEmpty() ? Double.NaN : history.epochs().get(0).trainLoss();
        for (int epoch = first; epoch <= config.epochs(); epoch++) {
            long started = System.nanoTime();
            LastGood lastGood = LastGood.of(params, optimizer);
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
            String diverged = null;
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
                    try (Workspace open = workspace.open()) {
                        optimizer.zeroGrad();
                        output[0] = model.forward(x);
                        Tensor l = loss.apply(output[0], y);
                        l.backward();
                        value = l.item();
                    }
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
                if (Double.isNaN(reference)) {
                    reference = value; // the first step of the first epoch, until that epoch's mean is known
                }
                if (!Double.isFinite(value) || Math.abs(value) > EXPLOSION_FACTOR * Math.max(Math.abs(reference),
                        EXPLOSION_FLOOR)) {
                    diverged = String.format(Locale.ROOT, "diverged: the loss became %.6g at step %d of epoch %d"
                            + " (the limit is finite and at most %.0e x the reference loss %.6g)", value, step, epoch,
                            EXPLOSION_FACTOR, reference);
                    break;
                }
            }
            if (diverged != null) {
                lastGood.restore(params, optimizer);
                reason = diverged + "; parameters and optimizer state restored to "
                        + (epoch == 1 ? "their initial values" : "the end of epoch " + (epoch - 1)) + ". "
                        + diagnose(history.stepLosses());
                break;
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
            if (history.epochs().size() == 1) {
                reference = trainLoss;
            }
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

    /** The learning-rate diagnosis of a curve that blew up, on one line. */
    private static String diagnose(double[] stepLosses) {
        Diagnosis d = Diagnosis.of(stepLosses);
        String text;
        if (d.verdict() == Diagnosis.Verdict.TOO_SHORT || d.verdict() == Diagnosis.Verdict.FINE) {
            // Too few steps to read a curve (or a curve that looked fine until it blew up): a blow-up is still
            // what a too-large rate does; there is no evidence to show.
            text = new Diagnosis(Diagnosis.Verdict.TOO_LARGE_DIVERGING, Double.NaN, 0, Double.NaN, Double.NaN,
                    d.points()).explain(false);
            text = text.substring(0, text.indexOf('\n'));
        } else {
            text = d.explain(false).replace("\n", "; ");
        }
        return text + " If the learning rate is not the cause, look for NaN or infinity in the data, or train under"
                + " anomaly detection (dev.descent.autograd.Anomaly) to find the op.";
    }

    /** Copies of the parameters and the optimizer state, to go back to when an epoch diverges. */
    private record LastGood(List<Tensor> values, java.util.Map<String, Tensor> optimizerState) {
        static LastGood of(List<Tensor> params, Optimizer optimizer) {
            List<Tensor> values = new ArrayList<>(params.size());
            for (Tensor p : params) {
                values.add(p.copy());
            }
            return new LastGood(values, optimizer.state());
        }

        void restore(List<Tensor> params, Optimizer optimizer) {
            for (int i = 0; i < params.size(); i++) {
                params.get(i).copyFrom(values.get(i));
                params.get(i).zeroGrad();
            }
            optimizer.loadState(optimizerState);
        }
    }

    @Override
    public String toString() {
        return "Trainer(" + loss + ", " + optimizer + ", epochs=" + config.epochs() + ", batchSize="
                + config.batchSize() + ", seed=" + config.seed() + ")";
    }
}
