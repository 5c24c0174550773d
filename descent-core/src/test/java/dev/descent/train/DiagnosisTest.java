package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The backpropagation tutorial's learning-rate table, on gradient-descent loss curves of J(x) = x² at known rates. */
class DiagnosisTest {
    private static double[] descend(double rate, int steps) {
        double x = 1.2;
        double[] losses = new double[steps];
        for (int i = 0; i < steps; i++) {
            losses[i] = x * x + 0.01 * Math.sin(i);
            x -= rate * 2 * x;
        }
        return losses;
    }

    @Test
    void tooLargeRateDiverges() {
        assertEquals(Diagnosis.Verdict.TOO_LARGE_DIVERGING, Diagnosis.of(descend(1.1, 30)).verdict());
    }

    @Test
    void rateOfOneOscillatesForever() {
        double[] l = new double[30];
        for (int i = 0; i < l.length; i++) {
            l[i] = 5 + (i % 2 == 0 ? 0.3 : -0.3);
        }
        assertEquals(Diagnosis.Verdict.TOO_LARGE_OSCILLATING, Diagnosis.of(l).verdict());
    }

    @Test
    void tinyRateIsTooSmall() {
        assertEquals(Diagnosis.Verdict.TOO_SMALL, Diagnosis.of(descend(0.002, 60)).verdict());
    }

    @Test
    void goodRateIsFine() {
        double[] l = new double[60];
        for (int i = 0; i < l.length; i++) {
            l[i] = 0.1 + Math.exp(-i / 4.0);
        }
        assertEquals(Diagnosis.Verdict.FINE, Diagnosis.of(l).verdict());
    }
}
