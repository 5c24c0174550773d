package dev.descent.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.train.Diagnosis;
import dev.descent.train.LossCurves;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every verdict reads as a sentence in both languages, with evidence and never a NaN. */
class DiagnosisTextTest {
    @Test
    void everyVerdictHasASentenceAndEvidenceWithoutNaN() {
        for (Messages m : List.of(Messages.english(), Messages.chinese())) {
            for (Map.Entry<Diagnosis.Verdict, LossCurves.Curve> e : LossCurves.all().entrySet()) {
                String text = DiagnosisText.explain(e.getValue().diagnose(), m);
                String shown = text.replace("NaN or infinite", "").replace("NaN 或无穷大", "");
                assertFalse(shown.contains("NaN") || shown.contains("Infinity"), text);
                assertEquals(2, text.split("\n").length, text);
            }
        }
    }

    @Test
    void evidenceOfAFlatCurveSaysItDidNotChange() {
        double[] flat = {2.302585, 2.302585, 2.302585, 2.302585, 2.302585};
        Diagnosis d = Diagnosis.of(flat, new double[] {0, 0}, Math.log(10));
        String en = DiagnosisText.explain(d, Messages.english());
        assertTrue(en.startsWith("not learning"), en);
        assertTrue(en.contains("loss did not change"), en);
        assertTrue(en.contains("gradient norm 0 at the end"), en);
        assertTrue(en.contains("chance level 2.30"), en);
        assertFalse(en.contains("fell 0.0%"), en);
        String zh = DiagnosisText.explain(d, Messages.chinese());
        assertTrue(zh.startsWith("没有在学习"), zh);
    }

    @Test
    void keepsTheEvidenceLineUsersKnow() {
        Diagnosis d = LossCurves.all().get(Diagnosis.Verdict.FINE).diagnose();
        assertEquals("learning rate fine: the loss fell fast and levelled off.", DiagnosisText.verdict(d, Messages.english()));
        assertTrue(DiagnosisText.evidence(d, Messages.english()).matches("evidence: 60 points, loss fell \\d+\\.\\d%, 0 "
                + "oscillations, early slope \\S+, late slope \\S+ \\(log-loss per point\\)"), DiagnosisText.evidence(d,
                Messages.english()));
        Diagnosis shortCurve = Diagnosis.of(new double[] {1, 2});
        assertEquals("evidence: 2 points", DiagnosisText.evidence(shortCurve, Messages.english()));
    }
}
