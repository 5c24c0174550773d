package dev.descent.nn;

import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A 2-d convolution layer: (N, in, H, W) → (N, out, OH, OW), OH = ⌊(H + 2·padding − dilation·(k − 1) − 1)/stride⌋ + 1.
 * The weight is [out, in/groups, k, k] as PyTorch stores it. Default initialization, as PyTorch: weights and bias
 * U(−1/√fanIn, 1/√fanIn) with fanIn = in/groups·k².
 */
public final class Conv2d implements Module {
    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int dilation;
    private final int groups;
    private final Tensor weight;
    private final Tensor bias;

    private Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, int dilation, int groups,
                   Tensor weight, Tensor bias) {
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        this.weight = weight;
        this.bias = bias;
    }

    /** A k×k convolution with stride 1 and the padding that keeps the size for odd k (k/2), F32, with bias. */
    public static Conv2d of(int inChannels, int outChannels, int kernel, Rng rng) {
        return of(inChannels, outChannels, kernel, 1, kernel / 2, 1, 1, true, DType.F32, rng);
    }

    /** A convolution with every option of PyTorch's {@code nn.Conv2d} (square kernel, same stride etc. on both axes). */
    public static Conv2d of(int inChannels, int outChannels, int kernel, int stride, int padding, int dilation,
                            int groups, boolean bias, DType dtype, Rng rng) {
        if (dtype == null || rng == null) {
            throw new IllegalArgumentException("Conv2d: " + (dtype == null ? "dtype" : "rng") + " is null");
        }
        if (inChannels < 1 || outChannels < 1 || kernel < 1 || stride < 1 || padding < 0 || dilation < 1
                || groups < 1) {
            throw new IllegalArgumentException("Conv2d: need channels, kernel, stride, dilation and groups >= 1 and"
                    + " padding >= 0, got in=" + inChannels + ", out=" + outChannels + ", kernel=" + kernel
                    + ", stride=" + stride + ", padding=" + padding + ", dilation=" + dilation + ", groups=" + groups);
        }
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("Conv2d: in=" + inChannels + " and out=" + outChannels
                    + " must both divide by groups=" + groups);
        }
        int fanIn = inChannels / groups * kernel * kernel;
        Tensor w = Init.UNIFORM_FAN_IN.sample(dtype, rng, fanIn, outChannels, outChannels, inChannels / groups,
                kernel, kernel).requiresGrad(true).named("weight");
        Tensor b = bias ? Init.UNIFORM_FAN_IN.sample(dtype, rng, fanIn, outChannels, outChannels)
                .requiresGrad(true).named("bias") : null;
        return new Conv2d(inChannels, outChannels, kernel, stride, padding, dilation, groups, w, b);
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() != 4 || input.size(1) != inChannels) {
            throw new IllegalArgumentException(this + ": expected input [N, " + inChannels + ", H, W], got "
                    + Arrays.toString(input.shape()));
        }
        return input.conv2d(weight, bias, stride, padding, dilation, groups);
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> out = new ArrayList<>(2);
        out.add(new Parameter("weight", weight));
        if (bias != null) {
            out.add(new Parameter("bias", bias));
        }
        return out;
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    public int kernel() {
        return kernel;
    }

    public int stride() {
        return stride;
    }

    public int padding() {
        return padding;
    }

    public int dilation() {
        return dilation;
    }

    public int groups() {
        return groups;
    }

    public boolean hasBias() {
        return bias != null;
    }

    /** The weight [out, in/groups, k, k]. */
    public Tensor weight() {
        return weight;
    }

    /** The bias [out], or null. */
    public Tensor bias() {
        return bias;
    }

    @Override
    public String toString() {
        return "Conv2d(in=" + inChannels + ", out=" + outChannels + ", kernel=" + kernel + ", stride=" + stride
                + ", padding=" + padding + (dilation != 1 ? ", dilation=" + dilation : "")
                + (groups != 1 ? ", groups=" + groups : "") + ", bias=" + (bias != null) + ")";
    }
}
