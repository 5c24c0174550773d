package dev.descent.train;

import java.util.Locale;

/**
 * Reads a loss curve and says what the backpropagation tutorial's table says about the learning rate: too large (the
 * loss rises or explodes, or oscillates without settling), too large late (a fast drop, then a plateau that still
 * jitters: decay the rate), too small (a slow, steady, unfinished fall), or fine (a fast fall that levels off).
 *
 * <p>Evidence: the relative drop from the first to the last value, the share of sign changes between successive
 * differences (oscillation), and the slopes of the first and last thirds of the curve on a log scale.
 */
public record Diagnosis(Verdict verdict, double relativeDrop, int oscillations, double earlySlope, double lateSlope,
                        int points) {
    /** The possible findings. */
    public enum Verdict { TOO_LARGE_DIVERGING, TOO_LARGE_OSCILLATING, TOO_LARGE_LATE, TOO_SMALL, FINE, TOO_SHORT }

    /** Diagnoses a sequence of loss values (per step or per epoch), in order. */
    public static Diagnosis of(double[] losses) {
        int n = losses.length;
        if (n < 4) {
            return new Diagnosis(Verdict.TOO_SHORT, Double.NaN, 0, Double.NaN, Double.NaN, n);
        }
        double first = losses[0];
        double last = losses[n - 1];
        int nonFinite = -1;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(losses[i])) {
                nonFinite = i;
                break;
            }
        }
        int oscillations = 0;
        for (int i = 2; i < n; i++) {
            double d1 = losses[i - 1] - losses[i - 2];
            double d2 = losses[i] - losses[i - 1];
            if (d1 * d2 < 0) {
                oscillations++;
            }
        }
        double drop = (first - last) / Math.abs(first == 0 ? 1 : first);
        int third = Math.max(2, n / 3);
        double early = slope(losses, 0, third);
        double late = slope(losses, n - third, n);
        if (nonFinite >= 0 || last > first * 1.05 || max(losses, n / 2, n) > 10 * Math.abs(first)) {
            return new Diagnosis(Verdict.TOO_LARGE_DIVERGING, drop, oscillations, early, late, n);
        }
        double oscillationShare = (double) oscillations / (n - 2);
        if (oscillationShare > 0.6 && drop < 0.5) {
            return new Diagnosis(Verdict.TOO_LARGE_OSCILLATING, drop, oscillations, early, late, n);
        }
        // Still falling at the end about as fast as at the start: the steps are too short.
        if (early < 0 && late < 0 && late / early > 0.3 && drop < 0.9) {
            return new Diagnosis(Verdict.TOO_SMALL, drop, oscillations, early, late, n);
        }
        double lateOscillation = 0;
        for (int i = n - third + 2; i < n; i++) {
            if ((losses[i - 1] - losses[i - 2]) * (losses[i] - losses[i - 1]) < 0) {
                lateOscillation++;
            }
        }
        lateOscillation /= Math.max(1, third - 2);
        if (early < 0 && Math.abs(late) < 0.05 * Math.abs(early) && lateOscillation > 0.6 && drop < 0.98) {
            return new Diagnosis(Verdict.TOO_LARGE_LATE, drop, oscillations, early, late, n);
        }
        return new Diagnosis(Verdict.FINE, drop, oscillations, early, late, n);
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

    /** The finding in words, with the evidence and the suggested change; {@code chinese} selects 中文. */
    public String explain(boolean chinese) {
        String evidence = String.format(Locale.ROOT, chinese
                ? "证据：%d 个点，损失下降 %.1f%%，振荡 %d 次，前段斜率 %.3g，后段斜率 %.3g（对数损失每步）"
                : "evidence: %d points, loss fell %.1f%%, %d oscillations, early slope %.3g, late slope %.3g (log-loss per point)",
                points, relativeDrop * 100, oscillations, earlySlope, lateSlope);
        String finding = switch (verdict) {
            case TOO_LARGE_DIVERGING -> chinese
                    ? "学习率太大：损失函数从一开始就上升或发散。建议把学习率减小到 1/10。"
                    : "learning rate too large: the loss rises or explodes. Divide the learning rate by 10.";
            case TOO_LARGE_OSCILLATING -> chinese
                    ? "学习率太大：损失来回振荡，无法收敛。建议把学习率减小到 1/3 到 1/10。"
                    : "learning rate too large: the loss oscillates instead of settling. Divide the learning rate by 3 to 10.";
            case TOO_LARGE_LATE -> chinese
                    ? "学习率后期偏大：损失先快速下降，然后在较高处抖动停滞。建议使用学习率衰减（step 或 cosine）。"
                    : "learning rate too large late: a fast drop, then a jittery plateau. Decay the rate (step or cosine schedule).";
            case TOO_SMALL -> chinese
                    ? "学习率太小：损失缓慢而稳定地下降，还没有收敛。建议把学习率增大 3 到 10 倍，或训练更多轮。"
                    : "learning rate too small: slow, steady fall that has not finished. Multiply the learning rate by 3 to 10, or train longer.";
            case FINE -> chinese
                    ? "学习率合适：损失快速下降后趋于平稳。"
                    : "learning rate fine: the loss fell fast and levelled off.";
            case TOO_SHORT -> chinese ? "曲线太短，无法诊断（至少需要 4 个点）。"
                    : "too few points to diagnose (need at least 4).";
        };
        return finding + "\n" + evidence;
    }
}
