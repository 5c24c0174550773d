package dev.descent.train;

/**
 * Reads a loss curve and says what it says about training, as a verdict and the evidence behind it (data only: the
 * faces render the sentence, in the user's language, from {@code dev.descent.text.Messages} under
 * {@code diagnosis.verdict.<verdict>} and {@code diagnosis.evidence.*}).
 *
 * <p>The verdicts follow the classic learning-rate table: too large (the loss rises or explodes, or oscillates
 * without settling), too large late (a fast drop, then a plateau that still jitters, or a fall and a rise again:
 * decay the rate), too small (a slow, steady, unfinished fall), fine (a fast fall that levels off). Two more say that
 * the learning rate is not the question: not learning (the loss does not move, ends at chance level, or the gradient
 * vanished before the loss fell), and too short (fewer than {@value #MIN_POINTS} points).
 *
 * <p>Evidence: the number of points, the relative drop from the first to the last value, the sign changes between
 * successive differences (oscillation), the slopes of log-loss over the first and last thirds, the lowest loss and
 * where it was, the first non-finite value, and, when the caller knows them, the last gradient norm and the loss of
 * guessing (chance level, ln(classes) for softmax cross-entropy). Unknown or meaningless evidence is NaN (or -1 for
 * positions), never shown to a user.
 */
