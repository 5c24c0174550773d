package dev.descent.tensor;

/**
 * Batch normalization (Ioffe and Szegedy, 2015) over [N, C] or [N, C, H, W], per channel C, as PyTorch's
 * {@code batch_norm}. Composed from differentiable ops, so its gradient (and the gradient of that) needs no rule of
 * its own; the running statistics are updated in place, outside the graph.
 */
final class Normalization {
    private Normalization() {
    }

    /**
     * Training: {@code y = (x − mean) / √(var + ε) · weight + bias} with the batch's mean and biased variance over
     * every axis but C, and {@code running = (1 − momentum)·running + momentum·batch} (the variance unbiased, ×M/(M−1)).
     * Evaluation: the running statistics in place of the batch's, which are left unchanged.
     */
    static Tensor batchNorm(Tensor x, Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar,
                            boolean training, double momentum, double epsilon) {
        if (x.dim() != 2 && x.dim() != 4) {
            throw new IllegalArgumentException("batchNorm: expected input [N, C] or [N, C, H, W], got "
                    + Shapes.str(x.shape));
        }
        int channels = x.shape[1];
        for (Tensor t : new Tensor[] {weight, bias, runningMean, runningVar}) {
            if (t.dim() != 1 || t.shape[0] != channels) {
                throw new IllegalArgumentException("batchNorm: weight, bias and running statistics must be ["
                        + channels + "] for input " + Shapes.str(x.shape) + ", got " + Shapes.str(t.shape));
            }
            Arithmetic.checkDtypes("batchNorm", x, t);
        }
        int count = x.numel() / channels;
        int[] perChannel = x.dim() == 2 ? new int[] {1, channels} : new int[] {1, channels, 1, 1};
        Tensor mean;
        Tensor variance;
        if (training) {
            if (count < 2) {
                throw new IllegalArgumentException("batchNorm: training needs more than one value per channel, got"
                        + " input " + Shapes.str(x.shape));
            }
            mean = sumPerChannel(x).div(count);
            Tensor centred = x.sub(mean);
            variance = sumPerChannel(centred.mul(centred)).div(count);
            update(runningMean, mean, momentum, 1.0);
            update(runningVar, variance, momentum, count / (count - 1.0));
            return scaleShift(centred, variance, weight, bias, perChannel, epsilon);
        }
        return scaleShift(x.sub(runningMean.reshape(perChannel)), runningVar.reshape(perChannel), weight, bias,
                perChannel, epsilon);
    }

    private static Tensor scaleShift(Tensor centred, Tensor variance, Tensor weight, Tensor bias, int[] perChannel,
                                     double epsilon) {
        Tensor inverseStd = variance.add(epsilon).pow(-0.5);
        return centred.mul(inverseStd.mul(weight.reshape(perChannel))).add(bias.reshape(perChannel));
    }

    /** Sums over every axis but 1, keeping them as size 1. */
    private static Tensor sumPerChannel(Tensor x) {
        Tensor s = x.sum(0, true);
        for (int axis = 2; axis < x.dim(); axis++) {
            s = s.sum(axis, true);
        }
        return s;
    }

    private static void update(Tensor running, Tensor batch, double momentum, double factor) {
        for (int c = 0, n = running.numel(); c < n; c++) {
            running.setFlat(c, (1 - momentum) * running.at(c) + momentum * batch.at(c) * factor);
        }
    }
}
