package dev.descent.loss;

import dev.descent.tensor.Tensor;

/**
 * The standard losses, composed from engine ops (so each is differentiable to any order), with PyTorch's
 * definitions and default reduction (mean) unless noted. Predictions and targets have the same shape.
 */
public final class Losses {
    private Losses() {
    }

    private record Named(String name, Reduction reduction, Elementwise fn) implements Loss {
        @Override
        public Tensor apply(Tensor prediction, Tensor target) {
            check(name, prediction, target);
            Tensor each = fn.apply(prediction, target);
            return reduce(each, reduction);
        }

        @Override
        public String toString() {
            return name + "(reduction=" + reduction.name().toLowerCase(java.util.Locale.ROOT) + ")";
        }
    }

    @FunctionalInterface
    private interface Elementwise {
        Tensor apply(Tensor prediction, Tensor target);
    }

    static void check(String name, Tensor prediction, Tensor target) {
        if (!java.util.Arrays.equals(prediction.shape(), target.shape())) {
            throw new IllegalArgumentException(name + ": prediction shape " + java.util.Arrays.toString(prediction.shape())
                    + " differs from target shape " + java.util.Arrays.toString(target.shape()));
        }
    }

    static Tensor reduce(Tensor each, Reduction reduction) {
        return switch (reduction) {
            case NONE -> each;
            case MEAN -> each.mean();
            case SUM -> each.sum();
        };
    }

    /** Mean squared error: mean of (ŷ − y)². */
    public static Loss mse() {
        return mse(Reduction.MEAN);
    }

    public static Loss mse(Reduction reduction) {
        return new Named("mse", reduction, (p, t) -> p.sub(t).pow(2));
    }

    /** Sum of squared errors Σ(ŷ − y)², the tutorials' "sum of squares". */
    public static Loss sse() {
        return new Loss() {
            @Override
            public Tensor apply(Tensor prediction, Tensor target) {
                check("sse", prediction, target);
                return prediction.squaredDistance(target);
            }

            @Override
            public String name() {
                return "sse";
            }

            @Override
            public String toString() {
                return "sse(reduction=sum)";
            }
        };
    }

    /**
     * Nielsen's quadratic cost C = (1/2n) Σₓ ‖y(x) − a‖²: half the squared error summed over outputs, averaged over
     * the n examples of the batch (rows). With it, his learning rate 3.0 means what it means in his book.
     */
    public static Loss quadratic() {
        return new Loss() {
            @Override
            public Tensor apply(Tensor prediction, Tensor target) {
                check("quadratic", prediction, target);
                int rows = prediction.dim() == 0 ? 1 : prediction.size(0);
                // fused Σ(ŷ − y)²: the same value as sub, pow(2), sum, in one op with a one-loop backward
                return prediction.squaredDistance(target).mul(0.5 / rows);
            }

            @Override
            public String name() {
                return "quadratic";
            }

            @Override
            public String toString() {
                return "quadratic(½‖ŷ−y‖², mean over examples)";
            }
        };
    }

    /** Mean absolute error |ŷ − y|. */
    public static Loss l1() {
        return new Named("l1", Reduction.MEAN, (p, t) -> p.sub(t).abs());
    }

    /** Huber loss: ½r² for |r| ≤ δ, δ(|r| − ½δ) beyond (PyTorch's HuberLoss). */
    public static Loss huber(double delta) {
        if (!(delta > 0)) {
            throw new IllegalArgumentException("huber: delta must be > 0, was " + delta);
        }
        return new Named("huber", Reduction.MEAN, (p, t) -> {
            Tensor r = p.sub(t);
            Tensor a = r.abs();
            return Tensor.where(a.le(delta), r.pow(2).mul(0.5), a.sub(0.5 * delta).mul(delta));
        });
    }

    /**
     * Binary cross-entropy on probabilities: −[y log a + (1−y) log(1−a)], seed 002's −log(a) for y=1 and
     * −log(1−a) for y=0. Logs are clamped at −100 as PyTorch does, so a=0 or 1 gives a large finite loss.
     */
    public static Loss binaryCrossEntropy() {
        return new Named("bce", Reduction.MEAN, (p, t) -> {
            Tensor logP = p.log().clamp(-100, Double.MAX_VALUE);
            Tensor log1mP = p.rsub(1).log().clamp(-100, Double.MAX_VALUE);
            return t.mul(logP).add(t.rsub(1).mul(log1mP)).neg();
        });
    }

    /** Binary cross-entropy on logits z: softplus(z) − y·z, stable for any z (no sigmoid then log). */
    public static Loss binaryCrossEntropyWithLogits() {
        return new Named("bce-logits", Reduction.MEAN, (p, t) -> p.softplus().sub(t.mul(p)));
    }

    /** Softmax cross-entropy from logits [N, C] against one-hot or probability targets: mean over rows. */
    public static Loss crossEntropy() {
        return new RowLoss("cross-entropy", true);
    }

    /** Negative log-likelihood of log-probabilities [N, C] (e.g. logSoftmax output): mean over rows. */
    public static Loss negativeLogLikelihood() {
        return new RowLoss("nll", false);
    }

    private record RowLoss(String name, boolean fromLogits) implements Loss {
        @Override
        public Tensor apply(Tensor prediction, Tensor target) {
            check(name, prediction, target);
            if (prediction.dim() != 2) {
                throw new IllegalArgumentException(name + ": expected [batch, classes], got shape "
                        + java.util.Arrays.toString(prediction.shape()));
            }
            if (fromLogits) {
                // fused (same value, backward (softmax − y)/n); log-sum-exp inside, so no large logit overflows
                return prediction.softmaxCrossEntropy(target);
            }
            Tensor logProbabilities = prediction;
            return target.mul(logProbabilities).sum(1, false).mean().neg();
        }

        @Override
        public String toString() {
            return name + "(reduction=mean)";
        }
    }
}
