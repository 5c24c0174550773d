package dev.descent.train;

import dev.descent.data.Dataset;
import dev.descent.loss.Loss;
import dev.descent.nn.Module;
import dev.descent.tensor.DType;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * A cluster that computes mini-batch gradients for a {@link Trainer} ({@link #open} gives the
 * {@link BatchGradients}), found by {@link ServiceLoader} so that the command line can train on Spark without
 * depending on it: descent-spark provides the one named {@code spark} when its jar is on the class path.
 */
public interface GradientCluster {
    /** The name the command line uses, e.g. {@code spark}. */
    String name();

    /**
     * Connects to {@code master} (e.g. {@code local[2]}, {@code spark://host:7077}) and spreads {@code train} over
     * it, to compute the gradients of {@code model}'s parameters under {@code loss} in {@code dtype}. Closing the
     * result releases the data and the connection.
     */
    BatchGradients open(String master, Dataset train, Module model, Loss loss, DType dtype);

    /** The cluster named {@code name} on the class path, if any. */
    static Optional<GradientCluster> find(String name) {
        for (GradientCluster c : ServiceLoader.load(GradientCluster.class)) {
            if (c.name().equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
