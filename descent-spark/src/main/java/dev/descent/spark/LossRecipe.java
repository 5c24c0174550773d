package dev.descent.spark;

import dev.descent.loss.Loss;
import dev.descent.loss.LossKind;
import java.io.Serializable;

/**
 * A loss the executors can make again: one of the {@link LossKind}s with its default reduction (losses are
 * lambdas, which do not travel). {@link #sumsOverExamples()} says how partial batches add up: the mean losses are
 * weighted by their share of the batch, the sum (SSE) is added as it is.
 */
record LossRecipe(LossKind kind) implements Serializable {

    /** The recipe of {@code loss}, which must be what {@link LossKind#create()} makes for its name. */
    static LossRecipe of(Loss loss) {
        LossKind kind;
        try {
            kind = LossKind.parse(loss.name());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("loss " + loss + ": Spark training needs one of the named losses ("
                    + String.join(", ", LossKind.labels()) + ") with its default reduction");
        }
        if (!kind.create().toString().equals(loss.toString())) {
            throw new IllegalArgumentException("loss " + loss + ": Spark training needs the default reduction, "
                    + kind.create());
        }
        return new LossRecipe(kind);
    }

    Loss create() {
        return kind.create();
    }

    /** Whether a batch's loss is the sum over its examples (SSE) rather than their mean. */
    boolean sumsOverExamples() {
        return kind == LossKind.SSE;
    }
}
