package dev.descent.train;

import dev.descent.text.Messages;
import dev.descent.text.StopText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What happened during training: per-step loss, learning rate and gradient norm (kept in primitive arrays, since a
 * run can take hundreds of thousands of steps), per-epoch summaries, and why it stopped. Two runs with the same
 * seed produce equal histories.
 */
public final class History {
    private double[] stepLoss = new double[1024];
    private double[] stepRate = new double[1024];
    private double[] stepNorm = new double[1024];
    private int steps;
    private final List<EpochResult> epochs = new ArrayList<>();
    private String stopReason = "";
    private StopReason stop;

    void addStep(double loss, double learningRate, double gradientNorm) {
        if (steps == stepLoss.length) {
            int n = steps * 2;
            stepLoss = Arrays.copyOf(stepLoss, n);
            stepRate = Arrays.copyOf(stepRate, n);
            stepNorm = Arrays.copyOf(stepNorm, n);
        }
        stepLoss[steps] = loss;
        stepRate[steps] = learningRate;
        stepNorm[steps] = gradientNorm;
        steps++;
    }

    void addEpoch(EpochResult result) {
        epochs.add(result);
    }

    void setStopReason(String reason) {
        stopReason = reason;
    }

    /** Records why training stopped, as data and (for logs and checkpoints) in English. */
    void setStop(StopReason reason) {
        stop = reason;
        stopReason = StopText.explain(reason, Messages.english());
    }

    /** Why the last {@code fit} stopped, as data; null for a history restored from a checkpoint. */
    public StopReason stop() {
        return stop;
    }

    /** Number of optimizer steps taken. */
    public int stepCount() {
        return steps;
    }

    /** Loss at every step (a copy). */
    public double[] stepLosses() {
        return Arrays.copyOf(stepLoss, steps);
    }

    /** Learning rate at every step (a copy). */
    public double[] stepLearningRates() {
        return Arrays.copyOf(stepRate, steps);
    }

    /** Gradient norm at every step, before any clipping (a copy). */
    public double[] stepGradientNorms() {
        return Arrays.copyOf(stepNorm, steps);
    }

    /** Per-epoch summaries, in order. */
    public List<EpochResult> epochs() {
        return List.copyOf(epochs);
    }

    /** The last epoch's summary, or null before the first. */
    public EpochResult last() {
        return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
    }

    /** Why training ended ("completed 30 epochs", "loss below 0.001", …). */
    public String stopReason() {
        return stopReason;
    }

    /** The per-epoch table as CSV with a header line. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder(
                "epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,learning_rate,gradient_norm,seconds\n");
        for (EpochResult e : epochs) {
            sb.append(String.format(Locale.ROOT, "%d,%s,%s,%s,%s,%s,%s,%.3f%n", e.epoch(), num(e.trainLoss()),
                    num(e.trainAccuracy()), num(e.validationLoss()), num(e.validationAccuracy()),
                    num(e.learningRate()), num(e.gradientNorm()), e.seconds()));
        }
        return sb.toString();
    }

    /** The per-step log as CSV with a header line. */
    public String stepsToCsv() {
        return "step,loss,learning_rate,gradient_norm\n" + stepRowsToCsv(0);
    }

    /**
     * The rows of {@link #stepsToCsv()} from step {@code from} (0-based) on, without the header: what to append to
     * a file that already holds the first {@code from} steps, instead of rewriting a log that grows every epoch.
     */
    public String stepRowsToCsv(int from) {
        if (from < 0 || from > steps) {
            throw new IllegalArgumentException("from must be in [0, " + steps + "], was " + from);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < steps; i++) {
            sb.append(i + 1).append(',').append(num(stepLoss[i])).append(',').append(num(stepRate[i])).append(',')
                    .append(num(stepNorm[i])).append('\n');
        }
        return sb.toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    /** Restores a history saved with a checkpoint, so a resumed run continues it. */
    public static History restore(double[] losses, double[] rates, double[] norms, List<EpochResult> epochResults) {
        History h = new History();
        for (int i = 0; i < losses.length; i++) {
            h.addStep(losses[i], rates[i], norms[i]);
        }
        epochResults.forEach(h::addEpoch);
        return h;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof History h)) {
            return false;
        }
        if (steps != h.steps || !stopReason.equals(h.stopReason) || epochs.size() != h.epochs.size()) {
            return false;
        }
        for (int i = 0; i < epochs.size(); i++) {
            EpochResult a = epochs.get(i);
            EpochResult b = h.epochs.get(i);
            // Wall-clock time is the one thing allowed to differ between identical runs.
            if (!a.equals(new EpochResult(b.epoch(), b.trainLoss(), b.trainAccuracy(), b.validationLoss(),
                    b.validationAccuracy(), b.learningRate(), b.gradientNorm(), a.seconds()))) {
                return false;
            }
        }
        return Arrays.equals(stepLosses(), h.stepLosses()) && Arrays.equals(stepLearningRates(), h.stepLearningRates())
                && Arrays.equals(stepGradientNorms(), h.stepGradientNorms());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(stepLosses());
    }

    @Override
    public String toString() {
        EpochResult l = last();
        return "History(" + epochs.size() + " epochs, " + steps + " steps"
                + (l == null ? "" : String.format(Locale.ROOT, ", last loss %.6g", l.trainLoss())) + ")";
    }
}
