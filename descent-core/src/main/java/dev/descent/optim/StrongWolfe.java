package dev.descent.optim;

/**
 * The strong-Wolfe line search L-BFGS uses: finds a step length t along a descent direction d with sufficient
 * decrease (c1 = 1e-4) and a small enough slope (c2 = 0.9), following Nocedal &amp; Wright, Algorithms 3.5 and 3.6,
 * with PyTorch's LBFGS choices for interpolation and safeguards.
 */
final class StrongWolfe {
    private static final double C1 = 1e-4;
    private static final double C2 = 0.9;
    private static final double LINE_TOLERANCE = 1e-9;
    private static final int MAX_LINE_EVALUATIONS = 25;

    private StrongWolfe() {
    }

    /** The loss and its gradient at one point of the line. */
    record Sample(double loss, double[] grad) {
    }

    /** Evaluates the loss and gradient at step t along the search direction. */
    @FunctionalInterface
    interface Line {
        Sample at(double t);
    }

    /** A point of the line search: step t along d, the loss and gradient there, and the evaluations spent. */
    record Point(double t, double loss, double[] grad, int evaluations) {
    }

    /**
     * Strong-Wolfe line search: bracketing (Nocedal &amp; Wright, Algorithm 3.5) with the trial step extrapolated
     * by cubic interpolation within [t + 0.01(t − t_prev), 10t], then zoom (Algorithm 3.6) with cubic
     * interpolation, moved 10% of the interval away from its ends when it lands too close to them twice.
     */
    static Point search(Line line, double[] d, double t, double f, double[] g0, double gtd) {
        double dNorm = maxAbs(d);
        double[] g = g0.clone();
        Sample sample = line.at(t);
        double fNew = sample.loss();
        double[] gNew = sample.grad();
        int evals = 1;
        double gtdNew = dot(gNew, d);
        double tPrev = 0;
        double fPrev = f;
        double[] gPrev = g;
        double gtdPrev = gtd;
        boolean done = false;
        int iter = 0;
        double[] bt = null;
        double[] bf = null;
        double[][] bg = null;
        double[] bgtd = null;
        while (iter < MAX_LINE_EVALUATIONS) {
            if (fNew > f + C1 * t * gtd || (iter > 1 && fNew >= fPrev)) {
                // no sufficient decrease, or worse than the last trial: a minimizer lies in [t_prev, t]
                bt = new double[] {tPrev, t};
                bf = new double[] {fPrev, fNew};
                bg = new double[][] {gPrev, gNew};
                bgtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            if (Math.abs(gtdNew) <= -C2 * gtd) {
                // strong Wolfe conditions hold at t
                bt = new double[] {t};
                bf = new double[] {fNew};
                bg = new double[][] {gNew};
                done = true;
                break;
            }
            if (gtdNew >= 0) {
                // the slope turned: a minimizer lies in [t_prev, t]
                bt = new double[] {tPrev, t};
                bf = new double[] {fPrev, fNew};
                bg = new double[][] {gPrev, gNew};
                bgtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            double minStep = t + 0.01 * (t - tPrev);
            double maxStep = t * 10;
            double tmp = t;
            t = cubicMinimum(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
            tPrev = tmp;
            fPrev = fNew;
            gPrev = gNew;
            gtdPrev = gtdNew;
            sample = line.at(t);
            fNew = sample.loss();
            gNew = sample.grad();
            evals++;
            gtdNew = dot(gNew, d);
            iter++;
        }
        if (iter == MAX_LINE_EVALUATIONS) {
            bt = new double[] {0, t};
            bf = new double[] {f, fNew};
            bg = new double[][] {g, gNew};
            bgtd = new double[] {gtd, gtdNew};
        }
        boolean insufficientProgress = false;
        int low = bf[0] <= bf[bf.length - 1] ? 0 : 1;
        int high = 1 - low;
        while (!done && iter < MAX_LINE_EVALUATIONS) {
            if (Math.abs(bt[1] - bt[0]) * dNorm < LINE_TOLERANCE) {
                break;
            }
            double lo = Math.min(bt[0], bt[1]);
            double hi = Math.max(bt[0], bt[1]);
            t = cubicMinimum(bt[0], bf[0], bgtd[0], bt[1], bf[1], bgtd[1], lo, hi);
            double margin = 0.1 * (hi - lo);
            if (Math.min(hi - t, t - lo) < margin) {
                if (insufficientProgress || t >= hi || t <= lo) {
                    t = Math.abs(t - hi) < Math.abs(t - lo) ? hi - margin : lo + margin;
                    insufficientProgress = false;
                } else {
                    insufficientProgress = true;
                }
            } else {
                insufficientProgress = false;
            }
            sample = line.at(t);
            fNew = sample.loss();
            gNew = sample.grad();
            evals++;
            gtdNew = dot(gNew, d);
            iter++;
            if (fNew > f + C1 * t * gtd || fNew >= bf[low]) {
                bt[high] = t;
                bf[high] = fNew;
                bg[high] = gNew;
                bgtd[high] = gtdNew;
                low = bf[0] <= bf[1] ? 0 : 1;
                high = 1 - low;
            } else {
                if (Math.abs(gtdNew) <= -C2 * gtd) {
                    done = true;
                } else if (gtdNew * (bt[high] - bt[low]) >= 0) {
                    bt[high] = bt[low];
                    bf[high] = bf[low];
                    bg[high] = bg[low];
                    bgtd[high] = bgtd[low];
                }
                bt[low] = t;
                bf[low] = fNew;
                bg[low] = gNew;
                bgtd[low] = gtdNew;
            }
        }
        return new Point(bt[low], bf[low], bg[low], evals);
    }

    /**
     * The minimizer of the cubic through (x1, f1, g1) and (x2, f2, g2) (Nocedal &amp; Wright eq. 3.59), clamped to
     * [lo, hi]; the middle of [lo, hi] when the cubic has no minimizer.
     */
    static double cubicMinimum(double x1, double f1, double g1, double x2, double f2, double g2, double lo,
                               double hi) {
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (d2Square >= 0) {
            double d2 = Math.sqrt(d2Square);
            double min = x1 <= x2
                    ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                    : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            return Math.min(Math.max(min, lo), hi);
        }
        return (lo + hi) / 2;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