public record Diagnosis(Verdict verdict, int points, double relativeDrop, int oscillations, double earlySlope,
                        double lateSlope, double lastLoss, double lowestLoss, int lowestAt, int firstNonFinite,
                        double gradientNorm, double chanceLoss) {
    /** Fewer points than this cannot be read as a curve. */
    public static final int MIN_POINTS = 4;

    /** The possible findings. */
    public enum Verdict {
        /** The loss rises, explodes or becomes NaN: the learning rate is too large. */
        TOO_LARGE_DIVERGING,
        /** The loss oscillates instead of settling: the learning rate is too large. */
        TOO_LARGE_OSCILLATING,
        /** A fast drop, then a jittery plateau: decay the learning rate. */
        TOO_LARGE_LATE,
        /** The loss fell, then rose again late: decay the learning rate or stop at the lowest point. */
        RISING_LATE,
        /** A slow, steady fall that has not finished: the learning rate is too small. */
        TOO_SMALL,
        /** The loss does not move, sits at chance level, or the gradient vanished: no learning happens. */
        NOT_LEARNING,
        /** A fast fall that levelled off. */
        FINE,
        /** Too few points to judge. */
        TOO_SHORT
    }

    /** Diagnoses a sequence of loss values (per step or per epoch), in order, knowing nothing else about the run. */
    public static Diagnosis of(double[] losses) {
        return of(losses, new double[0], Double.NaN);
    }

    /**
     * Diagnoses a loss curve with what else is known of the run.
     *
     * @param losses        loss values in order (per step, per chunk of steps or per epoch)
     * @param gradientNorms gradient norms in order, at any granularity (the last finite one is the evidence); empty if
     *                      unknown
     * @param chanceLoss    the loss of a model that has learnt nothing (ln(classes) for softmax cross-entropy,
     *                      ½(1 − 1/classes) for the quadratic cost on one-hot targets), or NaN if unknown
     */
    public static Diagnosis of(double[] losses, double[] gradientNorms, double chanceLoss) {
        int n = losses.length;
        double gradient = Double.NaN;
        for (int i = gradientNorms.length - 1; i >= 0 && Double.isNaN(gradient); i--) {
            if (Double.isFinite(gradientNorms[i])) {
                gradient = gradientNorms[i];
            }
        }
        if (n < MIN_POINTS) {
            return new Diagnosis(Verdict.TOO_SHORT, n, Double.NaN, 0, Double.NaN, Double.NaN,
                    n == 0 ? Double.NaN : losses[n - 1], Double.NaN, -1, -1, gradient, chanceLoss);
        }
        double first = losses[0];
        double last = losses[n - 1];
        int nonFinite = -1;
        int lowestAt = -1;
        double highest = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(losses[i])) {
                nonFinite = nonFinite < 0 ? i : nonFinite;
            } else {
                lowestAt = lowestAt < 0 || losses[i] < losses[lowestAt] ? i : lowestAt;
                highest = Math.max(highest, losses[i]);
            }
        }
        double lowest = lowestAt < 0 ? Double.NaN : losses[lowestAt];
        int oscillations = 0;
        for (int i = 2; i < n; i++) {
            if ((losses[i - 1] - losses[i - 2]) * (losses[i] - losses[i - 1]) < 0) {
                oscillations++;
            }
        }
        double drop = (first - last) / Math.abs(first == 0 ? 1 : first);
        int third = Math.max(2, n / 3);
        double early = slope(losses, 0, third);
        double late = slope(losses, n - third, n);
        Verdict verdict = verdict(losses, nonFinite, drop, oscillations, early, late, lowestAt, highest, gradient,
                chanceLoss);
        return new Diagnosis(verdict, n, drop, oscillations, early, late, last, lowest, lowestAt, nonFinite, gradient,
                chanceLoss);
    }

    private static Verdict verdict(double[] losses, int nonFinite, double drop, int oscillations, double early,
                                   double late, int lowestAt, double highest, double gradient, double chance) {
        int n = losses.length;
        double first = losses[0];
        double last = losses[n - 1];
        if (nonFinite >= 0 || last > first * 1.05 || max(losses, n / 2, n) > 10 * Math.abs(first)) {
            return Verdict.TOO_LARGE_DIVERGING;
        }
        // Float sums of the same losses in another order differ in the last bits: "flat" allows 1e-4 of the level.
        boolean flat = highest - losses[lowestAt] <= 1e-4 * Math.abs(first) && highest > 0;
        boolean atChance = chance > 0 && Math.abs(last - chance) <= 0.02 * chance;
        // A gradient that has vanished while the loss is still far from zero: saturated or dead units, not a rate
        // that is too small or too large (a converged model ends near zero loss, well below the loss of guessing).
        boolean vanished = gradient < 1e-7 && (drop < 0.1 || chance > 0 && last >= 0.5 * chance);
        if (flat || atChance || vanished) {
            return Verdict.NOT_LEARNING;
        }
        double oscillationShare = (double) oscillations / (n - 2);
        if (oscillationShare > 0.6 && drop < 0.5) {
            return Verdict.TOO_LARGE_OSCILLATING;
        }
        // The lowest point lies before the last quarter and the end has climbed a tenth of the fall back up.
        int quarter = Math.max(2, n / 4);
        double lowest = losses[lowestAt];
        if (lowestAt < n - quarter && first > lowest && late > 0) {
            double tail = 0;
            for (int i = n - quarter; i < n; i++) {
                tail += losses[i] / quarter;
            }
            if ((tail - lowest) / (first - lowest) > 0.1) {
                return Verdict.RISING_LATE;
            }
        }
        // Still falling at the end about as fast as at the start: the steps are too short.
        if (early < 0 && late < 0 && late / early > 0.3 && drop < 0.9) {
            return Verdict.TOO_SMALL;
        }
        int third = Math.max(2, n / 3);
        double lateOscillation = 0;
        for (int i = n - third + 2; i < n; i++) {
            if ((losses[i - 1] - losses[i - 2]) * (losses[i] - losses[i - 1]) < 0) {
                lateOscillation++;
            }
        }
        lateOscillation /= Math.max(1, third - 2);
        if (early < 0 && Math.abs(late) < 0.05 * Math.abs(early) && lateOscillation > 0.6 && drop < 0.98) {
            return Verdict.TOO_LARGE_LATE;
        }
        return Verdict.FINE;
    }

    /** Least-squares slope of log(loss) per point over [from, to) (losses shifted to stay positive). */
    private static double slope(double[] y, int from, int to) {
        double min = Double.POSITIVE_INFINITY;
        for (double v : y) {
            min = Math.min(min, v);
        }
        double shift = min <= 0 ? -min + 1e-12 : 0;
        int m = to - from;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (int i = from; i < to; i++) {
            double x = i - from;
            double v = Math.log(y[i] + shift + 1e-300);
            sx += x;
            sy += v;
            sxx += x * x;
            sxy += x * v;
        }
        double den = m * sxx - sx * sx;
        return den == 0 ? 0 : (m * sxy - sx * sy) / den;
    }

    private static double max(double[] y, int from, int to) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            m = Math.max(m, y[i]);
        }
        return m;
    }
}
