package dev.descent.train;

import dev.descent.data.Batch;
import dev.descent.data.Dataset;
import dev.descent.loss.Loss;
import dev.descent.nn.Module;
import dev.descent.optim.GradientClipping;
import dev.descent.optim.Optimizer;
import dev.descent.optim.schedule.Schedule;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import dev.descent.tensor.Workspace;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The training loop: for each epoch, shuffle (seeded), and for each mini-batch run forward, loss, backward and an
 * optimizer step; then evaluate, record an {@link EpochResult}, apply the schedule and check the stopping rules.
 * Optimizers that re-evaluate the loss themselves ({@link Optimizer#reevaluatesLoss()}: L-BFGS, Newton) are driven
 * through {@code step(closure)} in the same loop. Other optimizers run forward, loss and backward in a {@link Workspace}, so that from the second step on the
 * activations and gradients reuse the previous step's buffers (the results are bitwise the same). Examples that live
 * elsewhere (a Spark cluster) come in as {@link BatchGradients}: the same batches and loop, their gradients computed
 * there.
 *
 * <p>Divergence: a step whose loss is NaN or infinite, or larger than {@link #EXPLOSION_FACTOR} times the reference
 * loss (the first epoch's mean training loss; during the first epoch, its first step's loss; both taken as at least
 * {@link #EXPLOSION_FLOOR} in size), stops the run at once. The parameters, the optimizer state and the schedule's
 * state are put back as they were at the end of the last completed epoch, the diverged epoch is not added to the
 * history (its steps stay in the step log, to show the blow-up) and no epoch callback sees it, so a checkpoint
 * written afterwards holds the last good state. The stop reason says what happened and what the loss curve says about the learning rate
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
    /** The validation set's evaluation after the last epoch added to the history, or null. */
    private Evaluation lastEvaluation;

    private Trainer(Module model, Loss loss, Optimizer optimizer, TrainConfig config) {
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.config = config;
    }

    /** A trainer for {@code model} that minimizes {@code loss} with {@code optimizer}. */
    public static Trainer of(Module model, Loss loss, Optimizer optimizer, TrainConfig config) {
        if (model == null || loss == null || optimizer == null || config == null) {
            String which = model == null ? "model is null; pass e.g. Sequential.mlp(2, 16, 2)"
                    : loss == null ? "loss is null; pass e.g. Losses.crossEntropy()"
                    : optimizer == null ? "optimizer is null; pass e.g. Adam.of(model.parameterTensors(), 0.01)"
                    : "config is null; pass e.g. TrainConfig.of(20, 32) (epochs, batch size)";
            throw new IllegalArgumentException("Trainer.of: " + which);
        }
        return new Trainer(model, loss, optimizer, config);
    }

    /** Sets the learning-rate schedule applied at the start of every epoch (null: none); returns this. */
    public Trainer setSchedule(Schedule newSchedule) {
        this.schedule = newSchedule;
        return this;
    }

    /** Adds a callback; returns this. */
    public Trainer addCallback(Callback callback) {
        callbacks.add(callback);
        return this;
    }

    /** Rescales gradients whose global L2 norm exceeds {@code maxNorm} before each step; returns this. */
    public Trainer setGradientClipping(double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("gradient clipping maxNorm must be > 0, was " + maxNorm);
        }
        this.clipNorm = maxNorm;
        return this;
    }

    /** Sets the dtype batches are converted to (the model's parameters' dtype); default F32. Returns this. */
    public Trainer setDType(DType type) {
        this.dtype = type;
        return this;
    }

    /**
     * The evaluation of the validation set after the last epoch that {@link #fit} added to the history, or null
     * (no validation set, a non-finite training loss, or no epoch yet). When fit returns, the model holds the weights
     * this evaluation saw: an epoch that diverges is rolled back, so a caller can report it instead of evaluating
     * the same weights again.
     */
    public Evaluation lastEvaluation() {
        return lastEvaluation;
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
     * Continues the run saved in {@code saved} up to the configured epochs: puts its weights into this trainer's
     * model (unless it is the saved model itself), its state into the optimizer and the schedule, and appends to its
     * history. A run saved before schedules kept their state (an empty {@link SavedRun#scheduleState()}) has its
     * schedule fed the finished epochs' losses again, as the trainer did, so a {@code ReduceOnPlateau} resumes
     * where it was. The result is bitwise the run that was never interrupted.
     */
    public History resume(SavedRun saved, Dataset train, Dataset validation) {
        return fit(train, validation, restore(saved));
    }

    /** {@link #resume(SavedRun, Dataset, Dataset)} for examples that live elsewhere ({@link BatchGradients}). */
    public History resume(SavedRun saved, BatchGradients train, Dataset validation) {
        return fit(train, validation, restore(saved));
    }

    /** Puts the saved weights and state into this trainer's model, optimizer and schedule; returns the history. */
    private History restore(SavedRun saved) {
        List<Tensor> target = model.parameterTensors();
        List<Tensor> source = saved.model().parameterTensors();
        if (target.size() != source.size()) {
            throw new IllegalArgumentException("resume: the saved model has " + source.size()
                    + " parameter tensors, this trainer's model " + target.size());
        }
        for (int i = 0; i < target.size(); i++) {
            if (target.get(i) != source.get(i)) {
                target.get(i).copyFrom(source.get(i));
            }
        }
        History history = saved.history();
        if (schedule != null) {
            if (saved.scheduleState().isEmpty()) {
                replaySchedule(history);
            } else {
                schedule.loadState(saved.scheduleState());
            }
        }
        // after the replay, which moves the learning rate: the saved state holds the rate the run had; a run
        // made from imported weights has none and starts with fresh state
        if (!saved.optimizerState().isEmpty()) {
            optimizer.loadState(saved.optimizerState());
        }
        return history;
    }

    /** Applies the schedule for the epochs before the last finished one, as {@link #fit} did when it ran them. */
    private void replaySchedule(History history) {
        List<EpochResult> epochs = history.epochs();
        for (int i = 0; i + 1 < epochs.size(); i++) {
            schedule.apply(optimizer, i + 1, epochs.get(i).monitoredLoss());
        }
    }

    /**
     * Continues a run whose first {@code history.epochs().size()} epochs are done (model and optimizer state
     * already restored), appending to {@code history}. Epoch e always shuffles with seed + e, so a resumed run
     * sees the same batches as an uninterrupted one. ({@link #resume} restores the state and calls this.)
     */
    public History fit(Dataset train, Dataset validation, History history) {
        return fit(new Local(train), validation, history);
    }

    /**
     * {@link #fit(Dataset, Dataset, History)} on examples that live elsewhere: the same batches, steps, history and
     * callbacks, with each batch's loss and gradient computed by {@code train}. Gradient clipping and the optimizer
     * step run here; optimizers that re-evaluate the loss (L-BFGS, Newton) are refused.
     */
    public History fit(BatchGradients train, Dataset validation, History history) {
        if (optimizer.reevaluatesLoss()) {
            throw new IllegalArgumentException("fit: " + optimizer + " evaluates the loss as often as its method"
                    + " needs, which distributed examples do not support; use a first-order optimizer such as Adam");
        }
        return fit(new Remote(train), validation, history);
    }

    private History fit(Examples train, Dataset validation, History history) {
        if (train.size() == 0) {
            throw new IllegalArgumentException("fit: the training set is empty");
        }
        Run run = new Run(history);
        lastEvaluation = null;
        StopReason reason = StopReason.of(StopReason.Kind.COMPLETED, Integer.toString(config.epochs()));
        for (int epoch = history.epochs().size() + 1; epoch <= config.epochs(); epoch++) {
            long started = System.nanoTime();
            LastGood lastGood = LastGood.of(run.params, optimizer, schedule);
            if (schedule != null) {
                EpochResult last = history.last();
                schedule.apply(optimizer, epoch - 1, last == null ? Double.NaN : last.monitoredLoss());
            }
            EpochTotals totals = run.epoch(train, epoch);
            if (totals.diverged() != null) {
                lastGood.restore(run.params, optimizer, schedule);
                reason = new StopReason(totals.diverged().kind(), totals.diverged().values(), epoch - 1,
                        diagnose(history.stepLosses()));
                break;
            }
            EpochResult result = summarize(epoch, totals, train, validation, started);
            history.addEpoch(result);
            if (history.epochs().size() == 1) {
                run.reference = result.trainLoss();
            }
            for (Callback c : callbacks) {
                c.onEpoch(result, history);
            }
            StopReason stop = run.stopReason(result);
            if (stop != null) {
                reason = stop;
                break;
            }
        }
        history.setStop(reason);
        return history;
    }

    /** One step's loss, its batch's size and correct predictions, and the gradient norm before clipping. */
    private record Step(double loss, int size, long correct, double gradientNorm) {
    }

    /** The training examples one {@link #fit} walks: here in a Dataset, or elsewhere behind BatchGradients. */
    private interface Examples {
        int size();

        boolean isClassification();

        int batchCount();

        /** Epoch {@code epoch}'s steps, each taken as the iterator reaches it. */
        Iterator<Step> steps(Run run, int epoch);
    }

    private final class Local implements Examples {
        private final Dataset data;

        Local(Dataset data) {
            this.data = data;
        }

        @Override
        public int size() {
            return data.size();
        }

        @Override
        public boolean isClassification() {
            return data.isClassification();
        }

        @Override
        public int batchCount() {
            return data.batchCount(config.batchSize(), config.dropLast());
        }

        @Override
        public Iterator<Step> steps(Run run, int epoch) {
            Iterator<Batch> batches = data.batches(config.batchSize(), true, config.seed() + epoch,
                    config.dropLast()).iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return batches.hasNext();
                }

                @Override
                public Step next() {
                    return run.step(batches.next());
                }
            };
        }
    }

    private final class Remote implements Examples {
        private final BatchGradients gradients;

        Remote(BatchGradients gradients) {
            this.gradients = gradients;
        }

        @Override
        public int size() {
            return gradients.size();
        }

        @Override
        public boolean isClassification() {
            return gradients.isClassification();
        }

        @Override
        public int batchCount() {
            return Dataset.batchCount(size(), config.batchSize(), config.dropLast());
        }

        @Override
        public Iterator<Step> steps(Run run, int epoch) {
            Iterator<int[]> batches = Dataset.shuffledBatchIndices(size(), config.batchSize(), config.seed() + epoch,
                    config.dropLast()).iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return batches.hasNext();
                }

                @Override
                public Step next() {
                    int[] indices = batches.next();
                    optimizer.zeroGrad();
                    BatchGradients.Result r = gradients.compute(indices);
                    return new Step(r.loss(), indices.length, r.correct(), run.clipAndStep());
                }
            };
        }
    }

    /** One epoch's sums over its steps, or why it diverged. */
    private record EpochTotals(double lossSum, long seen, long correct, double gradientNorm, StopReason diverged) {
    }

    /** The epoch's summary: the training means, the validation loss and accuracy when there is a validation set. */
    private EpochResult summarize(int epoch, EpochTotals totals, Examples train, Dataset validation, long started) {
        double trainLoss = totals.lossSum() / Math.max(1, totals.seen());
        double trainAccuracy = train.isClassification() ? (double) totals.correct() / Math.max(1, totals.seen())
                : Double.NaN;
        double validationLoss = Double.NaN;
        double validationAccuracy = Double.NaN;
        lastEvaluation = null;
        if (validation != null && Double.isFinite(trainLoss)) {
            Evaluation ev = Evaluation.of(model, validation, loss, 1000, dtype);
            validationLoss = ev.loss();
            validationAccuracy = ev.accuracy();
            lastEvaluation = ev;
        }
        return new EpochResult(epoch, trainLoss, trainAccuracy, validationLoss, validationAccuracy,
                optimizer.learningRate(), totals.gradientNorm(), (System.nanoTime() - started) / 1e9);
    }

    /** The state of one call of {@link #fit}: the divergence reference and the early-stopping count. */
    private final class Run {
        final List<Tensor> params = model.parameterTensors();
        final History history;
        /** A step workspace, for the optimizers that do not evaluate the loss themselves. */
        final Workspace workspace = optimizer.reevaluatesLoss() ? null : Workspace.create();
        /** The loss divergence is measured against: the first epoch's mean, until then its first step's loss. */
        double reference;
        double best = Double.POSITIVE_INFINITY;
        int sinceBest;

        Run(History history) {
            this.history = history;
            reference = history.epochs().isEmpty() ? Double.NaN : history.epochs().get(0).trainLoss();
            for (EpochResult e : history.epochs()) {
                improved(e.monitoredLoss());
            }
        }

        /** Counts an epoch's monitored loss towards early stopping; true when it is a new best. */
        boolean improved(double metric) {
            if (metric < best - config.stopping().minDelta()) {
                best = metric;
                sinceBest = 0;
                return true;
            }
            sinceBest++;
            return false;
        }

        /** Every step of epoch {@code epoch}, stopping at the first that diverges. */
        EpochTotals epoch(Examples train, int epoch) {
            model.setTraining(true);
            int steps = train.batchCount();
            double lossSum = 0;
            long seen = 0;
            long correct = 0;
            int step = 0;
            double norm = Double.NaN;
            for (Iterator<Step> it = train.steps(this, epoch); it.hasNext(); ) {
                Step done = it.next();
                step++;
                norm = done.gradientNorm();
                history.addStep(done.loss(), optimizer.learningRate(), norm);
                lossSum += done.loss() * done.size();
                seen += done.size();
                correct += done.correct();
                for (Callback c : callbacks) {
                    c.onStep(epoch, step, steps, done.loss());
                }
                StopReason diverged = divergence(done.loss(), step, epoch);
                if (diverged != null) {
                    return new EpochTotals(lossSum, seen, correct, norm, diverged);
                }
            }
            return new EpochTotals(lossSum, seen, correct, norm, null);
        }

        /** One optimizer step on {@code batch}: its loss, the model's output and the gradient norm (before clipping). */
        private Step step(Batch batch) {
            Tensor x = batch.inputs().to(dtype);
            Tensor y = batch.targets().to(dtype);
            if (workspace == null) {
                // L-BFGS and Newton call the closure as often as their line search needs; the last output counts.
                Tensor[] output = new Tensor[1];
                double value = optimizer.step(() -> {
                    output[0] = model.forward(x);
                    return loss.apply(output[0], y);
                });
                return new Step(value, batch.size(), correct(output[0], batch.labels()),
                        GradientClipping.gradientNorm(params));
            }
            Tensor output;
            double value;
            // A step's outputs and loss are read until the next step opens it again; the optimizer steps outside it.
            try (Workspace open = workspace.open()) {
                optimizer.zeroGrad();
                output = model.forward(x);
                Tensor l = loss.apply(output, y);
                l.backward();
                value = l.item();
            }
            return new Step(value, batch.size(), correct(output, batch.labels()), clipAndStep());
        }

        /** Clips the gradients if asked, steps the optimizer; returns the gradient norm before clipping. */
        private double clipAndStep() {
            double norm = Double.isNaN(clipNorm) ? GradientClipping.reportedGradientNorm(params)
                    : GradientClipping.clipByNorm(params, clipNorm);
            optimizer.step();
            return norm;
        }

        /** Why step {@code step}'s loss counts as divergence, or null when it does not. */
        private StopReason divergence(double value, int step, int epoch) {
            if (Double.isNaN(reference)) {
                reference = value; // the first step of the first epoch, until that epoch's mean is known
            }
            if (Double.isFinite(value)
                    && Math.abs(value) <= EXPLOSION_FACTOR * Math.max(Math.abs(reference), EXPLOSION_FLOOR)) {
                return null;
            }
            return StopReason.of(StopReason.Kind.DIVERGED_STEP, String.format(Locale.ROOT, "%.6g", value),
                    Integer.toString(step), Integer.toString(epoch), String.format(Locale.ROOT, "%.0e", EXPLOSION_FACTOR),
                    String.format(Locale.ROOT, "%.6g", reference));
        }

        /** Why training stops after the epoch {@code e}, or null to go on. */
        StopReason stopReason(EpochResult e) {
            StopRules rules = config.stopping();
            String epoch = Integer.toString(e.epoch());
            if (!Double.isFinite(e.trainLoss())) {
                return StopReason.of(StopReason.Kind.DIVERGED_EPOCH, Double.toString(e.trainLoss()), epoch);
            }
            if (e.trainLoss() < rules.lossBelow()) {
                return StopReason.of(StopReason.Kind.LOSS_BELOW, String.format(Locale.ROOT, "%.6g", e.trainLoss()),
                        String.format(Locale.ROOT, "%.6g", rules.lossBelow()), epoch);
            }
            if (e.gradientNorm() < rules.gradientNormBelow()) {
                return StopReason.of(StopReason.Kind.GRADIENT_BELOW, String.format(Locale.ROOT, "%.6g", e.gradientNorm()),
                        String.format(Locale.ROOT, "%.6g", rules.gradientNormBelow()), epoch);
            }
            if (!improved(e.monitoredLoss()) && rules.patience() > 0 && sinceBest >= rules.patience()) {
                return StopReason.of(StopReason.Kind.NO_IMPROVEMENT, Integer.toString(rules.patience()), epoch);
            }
            if (callbacks.stream().anyMatch(Callback::shouldStop)) {
                return StopReason.of(StopReason.Kind.REQUESTED, epoch);
            }
            return null;
        }
    }

    /** How many of the batch's predictions (the output's argmax) match its labels; 0 without labels. */
    private static long correct(Tensor output, int[] labels) {
        if (labels == null) {
            return 0;
        }
        int[] predicted = output.argmax(-1);
        long correct = 0;
        for (int i = 0; i < labels.length; i++) {
            correct += predicted[i] == labels[i] ? 1 : 0;
        }
        return correct;
    }

    /** The diagnosis of a curve that blew up, or null when it is too short or looked fine until it blew up. */
    private static Diagnosis diagnose(double[] stepLosses) {
        Diagnosis d = Diagnosis.of(stepLosses);
        return d.verdict() == Diagnosis.Verdict.TOO_SHORT || d.verdict() == Diagnosis.Verdict.FINE ? null : d;
    }

    /** Copies of the parameters and the optimizer's and schedule's state, to go back to when an epoch diverges. */
    private record LastGood(List<Tensor> values, Map<String, Tensor> optimizerState,
                            Map<String, Tensor> scheduleState) {
        static LastGood of(List<Tensor> params, Optimizer optimizer, Schedule schedule) {
            List<Tensor> values = new ArrayList<>(params.size());
            for (Tensor p : params) {
                values.add(p.copy());
            }
            return new LastGood(values, optimizer.state(), schedule == null ? Map.of() : schedule.state());
        }

        void restore(List<Tensor> params, Optimizer optimizer, Schedule schedule) {
            for (int i = 0; i < params.size(); i++) {
                params.get(i).copyFrom(values.get(i));
                params.get(i).zeroGrad();
            }
            optimizer.loadState(optimizerState);
            if (schedule != null) {
                schedule.loadState(scheduleState);
            }
        }
    }

    @Override
    public String toString() {
        return "Trainer(" + loss + ", " + optimizer + ", epochs=" + config.epochs() + ", batchSize="
                + config.batchSize() + ", seed=" + config.seed() + ")";
    }
}
