package dev.descent.nn;

import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import java.util.List;

/**
 * A fully connected layer {@code y = x·W + b}: (N, in) → (N, out). W is stored as [in, out] so the forward pass
 * needs no transpose (PyTorch's Linear stores the transpose, [out, in]). Default initialization: weights and
 * biases U(−1/√in, 1/√in), as PyTorch.
 */
public final class Linear implements Module {
    private final int inputs;
    private final int outputs;
    private final Tensor weight;
    private final Tensor bias;

    private Linear(int inputs, int outputs, Tensor weight, Tensor bias) {
        this.inputs = inputs;
        this.outputs = outputs;
        this.weight = weight;
        this.bias = bias;
    }

    /** A layer with PyTorch's default initialization, in F32. */
    public static Linear of(int inputs, int outputs, Rng rng) {
        return of(inputs, outputs, Init.UNIFORM_FAN_IN, Init.UNIFORM_FAN_IN, DType.F32, rng);
    }

    /** A layer with the given weight and bias initializers and dtype. */
    public static Linear of(int inputs, int outputs, Init weightInit, Init biasInit, DType dtype, Rng rng) {
        if (weightInit == null || biasInit == null || dtype == null || rng == null) {
            String which = weightInit == null ? "weightInit" : biasInit == null ? "biasInit" : dtype == null ? "dtype"
                    : "rng";
            throw new IllegalArgumentException("Linear.of: " + which + " is null; e.g. Linear.of(" + inputs + ", "
                    + outputs + ", Rng.of(0)) for PyTorch's initialization in F32");
        }
        if (inputs <= 0 || outputs <= 0) {
            throw new IllegalArgumentException("Linear: inputs and outputs must be > 0, got " + inputs + " and "
                    + outputs);
        }
        Tensor w = weightInit.sample(dtype, rng, inputs, outputs, inputs, outputs).requiresGrad(true).named("weight");
        Tensor b = biasInit.sample(dtype, rng, inputs, outputs, outputs).requiresGrad(true).named("bias");
        return new Linear(inputs, outputs, w, b);
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() < 1 || input.size(-1) != inputs) {
            throw new IllegalArgumentException("Linear(in=" + inputs + "): input shape "
                    + java.util.Arrays.toString(input.shape()) + " does not end in " + inputs);
        }
        // one fused op for a batch of rows; other ranks broadcast through the composite
        return input.dim() == 2 ? input.linear(weight, bias) : input.matmul(weight).add(bias);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(new Parameter("weight", weight), new Parameter("bias", bias));
    }

    public int inputs() {
        return inputs;
    }

    public int outputs() {
        return outputs;
    }

    /** The weight matrix [in, out]. */
    public Tensor weight() {
        return weight;
    }

    /** The bias vector [out]. */
    public Tensor bias() {
        return bias;
    }

    @Override
    public String toString() {
        return "Linear(in=" + inputs + ", out=" + outputs + ", bias=true)";
    }
}
