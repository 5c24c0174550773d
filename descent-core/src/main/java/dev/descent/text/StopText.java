package dev.descent.text;

import dev.descent.train.StopReason;
import java.util.Locale;

/** A {@link StopReason} in words, in the language of the {@link Messages} given. */
public final class StopText {
    private StopText() {
    }

    /** The reason on one line; after a divergence with the roll-back, the diagnosis and where else to look. */
    public static String explain(StopReason s, Messages m) {
        String text = m.get("stop." + s.kind().name().toLowerCase(Locale.ROOT), s.values().toArray());
        if (!s.diverged()) {
            return text;
        }
        String restored = s.restoredEpoch() <= 0 ? m.get("stop.restored.initial")
                : m.get("stop.restored", Integer.toString(s.restoredEpoch()));
        String diagnosis = s.diagnosis() == null ? m.get("diagnosis.verdict.too_large_diverging")
                : DiagnosisText.verdict(s.diagnosis(), m) + m.get("stop.separator") + DiagnosisText.evidence(s.diagnosis(), m);
        return text + m.get("stop.separator") + restored + " " + diagnosis + " " + m.get("trainer.diverged.hint");
    }
}
