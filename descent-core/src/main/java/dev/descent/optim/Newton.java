package dev.descent.optim;

import dev.descent.tensor.Backprop;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Damped Newton's method for small parameter vectors (Nocedal &amp; Wright, <i>Numerical Optimization</i>, ch. 3.4;
 * the damping after Levenberg, 1944, and Marquardt, 1963). All parameters form one flat vector x of n elements; the
 * gradient g and the n×n Hessian H come from the engine (the loss is differentiated twice, one backward pass per
 * element). One {@link #step(LossClosure)}:
 * <pre>
 *   f, g, H ← the loss, its gradient and Hessian at x     (H symmetrized: (H + Hᵀ)/2)
 *   λ ← damping
 *   repeat:
 *       while H + λI is not positive definite (its Cholesky factorization fails):
 *           λ ← max(10λ, 1e-10 · max(1, max|Hᵢᵢ|))
 *       Δ ← (H + λI)⁻¹ g                                  (by that Cholesky factorization)
 *       x' ← x − learningRate · Δ
 *       accept x' if f(x') &lt; f (or after 30 rejections); else λ ← max(10λ, 1e-3 · max(1, max|Hᵢᵢ|))
 *   x ← x'
 * </pre>
 * <ul>
 *   <li>{@code learningRate} — fraction of the Newton step taken (default 1: the full step).</li>
 *   <li>{@code damping} — λ added to the Hessian's diagonal before solving (default 0: pure Newton). A larger λ
 *       moves the step toward gradient descent with step 1/λ.</li>
 * </ul>
 * Raising λ until the matrix is positive definite keeps Δ a descent direction where H is indefinite (near saddle
 * points and maxima, where the pure Newton step would climb); raising it further when the step fails to lower the
 * loss is Levenberg's rule (each trial costs one forward evaluation), and shortens the step toward gradient
 * descent with step 1/λ. λ is not remembered between steps. Cost: n + 1 backward passes and O(n³) per step, so it
 * is meant for parameter vectors of up to a few hundred elements. The
 * closure must return the loss without calling backward itself (see {@link LossClosure}); {@link #step()} without
 * one is refused. Parameters the loss does not depend on get a zero gradient and stay put.
 */
public final class Newton implements Optimizer {
    private static final int MAX_DAMPING_INCREASES = 60;
    private static final int MAX_REJECTIONS = 30;

    /** Configuration; validated on construction. */
    public record Config(double learningRate, double damping) {
        public Config {
            Args.positive("learningRate", learningRate);
            Args.nonNegative("damping", damping);
        }

        public static Config defaults() {
            return new Config(1.0, 0.0);
        }
    }

    private final List<Tensor> parameters;
    private final Config config;
    private final int size;
    private final ParameterVector vector;
    private double learningRate;
    private long steps;
    private double lastDamping;

    private Newton(List<Tensor> parameters, Config config) {
        this.parameters = Args.parameters(parameters);
        this.config = config;
        this.learningRate = config.learningRate();
        this.vector = new ParameterVector(this.parameters);
        this.size = vector.size();
    }

    /** Pure Newton: learning rate 1, no damping. */
    public static Newton of(List<Tensor> parameters) {
        return new Newton(parameters, Config.defaults());
    }

    public static Newton of(List<Tensor> parameters, double learningRate, double damping) {
        return new Newton(parameters, new Config(learningRate, damping));
    }

    public static Newton of(List<Tensor> parameters, Config config) {
        return new Newton(parameters, config);
    }

    public Config config() {
        return config;
    }

    /** The λ the last step solved with (≥ damping; larger when the Hessian was not positive definite). */
    public double lastDamping() {
        return lastDamping;
    }

    /** Refused: Newton needs the closure to differentiate the loss twice. */
    @Override
    public void step() {
        throw new IllegalStateException("Newton needs the Hessian: call step(closure)");
    }

    /** True: Newton evaluates the loss through its closure to build the gradient and the Hessian. */
    @Override
    public boolean reevaluatesLoss() {
        return true;
    }

    @Override
    public double step(LossClosure closure) {
        Tensor loss = Closures.loss(closure, parameters);
        if (!Closures.hasLiveGraph(loss)) {
            throw new IllegalArgumentException("Newton: the closure must return the loss without calling backward"
                    + " (its graph is needed for the Hessian), and the loss must depend on the parameters");
        }
        List<Tensor> grads = Backprop.gradients(loss, parameters, true);
        Tensor flat = grads.size() == 1 ? grads.get(0).reshape(-1)
                : Tensor.concat(0, grads.stream().map(t -> t.reshape(-1)).toArray(Tensor[]::new));
        double[] g = new double[size];
        double[] h = new double[size * size];
        for (int i = 0; i < size; i++) {
            Tensor gi = flat.slice(0, i, i + 1).sum();
            g[i] = gi.item();
            if (!gi.requiresGrad()) {
                continue; // this gradient entry does not depend on x: its Hessian row is zero
            }
            List<Tensor> rows = Backprop.gradients(gi, parameters, false);
            int offset = 0;
            for (Tensor row : rows) {
                for (int j = 0, n = row.numel(); j < n; j++) {
                    h[i * size + offset + j] = row.getFlat(j);
                }
                offset += row.numel();
            }
        }
        double f = loss.item();
        setGradients(loss, g);
        double[] x = vector.read();
        double lr = learningRate;
        double lambda = config.damping();
        double[] trial = new double[size];
        for (int attempt = 0; ; attempt++) {
            double[] delta = solveDamped(h, g, size, lambda);
            lambda = lastDamping;
            for (int i = 0; i < size; i++) {
                trial[i] = x[i] - lr * delta[i];
            }
            vector.write(trial);
            if (attempt == MAX_REJECTIONS || lossAt(closure) < f) {
                break;
            }
            lambda = Math.max(10 * lambda, 1e-3 * Math.max(1, maxAbsDiagonal(h, size)));
        }
        steps++;
        return f;
    }

    /** The loss at the current parameters, without recording a graph. */
    private double lossAt(LossClosure closure) {
        try (var scope = Tensor.noGrad()) {
            double value = closure.evaluate().item();
            return Double.isNaN(value) ? Double.POSITIVE_INFINITY : value;
        }
    }

    private static double maxAbsDiagonal(double[] h, int n) {
        double m = 0;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, Math.abs(h[i * n + i]));
        }
        return m;
    }

    /**
     * Leaves the gradient in the {@code grad()} of each parameter the loss depends on, as a backward pass would;
     * the others keep a null gradient.
     */
    private void setGradients(Tensor loss, double[] g) {
        java.util.Set<Tensor> reachable = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        reachable.addAll(Backprop.topologicalOrder(loss));
        int offset = 0;
        for (Tensor p : parameters) {
            if (reachable.contains(p)) {
                Tensor grad = p.zerosLike();
                for (int i = 0, n = p.numel(); i < n; i++) {
                    grad.setFlat(i, g[offset + i]);
                }
                p.setGrad(grad);
            }
            offset += p.numel();
        }
    }

    /** Solves (H + λI)Δ = g, raising λ from {@code damping} until H + λI is positive definite. */
    private double[] solveDamped(double[] h, double[] g, int n, double damping) {
        double maxDiagonal = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double mean = 0.5 * (h[i * n + j] + h[j * n + i]);
                h[i * n + j] = mean;
                h[j * n + i] = mean;
            }
            maxDiagonal = Math.max(maxDiagonal, Math.abs(h[i * n + i]));
        }
        double lambda = damping;
        double[] factor = new double[n * n];
        for (int attempt = 0; attempt <= MAX_DAMPING_INCREASES; attempt++) {
            if (cholesky(h, lambda, n, factor)) {
                lastDamping = lambda;
                return choleskySolve(factor, g, n);
            }
            lambda = Math.max(10 * lambda, 1e-10 * Math.max(1, maxDiagonal));
        }
        throw new IllegalStateException("Newton: H + λI is not positive definite even with λ = " + lambda
                + " (the Hessian holds NaN or infinity?)");
    }

    /** Lower-triangular L with L·Lᵀ = A + λI into {@code l}; false if A + λI is not (numerically) positive definite. */
    static boolean cholesky(double[] a, double lambda, int n, double[] l) {
        java.util.Arrays.fill(l, 0);
        for (int j = 0; j < n; j++) {
            double diagonal = a[j * n + j] + lambda;
            for (int k = 0; k < j; k++) {
                diagonal -= l[j * n + k] * l[j * n + k];
            }
            if (!(diagonal > 0)) {
                return false;
            }
            double ljj = Math.sqrt(diagonal);
            l[j * n + j] = ljj;
            for (int i = j + 1; i < n; i++) {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) {
                    s -= l[i * n + k] * l[j * n + k];
                }
                l[i * n + j] = s / ljj;
            }
        }
        return true;
    }

    /** Solves L·Lᵀ·x = b by forward then back substitution. */
    static double[] choleskySolve(double[] l, double[] b, int n) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i * n + k] * y[k];
            }
            y[i] = s / l[i * n + i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k * n + i] * x[k];
            }
            x[i] = s / l[i * n + i];
        }
        return x;
    }

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

    /** {@code step} and {@code learningRate}: Newton keeps nothing else between steps. */
    @Override
    public Map<String, Tensor> state() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("step", Tensor.scalar(steps, DType.F64));
        out.put("learningRate", Tensor.scalar(learningRate, DType.F64));
        return out;
    }

    @Override
    public void loadState(Map<String, Tensor> state) {
        StateReader in = new StateReader(state, "Newton");
        long newSteps = in.count("step");
        double newLearningRate = in.has("learningRate") ? Args.nonNegative("learningRate", in.scalar("learningRate"))
                : learningRate;
        in.checkAllUsed();
        steps = newSteps;
        learningRate = newLearningRate;
    }

    @Override
    public String toString() {
        return "Newton(learningRate=" + Args.show(learningRate) + ", damping=" + Args.show(config.damping()) + ")";
    }
}
