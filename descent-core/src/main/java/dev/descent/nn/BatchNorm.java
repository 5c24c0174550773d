package dev.descent.nn;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Batch normalization (Ioffe and Szegedy, 2015) per feature of (N, C) — PyTorch's {@code BatchNorm1d} — or per
 * channel of (N, C, H, W) — {@code BatchNorm2d}; the shape is kept. In training it normalizes with the batch's mean
 * and biased variance and moves the running statistics toward them
 * ({@code running = (1 − momentum)·running + momentum·batch}, the variance unbiased); in evaluation it uses the
 * running statistics. Starts as PyTorch: weight 1, bias 0, running mean 0, running variance 1, ε = 1e-5,
 * momentum 0.1. Buffers {@code running_mean}, {@code running_var} and {@code num_batches_tracked} are saved in
 * checkpoints (the count as a number of the model's dtype, where PyTorch keeps an int64).
 */
public final class BatchNorm implements Module {
    private final int features;
    private final boolean spatial;
    private final double momentum;
    private final double epsilon;
    private final Tensor weight;
    private final Tensor bias;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Tensor batchesTracked;
    private boolean training = true;

    private BatchNorm(int features, boolean spatial, double momentum, double epsilon, DType dtype) {
        this.features = features;
        this.spatial = spatial;
        this.momentum = momentum;
        this.epsilon = epsilon;
        this.weight = Tensor.ones(dtype, features).requiresGrad(true).named("weight");
        this.bias = Tensor.zeros(dtype, features).requiresGrad(true).named("bias");
        this.runningMean = Tensor.zeros(dtype, features).named("running_mean");
        this.runningVar = Tensor.ones(dtype, features).named("running_var");
        this.batchesTracked = Tensor.zeros(dtype).named("num_batches_tracked");
    }

    /** PyTorch's {@code BatchNorm1d(features)} over (N, features), F32. */
    public static BatchNorm of1d(int features) {
        return of(features, false, 0.1, 1e-5, DType.F32);
    }

    /** PyTorch's {@code BatchNorm2d(channels)} over (N, channels, H, W), F32. */
    public static BatchNorm of2d(int channels) {
        return of(channels, true, 0.1, 1e-5, DType.F32);
    }

    /** A batch norm over (N, C, H, W) when {@code spatial}, else over (N, C), with every option. */
    public static BatchNorm of(int features, boolean spatial, double momentum, double epsilon, DType dtype) {
        if (features < 1) {
            throw new IllegalArgumentException("BatchNorm: features must be >= 1, was " + features);
        }
        if (!(momentum >= 0 && momentum <= 1) || !(epsilon > 0)) {
            throw new IllegalArgumentException("BatchNorm: need 0 <= momentum <= 1 and epsilon > 0, got momentum="
                    + momentum + ", epsilon=" + epsilon);
        }
        if (dtype == null) {
            throw new IllegalArgumentException("BatchNorm: dtype is null; pass DType.F32 or DType.F64");
        }
        return new BatchNorm(features, spatial, momentum, epsilon, dtype);
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() != (spatial ? 4 : 2) || input.size(1) != features) {
            throw new IllegalArgumentException(this + ": expected input " + (spatial ? "[N, " + features + ", H, W]"
                    : "[N, " + features + "]") + ", got " + Arrays.toString(input.shape()));
        }
        if (training) {
            batchesTracked.setFlat(0, batchesTracked.item() + 1);
        }
        return input.batchNorm(weight, bias, runningMean, runningVar, training, momentum, epsilon);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(new Parameter("weight", weight), new Parameter("bias", bias));
    }

    @Override
    public List<Buffer> buffers() {
        return List.of(new Buffer("running_mean", runningMean), new Buffer("running_var", runningVar),
                new Buffer("num_batches_tracked", batchesTracked));
    }

    @Override
    public void setTraining(boolean training) {
        this.training = training;
    }

    @Override
    public boolean isTraining() {
        return training;
    }

    public int features() {
        return features;
    }

    /** True for BatchNorm2d (over N, C, H, W). */
    public boolean spatial() {
        return spatial;
    }

    public double momentum() {
        return momentum;
    }

    public double epsilon() {
        return epsilon;
    }

    public Tensor runningMean() {
        return runningMean;
    }

    public Tensor runningVar() {
        return runningVar;
    }

    @Override
    public String toString() {
        return (spatial ? "BatchNorm2d(" : "BatchNorm1d(") + features + ", eps=" + epsilon + ", momentum=" + momentum
                + ")";
    }
}
