package dev.descent.optim;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Limited-memory BFGS (Liu &amp; Nocedal, "On the limited memory BFGS method for large scale optimization", Math.
 * Programming 45, 1989), following Nocedal &amp; Wright, <i>Numerical Optimization</i> (2nd ed.): the two-loop
 * recursion (Algorithm 7.4) and, optionally, the strong-Wolfe line search (Algorithms 3.5 and 3.6, with cubic
 * interpolation, eq. 3.59), with the choices of PyTorch's {@code LBFGS} (itself after Schmidt's minFunc) so that
 * the trajectories agree. All parameters form one flat vector x with gradient g. One {@link #step(LossClosure)}:
 * <pre>
 *   evaluate f, g;  return at once if max|g| ≤ toleranceGrad
 *   repeat up to maxIterations times (the iteration count k runs on across calls):
 *     k = 1:  d ← −g, history cleared, γ ← 1
 *     else:   y ← g − g_prev, s ← t·d;  if yᵀs &gt; 1e-10: push (s, y, ρ = 1/yᵀs), dropping the oldest beyond
 *             historySize, and γ ← yᵀs / yᵀy;  d ← −H·g by the two-loop recursion with H₀ = γI
 *     g_prev ← g, f_prev ← f
 *     t ← learningRate · min(1, 1/Σ|g|)  (k = 1)   or   t ← learningRate  (k &gt; 1)
 *     stop if gᵀd &gt; −toleranceChange (not a descent direction)
 *     strong Wolfe:  t, f, g ← line search along d from t (c1 = 1e-4, c2 = 0.9, at most 25 evaluations);  x ← x + t·d
 *     none:          x ← x + t·d;  evaluate f, g unless this is the last iteration
 *     stop if the iteration or evaluation budget is used up, max|g| ≤ toleranceGrad, max|t·d| ≤ toleranceChange
 *     or |f − f_prev| &lt; toleranceChange
 * </pre>
 * <ul>
 *   <li>{@code learningRate} — step length (default 1; with the line search it is the first trial step).</li>
 *   <li>{@code maxIterations} — iterations per call (default 20).</li>
 *   <li>{@code maxEvaluations} — closure evaluations per call (default maxIterations · 5 / 4).</li>
 *   <li>{@code toleranceGrad} — stop when the largest gradient component is this small (default 1e-7).</li>
 *   <li>{@code toleranceChange} — stop when the step or the change of f is this small (default 1e-9).</li>
 *   <li>{@code historySize} — pairs (s, y) kept (default 100).</li>
 *   <li>{@code lineSearch} — {@code NONE} (fixed step t) or {@code STRONG_WOLFE} (default NONE).</li>
 * </ul>
 * The state (history, last direction and step, counters) carries over between calls. It needs the closure:
 * {@link #step()} without one is refused. Parameters with a null gradient count as a zero gradient.
 */
public final class Lbfgs implements Optimizer {

    /** How the step length along the search direction is chosen. */
    public enum LineSearch { NONE, STRONG_WOLFE }

    /** Configuration; validated on construction. */
    public record Config(double learningRate, int maxIterations, int maxEvaluations, double toleranceGrad,
                         double toleranceChange, int historySize, LineSearch lineSearch) {
        public Config {
            Args.positive("learningRate", learningRate);
            Args.positive("maxIterations", maxIterations);
            Args.positive("maxEvaluations", maxEvaluations);
            Args.nonNegative("toleranceGrad", toleranceGrad);
            Args.nonNegative("toleranceChange", toleranceChange);
            Args.positive("historySize", historySize);
            if (lineSearch == null) {
                throw new IllegalArgumentException("lineSearch must not be null (use NONE)");
            }
        }

        /** PyTorch's defaults with the given learning rate (no line search). */
        public static Config of(double learningRate) {
            return of(learningRate, 20, 100, LineSearch.NONE);
        }

        /** The given settings, maxEvaluations = maxIterations · 5 / 4 and the default tolerances. */
        public static Config of(double learningRate, int maxIterations, int historySize, LineSearch lineSearch) {
            return new Config(learningRate, maxIterations, maxIterations * 5 / 4, 1e-7, 1e-9, historySize,
                    lineSearch);
        }
    }

    // Strong-Wolfe constants (Nocedal & Wright's usual choice for quasi-Newton methods) and line-search budget.

    private final List<Tensor> parameters;
    private final Config config;
    private final ParameterVector vector;
    private final int size;
    private double learningRate;

    // State carried across calls (PyTorch's names in the export).
    private long steps;
    private long iterations;
    private long evaluations;
    private double[] direction;
    private double stepLength;
    private double hessianScale = 1;
    private double[] previousGrad;
    private double previousLoss;
    private final List<double[]> ys = new ArrayList<>();
    private final List<double[]> ss = new ArrayList<>();
    private final List<Double> rhos = new ArrayList<>();

    private Lbfgs(List<Tensor> parameters, Config config) {
        this.parameters = Args.parameters(parameters);
        this.config = config;
        this.learningRate = config.learningRate();
        this.vector = new ParameterVector(this.parameters);
        this.size = vector.size();
    }

    /** L-BFGS with PyTorch's defaults (learning rate 1, no line search). */
    public static Lbfgs of(List<Tensor> parameters) {
        return new Lbfgs(parameters, Config.of(1.0));
    }

    public static Lbfgs of(List<Tensor> parameters, double learningRate) {
        return new Lbfgs(parameters, Config.of(learningRate));
    }

    public static Lbfgs of(List<Tensor> parameters, Config config) {
        return new Lbfgs(parameters, config);
    }

    public Config config() {
        return config;
    }

    /** Refused: L-BFGS evaluates the loss several times per step. */
    @Override
    public void step() {
        throw new IllegalStateException("Lbfgs re-evaluates the loss: call step(closure)");
    }

    /** True: L-BFGS evaluates the loss through its closure as often as its iterations need. */
    @Override
    public boolean reevaluatesLoss() {
        return true;
    }

    @Override
    public double step(LossClosure closure) {
        steps++;
        double originalLoss = Closures.evaluate(closure, parameters);
        double loss = originalLoss;
        int callEvaluations = 1;
        evaluations++;
        double[] g = vector.gradient();
        if (maxAbs(g) <= config.toleranceGrad()) {
            return originalLoss;
        }
        boolean optimal = false;
        double lr = learningRate;
        for (int k = 1; k <= config.maxIterations(); k++) {
            iterations++;
            if (iterations == 1) {
                direction = negate(g);
                ys.clear();
                ss.clear();
                rhos.clear();
                hessianScale = 1;
            } else {
                remember(g);
                direction = twoLoop(g);
            }
            if (previousGrad == null) {
                previousGrad = g.clone();
            } else {
                System.arraycopy(g, 0, previousGrad, 0, size);
            }
            previousLoss = loss;
            double t = iterations == 1 ? Math.min(1.0, 1.0 / sumAbs(g)) * lr : lr;
            double gtd = dot(g, direction);
            if (gtd > -config.toleranceChange()) {
                break;
            }
            int lineEvaluations = 0;
            if (config.lineSearch() == LineSearch.STRONG_WOLFE) {
                double[] start = vector.read();
                StrongWolfe.Point found = StrongWolfe.search(step -> evaluateAt(closure, start, step, direction), direction, t,
                        loss, g, gtd);
                loss = found.loss();
                g = found.grad();
                t = found.t();
                lineEvaluations = found.evaluations();
                vector.move(start, t, direction);
                optimal = maxAbs(g) <= config.toleranceGrad();
            } else {
                vector.move(vector.read(), t, direction);
                if (k != config.maxIterations()) {
                    loss = Closures.evaluate(closure, parameters);
                    g = vector.gradient();
                    optimal = maxAbs(g) <= config.toleranceGrad();
                    lineEvaluations = 1;
                }
            }
            stepLength = t;
            callEvaluations += lineEvaluations;
            evaluations += lineEvaluations;
            if (k == config.maxIterations() || callEvaluations >= config.maxEvaluations() || optimal) {
                break;
            }
            if (maxAbs(direction) * Math.abs(t) <= config.toleranceChange()
                    || Math.abs(loss - previousLoss) < config.toleranceChange()) {
                break;
            }
        }
        return originalLoss;
    }

    /** Pushes the pair (s, y) of the last step if its curvature yᵀs is positive enough. */
    private void remember(double[] g) {
        double[] y = new double[size];
        double[] s = new double[size];
        for (int i = 0; i < size; i++) {
            y[i] = g[i] - previousGrad[i];
            s[i] = direction[i] * stepLength;
        }
        double ys = dot(y, s);
        if (ys > 1e-10) {
            if (this.ys.size() == config.historySize()) {
                this.ys.remove(0);
                ss.remove(0);
                rhos.remove(0);
            }
            this.ys.add(y);
            ss.add(s);
            rhos.add(1.0 / ys);
            hessianScale = ys / dot(y, y);
        }
    }

    /** −H·g by the two-loop recursion (Nocedal &amp; Wright, Algorithm 7.4) with H₀ = hessianScale · I. */
    private double[] twoLoop(double[] g) {
        int m = ys.size();
        double[] alpha = new double[m];
        double[] q = negate(g);
        for (int j = m - 1; j >= 0; j--) {
            alpha[j] = dot(ss.get(j), q) * rhos.get(j);
            axpy(-alpha[j], ys.get(j), q);
        }
        for (int i = 0; i < size; i++) {
            q[i] *= hessianScale;
        }
        for (int j = 0; j < m; j++) {
            double beta = dot(ys.get(j), q) * rhos.get(j);
            axpy(alpha[j] - beta, ss.get(j), q);
        }
        return q;
    }

    /** Loss and gradient at x + t·d; the parameters are put back to x (PyTorch's _directional_evaluate). */
    private StrongWolfe.Sample evaluateAt(LossClosure closure, double[] x, double t, double[] d) {
        vector.move(x, t, d);
        double loss = Closures.evaluate(closure, parameters);
        double[] g = vector.gradient();
        vector.move(x, 0, d);
        return new StrongWolfe.Sample(loss, g);
    }

    // ------------------------------------------------------------------ flat vectors

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static double sumAbs(double[] a) {
        double s = 0;
        for (double v : a) {
            s += Math.abs(v);
        }
        return s;
    }

    private static double[] negate(double[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = -a[i];
        }
        return out;
    }

    // ------------------------------------------------------------------ optimizer plumbing

    @Override
    public double learningRate() {
        return learningRate;
    }

    @Override
    public void setLearningRate(double learningRate) {
        this.learningRate = Args.nonNegative("learningRate", learningRate);
    }

    @Override
    public List<Tensor> parameters() {
        return parameters;
    }

    /**
     * {@code step}, {@code learningRate}, {@code n_iter}, {@code func_evals} (0-d); once iterating also
     * {@code d}, {@code t}, {@code H_diag}, {@code prev_flat_grad}, {@code prev_loss}, and the history as
     * [m, size] matrices {@code old_dirs} (y) and {@code old_stps} (s) with {@code ro} [m].
     */
    @Override
    public Map<String, Tensor> state() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("step", scalar(steps));
        out.put("learningRate", scalar(learningRate));
        out.put("n_iter", scalar(iterations));
        out.put("func_evals", scalar(evaluations));
        if (direction != null) {
            out.put("d", Tensor.of(direction, size));
            out.put("t", scalar(stepLength));
            out.put("H_diag", scalar(hessianScale));
            out.put("prev_flat_grad", Tensor.of(previousGrad, size));
            out.put("prev_loss", scalar(previousLoss));
            int m = ys.size();
            double[] dirs = new double[m * size];
            double[] stps = new double[m * size];
            double[] ro = new double[m];
            for (int j = 0; j < m; j++) {
                System.arraycopy(ys.get(j), 0, dirs, j * size, size);
                System.arraycopy(ss.get(j), 0, stps, j * size, size);
                ro[j] = rhos.get(j);
            }
            out.put("old_dirs", Tensor.of(dirs, m, size));
            out.put("old_stps", Tensor.of(stps, m, size));
            out.put("ro", Tensor.of(ro, m));
        }
        return out;
    }

    @Override
    public void loadState(Map<String, Tensor> state) {
        StateReader in = new StateReader(state, "Lbfgs");
        long newSteps = in.count("step");
        double newLearningRate = in.has("learningRate") ? Args.nonNegative("learningRate", in.scalar("learningRate"))
                : learningRate;
        long newIterations = in.count("n_iter");
        long newEvaluations = in.count("func_evals");
        double[] newDirection = null;
        double[] newPreviousGrad = null;
        double newT = 0;
        double newScale = 1;
        double newPreviousLoss = 0;
        List<double[]> newYs = new ArrayList<>();
        List<double[]> newSs = new ArrayList<>();
        List<Double> newRhos = new ArrayList<>();
        if (in.has("d")) {
            newDirection = new double[size];
            in.into("d", newDirection);
            newPreviousGrad = new double[size];
            in.into("prev_flat_grad", newPreviousGrad);
            newT = in.scalar("t");
            newScale = in.scalar("H_diag");
            newPreviousLoss = in.scalar("prev_loss");
            double[] ro = in.values("ro");
            if (ro.length > config.historySize()) {
                throw new IllegalArgumentException("loadState: Lbfgs history of " + ro.length
                        + " pairs exceeds historySize " + config.historySize());
            }
            double[] dirs = new double[ro.length * size];
            double[] stps = new double[ro.length * size];
            in.into("old_dirs", dirs);
            in.into("old_stps", stps);
            for (int j = 0; j < ro.length; j++) {
                newYs.add(java.util.Arrays.copyOfRange(dirs, j * size, (j + 1) * size));
                newSs.add(java.util.Arrays.copyOfRange(stps, j * size, (j + 1) * size));
                newRhos.add(ro[j]);
            }
        }
        in.checkAllUsed();
        steps = newSteps;
        learningRate = newLearningRate;
        iterations = newIterations;
        evaluations = newEvaluations;
        direction = newDirection;
        previousGrad = newPreviousGrad;
        stepLength = newT;
        hessianScale = newScale;
        previousLoss = newPreviousLoss;
        ys.clear();
        ys.addAll(newYs);
        ss.clear();
        ss.addAll(newSs);
        rhos.clear();
        rhos.addAll(newRhos);
    }

    private static Tensor scalar(double v) {
        return Tensor.scalar(v, DType.F64);
    }

    /** Closure evaluations made so far (all calls). */
    public long evaluations() {
        return evaluations;
    }

    /** Iterations made so far (all calls). */
    public long iterations() {
        return iterations;
    }

    @Override
    public String toString() {
        return "Lbfgs(learningRate=" + Args.show(learningRate) + ", maxIterations=" + config.maxIterations()
                + ", maxEvaluations=" + config.maxEvaluations() + ", toleranceGrad="
                + Args.show(config.toleranceGrad()) + ", toleranceChange=" + Args.show(config.toleranceChange())
                + ", historySize=" + config.historySize() + ", lineSearch=" + config.lineSearch() + ")";
    }
}
