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
        return l1(Reduction.MEAN);
    }

    public static Loss l1(Reduction reduction) {
        return new Named("l1", reduction, (p, t) -> p.sub(t).abs());
    }

    /** Huber loss: ½r² for |r| ≤ δ, δ(|r| − ½δ) beyond (PyTorch's HuberLoss). */
    public static Loss huber(double delta) {
        return huber(delta, Reduction.MEAN);
    }

    public static Loss huber(double delta, Reduction reduction) {
        if (!(delta > 0)) {
            throw new IllegalArgumentException("huber: delta must be > 0, was " + delta);
        }
        return new Named("huber", reduction, (p, t) -> {
            Tensor r = p.sub(t);
            Tensor a = r.abs();
            return Tensor.where(a.le(delta), r.pow(2).mul(0.5), a.sub(0.5 * delta).mul(delta));
        });
    }

    /**
     * Binary cross-entropy on probabilities: −[y log a + (1−y) log(1−a)], the backpropagation tutorial's −log(a) for
     * y=1 and −log(1−a) for y=0. Logs are clamped at −100 as PyTorch does, so a=0 or 1 gives a large finite loss.
     */
    public static Loss binaryCrossEntropy() {
        return binaryCrossEntropy(Reduction.MEAN);
    }

    public static Loss binaryCrossEntropy(Reduction reduction) {
        return new Named("bce", reduction, (p, t) -> {
            Tensor logP = p.log().clamp(-100, Double.MAX_VALUE);
            Tensor log1mP = p.rsub(1).log().clamp(-100, Double.MAX_VALUE);
            return t.mul(logP).add(t.rsub(1).mul(log1mP)).neg();
        });
    }

    /** Binary cross-entropy on logits z: softplus(z) − y·z, stable for any z (no sigmoid then log). */
    public static Loss binaryCrossEntropyWithLogits() {
        return binaryCrossEntropyWithLogits(Reduction.MEAN);
    }

    public static Loss binaryCrossEntropyWithLogits(Reduction reduction) {
        return new Named("bce-logits", reduction, (p, t) -> p.softplus().sub(t.mul(p)));
    }

    /** Softmax cross-entropy from logits [N, C] against one-hot or probability targets: mean over rows. */
    public static Loss crossEntropy() {
        return crossEntropy(Reduction.MEAN);
    }

    /** Softmax cross-entropy with a reduction over rows; NONE gives one loss per row, shape [N]. */
    public static Loss crossEntropy(Reduction reduction) {
        return new RowLoss("cross-entropy", true, reduction);
    }

    /** Negative log-likelihood of log-probabilities [N, C] (e.g. logSoftmax output): mean over rows. */
    public static Loss negativeLogLikelihood() {
        return negativeLogLikelihood(Reduction.MEAN);
    }

    /** NLL with a reduction over rows; NONE gives one loss per row, shape [N]. */
    public static Loss negativeLogLikelihood(Reduction reduction) {
        return new RowLoss("nll", false, reduction);
    }

    private record RowLoss(String name, boolean fromLogits, Reduction reduction) implements Loss {
        @Override
        public Tensor apply(Tensor prediction, Tensor target) {
            check(name, prediction, target);
            if (prediction.dim() != 2) {
                throw new IllegalArgumentException(name + ": expected [batch, classes], got shape "
                        + java.util.Arrays.toString(prediction.shape()));
            }
            if (fromLogits && reduction == Reduction.MEAN) {
                // fused (same value, backward (softmax − y)/n); log-sum-exp inside, so no large logit overflows
                return prediction.softmaxCrossEntropy(target);
            }
            Tensor logProbabilities = fromLogits ? prediction.logSoftmax(1) : prediction;
            return reduce(target.mul(logProbabilities).sum(1, false).neg(), reduction);
        }

        @Override
        public String toString() {
            return name + "(reduction=" + reduction.name().toLowerCase(java.util.Locale.ROOT) + ")";
        }
    }
}
