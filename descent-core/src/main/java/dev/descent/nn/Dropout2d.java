package dev.descent.nn;

import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import java.util.Arrays;

/**
 * Channel dropout (Tompson et al., 2015), as PyTorch's {@code Dropout2d}: in training, zeroes each whole channel of
 * (N, C, H, W) with probability p and scales the kept ones by 1/(1−p); in evaluation, the identity. Masks come from
 * its own Rng.
 */
public final class Dropout2d implements Module {
    private final double probability;
    private final Rng rng;
    private boolean training = true;

    private Dropout2d(double probability, Rng rng) {
        this.probability = probability;
        this.rng = rng;
    }

    public static Dropout2d of(double probability, Rng rng) {
        if (!(probability >= 0 && probability < 1)) {
            throw new IllegalArgumentException("Dropout2d: probability must be in [0, 1), was " + probability);
        }
        if (rng == null) {
            throw new IllegalArgumentException("Dropout2d: rng is null; pass e.g. Rng.of(0)");
        }
        return new Dropout2d(probability, rng);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 4) {
            throw new IllegalArgumentException(this + ": expected input [N, C, H, W], got "
                    + Arrays.toString(x.shape()));
        }
        if (!training || probability == 0) {
            return x;
        }
        return x.mul(Dropout.fillMask(Tensor.zeros(x.dtype(), x.size(0), x.size(1), 1, 1), probability, rng));
    }

    @Override
    public void setTraining(boolean training) {
        this.training = training;
    }

    @Override
    public boolean isTraining() {
        return training;
    }

    public double probability() {
        return probability;
    }

    @Override
    public String toString() {
        return "Dropout2d(p=" + probability + ")";
    }
}
