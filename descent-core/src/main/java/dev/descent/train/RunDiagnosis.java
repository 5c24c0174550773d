package dev.descent.train;

/**
 * The diagnosis of a whole training run, read the same way wherever it is shown ({@code descent train}'s summary,
 * the dashboard of a finished or running run, {@code descent report}): the epoch losses once there are at least
 * {@value #EPOCHS_FOR_EPOCH_CURVE} epochs, else the step losses in {@value #STEP_CHUNKS} chunk means, with the
 * gradient norms and the loss of guessing as evidence.
 */
public final class RunDiagnosis {
    /** From this many epochs on, the epoch losses are the curve read. */
    public static final int EPOCHS_FOR_EPOCH_CURVE = 8;
    /** How many chunk means of the step losses a short run is read as. */
    public static final int STEP_CHUNKS = 40;

    private RunDiagnosis() {
    }

    /** The diagnosis of {@code history} (a finished run, or one still training). */
    public static Diagnosis of(History history, double chanceLoss) {
        return of(history.epochs().stream().mapToDouble(EpochResult::trainLoss).toArray(),
                history.epochs().stream().mapToDouble(EpochResult::gradientNorm).toArray(), history.stepLosses(),
                history.stepGradientNorms(), chanceLoss);
    }

    /**
     * The diagnosis of a run known by its curves: per epoch (train loss, last gradient norm) and per step (loss,
     * gradient norm, NaN where unknown).
     */
    public static Diagnosis of(double[] epochLosses, double[] epochGradientNorms, double[] stepLosses,
                               double[] stepGradientNorms, double chanceLoss) {
        if (epochLosses.length >= EPOCHS_FOR_EPOCH_CURVE) {
            return Diagnosis.of(epochLosses, epochGradientNorms, chanceLoss);
        }
        return Diagnosis.of(chunkMeans(stepLosses, STEP_CHUNKS), stepGradientNorms, chanceLoss);
    }

    /**
     * The loss of a model that has learnt nothing, guessing every one of {@code classes} classes with probability
     * 1/C: ln C for cross-entropy (ln 2 for the binary losses); on one-hot targets ‖y − 1/C‖² = 1 − 1/C, so
     * ½(1 − 1/C) for the quadratic cost and (1 − 1/C)/C for MSE (mean over outputs too); NaN when unknown (a
     * regression, fewer than 2 classes, another loss). {@code lossName} is the loss's {@code name()}.
     */
    public static double chanceLoss(String lossName, int classes) {
        if (classes < 2) {
            return Double.NaN;
        }
        double c = classes;
        return switch (lossName) {
            case "cross-entropy" -> Math.log(c);
            case "bce", "bce-logits" -> Math.log(2);
            case "quadratic" -> 0.5 * (1 - 1 / c);
            case "mse" -> (1 - 1 / c) / c;
            default -> Double.NaN;
        };
    }

    /** The means of {@code values} over {@code points} equal chunks (fewer when there are fewer values). */
    public static double[] chunkMeans(double[] values, int points) {
        int chunks = Math.min(points, values.length);
        double[] out = new double[chunks];
        for (int c = 0; c < chunks; c++) {
            int from = (int) ((long) c * values.length / chunks);
            int to = (int) ((long) (c + 1) * values.length / chunks);
            double sum = 0;
            for (int i = from; i < to; i++) {
                sum += values[i];
            }
            out[c] = sum / Math.max(1, to - from);
        }
        return out;
    }
}
