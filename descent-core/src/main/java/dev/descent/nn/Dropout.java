package dev.descent.nn;

import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;

/**
 * Inverted dropout (Srivastava et al., 2014): in training, zeroes each element with probability p and scales the
 * survivors by 1/(1−p) so the expected value is unchanged; in evaluation, the identity. Masks come from its own Rng.
 */
public final class Dropout implements Module {
    private final double probability;
    private final Rng rng;
    private boolean training = true;

    private Dropout(double probability, Rng rng) {
        this.probability = probability;
        this.rng = rng;
    }

    public static Dropout of(double probability, Rng rng) {
        if (!(probability >= 0 && probability < 1)) {
            throw new IllegalArgumentException("Dropout: probability must be in [0, 1), was " + probability);
        }
        return new Dropout(probability, rng);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (!training || probability == 0) {
            return x;
        }
        return x.mul(fillMask(x.zerosLike(), probability, rng));
    }

    /**
     * Fills {@code mask} with 1/(1−p) where a draw from {@code rng} keeps the unit and 0 where it drops it (one draw
     * per element, in order); shared with {@link Dropout2d}, whose mask has one element per channel.
     */
    static Tensor fillMask(Tensor mask, double probability, Rng rng) {
        double keep = 1.0 / (1.0 - probability);
        for (int i = 0, n = mask.numel(); i < n; i++) {
            mask.setFlat(i, rng.nextDouble() >= probability ? keep : 0.0);
        }
        return mask;
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
        return "Dropout(p=" + probability + ")";
    }
}
