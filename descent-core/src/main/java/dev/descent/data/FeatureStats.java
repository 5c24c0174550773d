package dev.descent.data;

import java.util.Arrays;

/**
 * Per-feature mean and standard deviation of a data set. Compute them on the training set and {@link #apply} them to
 * both training and test sets, so the test set is standardized exactly like the data the model learned from.
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

    /** The data set with each feature {@code x} replaced by {@code (x - mean) / std}. */
    public Dataset apply(Dataset dataset) {
        if (dataset.featureCount() != mean.length) {
            throw new IllegalArgumentException(dataset.name() + " has " + dataset.featureCount()
                    + " features, these statistics are for " + mean.length);
        }
        float[] source = dataset.featuresView();
        float[] out = new float[source.length];
        int featureCount = mean.length;
        for (int i = 0; i < out.length; i += featureCount) {
            for (int j = 0; j < featureCount; j++) {
                out[i + j] = (source[i + j] - mean[j]) / std[j];
            }
        }
        return dataset.withFeatures(out);
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
        return "FeatureStats(" + mean.length + " features, mean " + summary(mean) + ", std " + summary(std) + ")";
    }

    private static String summary(float[] values) {
        return values.length <= 4 ? Arrays.toString(values) : "[" + values[0] + ", " + values[1] + ", ...]";
    }
}
