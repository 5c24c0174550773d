package dev.descent.text;

import dev.descent.train.Diagnosis;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@link Diagnosis} in words: the verdict's sentence, then the evidence that was measured, in the language of the
 * {@link Messages} given. Evidence that is unknown or meaningless (NaN, a curve too short for slopes) is left out, so a
 * user never reads "NaN%".
 */
public final class DiagnosisText {
    private DiagnosisText() {
    }

    /** The verdict's sentence and, on a second line, the evidence. */
    public static String explain(Diagnosis d, Messages m) {
        return verdict(d, m) + "\n" + evidence(d, m);
    }

    /** The verdict's sentence: what is wrong and what to change. */
    public static String verdict(Diagnosis d, Messages m) {
        return m.get("diagnosis.verdict." + d.verdict().name().toLowerCase(Locale.ROOT));
    }

    /** The evidence on one line, starting "evidence:". */
    public static String evidence(Diagnosis d, Messages m) {
        List<String> parts = new ArrayList<>();
        parts.add(m.get("diagnosis.evidence.points", d.points()));
        if (d.firstNonFinite() >= 0) {
            parts.add(m.get("diagnosis.evidence.non_finite", d.firstNonFinite() + 1));
        } else if (Double.isFinite(d.relativeDrop())) {
            if (d.relativeDrop() == 0 || Math.abs(d.relativeDrop()) < 5e-4 && d.verdict() == Diagnosis.Verdict.NOT_LEARNING) {
                parts.add(m.get("diagnosis.evidence.flat"));
            } else {
                parts.add(m.get(d.relativeDrop() >= 0 ? "diagnosis.evidence.fell" : "diagnosis.evidence.rose",
                        String.format(Locale.ROOT, "%.1f", Math.abs(d.relativeDrop()) * 100)));
            }
        }
        if (d.verdict() != Diagnosis.Verdict.TOO_SHORT) {
            parts.add(m.get("diagnosis.evidence.oscillations", d.oscillations()));
        }
        if (Double.isFinite(d.earlySlope()) && Double.isFinite(d.lateSlope())) {
            parts.add(m.get("diagnosis.evidence.slopes", g3(d.earlySlope()), g3(d.lateSlope())));
        }
        if (d.verdict() == Diagnosis.Verdict.RISING_LATE && d.lowestLoss() != 0) {
            parts.add(m.get("diagnosis.evidence.lowest", g3(d.lowestLoss()), d.lowestAt() + 1,
                    String.format(Locale.ROOT, "%.1f", (d.lastLoss() - d.lowestLoss()) / Math.abs(d.lowestLoss()) * 100)));
        }
        if (Double.isFinite(d.chanceLoss()) && Double.isFinite(d.lastLoss())) {
            parts.add(m.get("diagnosis.evidence.chance", g3(d.chanceLoss()), g3(d.lastLoss())));
        }
        if (Double.isFinite(d.gradientNorm())) {
            parts.add(m.get("diagnosis.evidence.gradient", g3(d.gradientNorm())));
        }
        return m.get("diagnosis.evidence", String.join(m.get("diagnosis.evidence.separator"), parts));
    }

    /** Three significant digits; zero as "0". */
    private static String g3(double v) {
        return v == 0 ? "0" : String.format(Locale.ROOT, "%.3g", v);
    }
}
