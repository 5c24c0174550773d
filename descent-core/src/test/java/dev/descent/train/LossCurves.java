package dev.descent.train;

import java.util.EnumMap;
import java.util.Map;

/** One loss curve made for each {@link Diagnosis.Verdict}, with the evidence a run would pass beside it. */
public final class LossCurves {
    private LossCurves() {
    }

    /** A curve and what else is known of its run (empty gradient norms and NaN chance when unknown). */
    public record Curve(double[] losses, double[] gradientNorms, double chanceLoss) {
        public Diagnosis diagnose() {
            return Diagnosis.of(losses, gradientNorms, chanceLoss);
        }
    }

    /** Gradient descent on J(x) = x² from 1.2 at {@code rate}, with a little noise. */
    static double[] descend(double rate, int steps) {
        double x = 1.2;
        double[] losses = new double[steps];
        for (int i = 0; i < steps; i++) {
            losses[i] = x * x + 0.01 * Math.sin(i);
            x -= rate * 2 * x;
        }
        return losses;
    }

    private static double[] curve(int n, java.util.function.IntToDoubleFunction f) {
        double[] l = new double[n];
        for (int i = 0; i < n; i++) {
            l[i] = f.applyAsDouble(i);
        }
        return l;
    }

    private static Curve plain(double[] losses) {
        return new Curve(losses, new double[0], Double.NaN);
    }

    /** The curve made for each verdict. */
    public static Map<Diagnosis.Verdict, Curve> all() {
        Map<Diagnosis.Verdict, Curve> m = new EnumMap<>(Diagnosis.Verdict.class);
        m.put(Diagnosis.Verdict.TOO_LARGE_DIVERGING, plain(descend(1.1, 30)));
        m.put(Diagnosis.Verdict.TOO_LARGE_OSCILLATING, plain(curve(30, i -> 5 + (i % 2 == 0 ? 0.3 : -0.3))));
        // a fast fall to a plateau that keeps jittering by ±0.05
        m.put(Diagnosis.Verdict.TOO_LARGE_LATE, plain(curve(60, i -> 1 + 10 * Math.exp(-i / 3.0)
                + (i % 2 == 0 ? 0.05 : -0.05))));
        // falling to its lowest at step 30, then climbing 0.02 a step (the moons run that rose late)
        m.put(Diagnosis.Verdict.RISING_LATE, plain(curve(60, i -> 0.3 + Math.exp(-i / 5.0)
                + 0.02 * Math.max(0, i - 30))));
        m.put(Diagnosis.Verdict.TOO_SMALL, plain(descend(0.002, 60)));
        // a model that starts far off, falls to ln(10) at once and stays there with a gradient norm of 0
        m.put(Diagnosis.Verdict.NOT_LEARNING, new Curve(curve(40, i -> Math.log(10) + 5 * Math.exp(-3.0 * i)),
                new double[] {0.8, 0, 0, 0}, Math.log(10)));
        m.put(Diagnosis.Verdict.FINE, plain(curve(60, i -> 0.1 + Math.exp(-i / 4.0))));
        m.put(Diagnosis.Verdict.TOO_SHORT, plain(new double[] {2.3, 1.1, 0.7}));
        return m;
    }
}
