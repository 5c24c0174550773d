package dev.descent.data;

import java.util.Arrays;

/**
 * Mean and standard deviation of a data set's inputs, per feature or per channel. Compute them on the training set
 * and {@link #apply} them to both training and test sets (and to anything the model is asked about later), so every
 * input is standardized exactly like the data the model learned from. Per-channel statistics hold fewer values than
 * an example has features, each covering an equal run of consecutive features: the channels of a row-major
 * {@code [C, H, W]} image, as PyTorch's {@code transforms.Normalize(mean, std)} takes them (one value for grayscale).
 */
public record FeatureStats(float[] mean, float[] std) {

    /** Checks that both arrays have one finite value per feature and every {@code std} is positive. */
    public FeatureStats {
        if (mean == null || std == null || mean.length != std.length) {
            throw new IllegalArgumentException("mean and std must have one value per feature");
        }
        for (int j = 0; j < std.length; j++) {
            if (!Float.isFinite(mean[j]) || !(std[j] > 0) || !Float.isFinite(std[j])) {
                throw new IllegalArgumentException("feature " + j + ": mean " + mean[j] + ", std " + std[j]
                        + " (expected finite mean and positive finite std)");
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /**
     * Means and population standard deviations (divisor n) of each column of a row-major {@code n × featureCount}
     * array. A constant feature (std 0, like MNIST's corner pixels) gets std 1 so it maps to 0 instead of NaN.
     */
    static FeatureStats of(float[] features, int n, int featureCount) {
        double[] sum = new double[featureCount];
        for (int i = 0; i < n; i++) {
            int row = i * featureCount;
            for (int j = 0; j < featureCount; j++) {
                sum[j] += features[row + j];
            }
        }
        float[] mean = new float[featureCount];
        for (int j = 0; j < featureCount; j++) {
            mean[j] = n == 0 ? 0f : (float) (sum[j] / n);
        }
        // second pass around the mean: numerically safer than E[x^2] - E[x]^2
        double[] squares = new double[featureCount];
        for (int i = 0; i < n; i++) {
            int row = i * featureCount;
            for (int j = 0; j < featureCount; j++) {
                double d = features[row + j] - mean[j];
                squares[j] += d * d;
            }
        }
        float[] std = new float[featureCount];
        for (int j = 0; j < featureCount; j++) {
            float s = n == 0 ? 0f : (float) Math.sqrt(squares[j] / n);
            std[j] = s > 1e-12f ? s : 1f;
        }
        return new FeatureStats(mean, std);
    }

    /**
     * Per-channel statistics of {@code n} examples of {@code featureCount} features, row-major, whose features form
     * {@code channels} equal runs (a {@code [C, H, W]} image): the population mean and standard deviation of all
     * values of each channel, a constant channel getting std 1 as in {@link #of}.
     */
    static FeatureStats ofChannels(float[] features, int n, int featureCount, int channels) {
        int block = featureCount / channels;
        double[] sum = new double[channels];
        for (int i = 0; i < n * featureCount; i++) {
            sum[i % featureCount / block] += features[i];
        }
        double count = (double) n * block;
        float[] mean = new float[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = n == 0 ? 0f : (float) (sum[c] / count);
        }
        double[] squares = new double[channels];
        for (int i = 0; i < n * featureCount; i++) {
            int c = i % featureCount / block;
            double d = features[i] - mean[c];
            squares[c] += d * d;
        }
        float[] std = new float[channels];
        for (int c = 0; c < channels; c++) {
            float s = n == 0 ? 0f : (float) Math.sqrt(squares[c] / count);
            std[c] = s > 1e-12f ? s : 1f;
        }
        return new FeatureStats(mean, std);
    }

    /** The data set with each feature {@code x} replaced by {@code (x - mean) / std} of its feature or channel. */
    public Dataset apply(Dataset dataset) {
        checkFits(dataset.featureCount(), dataset.name());
        return dataset.withFeatures(standardize(dataset.featuresView(), dataset.featureCount()));
    }

    /**
     * Standardized copies of examples of {@code featureCount} features each, one after another (CSV rows, the
     * pixels of images to classify): {@code (x - mean) / std} of the value's feature or channel.
     */
    public float[] apply(float[] examples, int featureCount) {
        if (examples == null) {
            throw new IllegalArgumentException("examples must not be null");
        }
        checkFits(featureCount, "the input");
        if (examples.length % featureCount != 0) {
            throw new IllegalArgumentException("examples has " + examples.length + " values, not a multiple of "
                    + featureCount + " features");
        }
        return standardize(examples, featureCount);
    }

    /** Whether these are per-channel statistics for examples of {@code featureCount} features (else per feature). */
    public boolean perChannel(int featureCount) {
        return mean.length != featureCount;
    }

    private void checkFits(int featureCount, String what) {
        if (featureCount < 1 || featureCount % mean.length != 0) {
            throw new IllegalArgumentException(what + " has " + featureCount + " features; these statistics are for "
                    + mean.length + " features or for " + mean.length + " channels of equal size");
        }
    }

    private float[] standardize(float[] source, int featureCount) {
        float[] out = new float[source.length];
        int block = featureCount / mean.length; // 1 per feature; H * W per channel
        for (int i = 0; i < out.length; i += featureCount) {
            for (int j = 0; j < featureCount; j++) {
                int k = j / block;
                out[i + j] = (source[i + j] - mean[k]) / std[k];
            }
        }
        return out;
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FeatureStats s && Arrays.equals(mean, s.mean) && Arrays.equals(std, s.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "FeatureStats(" + mean.length + " values, mean " + summary(mean) + ", std " + summary(std) + ")";
    }

    private static String summary(float[] values) {
        return values.length <= 4 ? Arrays.toString(values) : "[" + values[0] + ", " + values[1] + ", ...]";
    }
}
