package dev.descent.data;

import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An immutable set of examples: features as one row-major {@code float[]} of {@code size() × featureCount()} with a
 * per-example shape such as {@code [28, 28]}, and either class labels or regression targets.
 */
public final class Dataset {
    private final String name;
    private final float[] features;
    private final int[] exampleShape;
    private final int featureCount;
    private final int size;
    private final int[] labels; // null for regression
    private final int classes;
    private final List<String> classNames; // empty unless the source named its classes
    private final float[] targets; // null for classification
    private final int targetWidth;

    /** Trusted constructor: takes ownership of the arrays; callers have validated them. */
    private Dataset(String name, float[] features, int[] exampleShape, int[] labels, int classes,
                    List<String> classNames, float[] targets, int targetWidth) {
        this.name = name;
        this.features = features;
        this.exampleShape = exampleShape;
        this.featureCount = product(exampleShape);
        this.size = features.length / featureCount;
        this.labels = labels;
        this.classes = classes;
        this.classNames = classNames;
        this.targets = targets;
        this.targetWidth = targetWidth;
    }

    /**
     * A classification data set. {@code features} holds {@code labels.length} examples of shape {@code exampleShape}
     * one after another; every label must lie in {@code [0, classes)} and every feature must be finite. The arrays
     * are copied.
     */
    public static Dataset classification(String name, float[] features, int[] exampleShape, int[] labels,
                                         int classes) {
        if (features == null || labels == null) {
            throw new IllegalArgumentException("features and labels must not be null");
        }
        return owning(name, features.clone(), exampleShape, labels.clone(), classes, List.of());
    }

    /**
     * A regression data set: {@code targets} holds {@code targetWidth} values per example, {@code features} holds
     * the examples of shape {@code exampleShape}; everything must be finite. The arrays are copied.
     */
    public static Dataset regression(String name, float[] features, int[] exampleShape, float[] targets,
                                     int targetWidth) {
        if (features == null || targets == null) {
            throw new IllegalArgumentException("features and targets must not be null");
        }
        return owning(name, features.clone(), exampleShape, targets.clone(), targetWidth);
    }

    /** Validating factory that takes ownership of the arrays (readers and generators build large arrays once). */
    static Dataset owning(String name, float[] features, int[] exampleShape, int[] labels, int classes,
                          List<String> classNames) {
        checkName(name);
        if (labels == null) {
            throw new IllegalArgumentException("labels must not be null");
        }
        int[] shape = checkShape(exampleShape);
        checkFeatures(name, features, shape, labels.length);
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be >= 1, was " + classes);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(name + ": label of example " + i + " is " + labels[i]
                        + ", expected 0.." + (classes - 1));
            }
        }
        if (!classNames.isEmpty() && classNames.size() != classes) {
            throw new IllegalArgumentException(name + ": " + classNames.size() + " class names for " + classes
                    + " classes");
        }
        return new Dataset(name, features, shape, labels, classes, List.copyOf(classNames), null, 0);
    }

    static Dataset owning(String name, float[] features, int[] exampleShape, float[] targets, int targetWidth) {
        checkName(name);
        int[] shape = checkShape(exampleShape);
        if (targetWidth < 1) {
            throw new IllegalArgumentException("targetWidth must be >= 1, was " + targetWidth);
        }
        if (targets.length % targetWidth != 0) {
            throw new IllegalArgumentException(name + ": targets has " + targets.length
                    + " values, not a multiple of targetWidth " + targetWidth);
        }
        int n = targets.length / targetWidth;
        checkFeatures(name, features, shape, n);
        for (int i = 0; i < targets.length; i++) {
            if (!Float.isFinite(targets[i])) {
                throw new IllegalArgumentException(name + ": target " + (i % targetWidth) + " of example "
                        + (i / targetWidth) + " is " + targets[i] + ", expected a finite number");
            }
        }
        return new Dataset(name, features, shape, null, 0, List.of(), targets, targetWidth);
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
    }

    private static int[] checkShape(int[] exampleShape) {
        if (exampleShape == null || exampleShape.length == 0) {
            throw new IllegalArgumentException("exampleShape must have at least one dimension, was "
                    + Arrays.toString(exampleShape));
        }
        long count = 1;
        for (int d : exampleShape) {
            if (d < 1) {
                throw new IllegalArgumentException("exampleShape dimensions must be >= 1, was "
                        + Arrays.toString(exampleShape));
            }
            count *= d;
            if (count > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("exampleShape " + Arrays.toString(exampleShape) + " is too large");
            }
        }
        return exampleShape.clone();
    }

    private static void checkFeatures(String name, float[] features, int[] shape, int n) {
        if (features == null) {
            throw new IllegalArgumentException("features must not be null");
        }
        int featureCount = product(shape);
        if ((long) n * featureCount != features.length) {
            throw new IllegalArgumentException(name + ": features has " + features.length + " values, expected "
                    + n + " examples x " + featureCount + " features " + Arrays.toString(shape) + " = "
                    + (long) n * featureCount);
        }
        for (int i = 0; i < features.length; i++) {
            if (!Float.isFinite(features[i])) {
                throw new IllegalArgumentException(name + ": feature " + (i % featureCount) + " of example "
                        + (i / featureCount) + " is " + features[i] + ", expected a finite number");
            }
        }
    }

    private static int product(int[] shape) {
        int p = 1;
        for (int d : shape) {
            p *= d;
        }
        return p;
    }

    /** The data set's name, e.g. {@code digits} or {@code mnist-train}. */
    public String name() {
        return name;
    }

    /** The number of examples. */
    public int size() {
        return size;
    }

    /** The shape of one example, e.g. {@code [28, 28]}. */
    public int[] exampleShape() {
        return exampleShape.clone();
    }

    /** The number of values in one example (the product of {@link #exampleShape()}). */
    public int featureCount() {
        return featureCount;
    }

    /** Whether the examples carry class labels (otherwise regression targets). */
    public boolean isClassification() {
        return labels != null;
    }

    /** The number of classes; 0 for regression. */
    public int classes() {
        return classes;
    }

    /** The class names when the source named them (CSV string labels, Fashion-MNIST); otherwise empty. */
    public List<String> classNames() {
        return classNames;
    }

    /** The number of target values per example: {@link #classes()} for classification (one-hot), else its width. */
    public int targetWidth() {
        return labels != null ? classes : targetWidth;
    }

    /** The class label of example {@code i}. */
    public int label(int i) {
        requireClassification("label");
        Objects.checkIndex(i, size);
        return labels[i];
    }

    /** A copy of all labels. */
    public int[] labels() {
        requireClassification("labels");
        return labels.clone();
    }

    /** A copy of example {@code i}'s features, row-major. */
    public float[] example(int i) {
        Objects.checkIndex(i, size);
        return Arrays.copyOfRange(features, i * featureCount, (i + 1) * featureCount);
    }

    /** A copy of the regression targets of example {@code i}. */
    public float[] target(int i) {
        if (labels != null) {
            throw new IllegalStateException(name + " is a classification data set: use label(i)");
        }
        Objects.checkIndex(i, size);
        return Arrays.copyOfRange(targets, i * targetWidth, (i + 1) * targetWidth);
    }

    /** A copy of all features, row-major {@code size() × featureCount()}. */
    public float[] featureValues() {
        return features.clone();
    }

    /** A copy of all regression targets, row-major {@code size() × targetWidth()}. */
    public float[] targetValues() {
        if (labels != null) {
            throw new IllegalStateException(name + " is a classification data set: use labels()");
        }
        return targets.clone();
    }

    private void requireClassification(String what) {
        if (labels == null) {
            throw new IllegalStateException(name + " is a regression data set: it has no " + what);
        }
    }

    /** All features as an F32 tensor of shape {@code [size(), featureCount()]}. */
    public Tensor features() {
        return Tensor.of(features, size, featureCount);
    }

    /** Targets: one-hot {@code [size(), classes()]} for classification, {@code [size(), targetWidth]} otherwise. */
    public Tensor targets() {
        return Tensor.of(gatherTargets(range(0, size), 0, size), size, targetWidth());
    }

    /** Row-major targets (one-hot for classification) of {@code indices[from..to)}. */
    float[] gatherTargets(int[] indices, int from, int to) {
        int width = targetWidth();
        float[] out = new float[(to - from) * width];
        for (int k = from; k < to; k++) {
            int row = (k - from) * width;
            if (labels != null) {
                out[row + labels[indices[k]]] = 1f;
            } else {
                System.arraycopy(targets, indices[k] * width, out, row, width);
            }
        }
        return out;
    }

    /** Row-major features of {@code indices[from..to)}. */
    float[] gatherFeatures(int[] indices, int from, int to) {
        float[] out = new float[(to - from) * featureCount];
        for (int k = from; k < to; k++) {
            System.arraycopy(features, indices[k] * featureCount, out, (k - from) * featureCount, featureCount);
        }
        return out;
    }

    /** Labels of {@code indices[from..to)}, or null for regression. */
    int[] gatherLabels(int[] indices, int from, int to) {
        if (labels == null) {
            return null;
        }
        int[] out = new int[to - from];
        for (int k = from; k < to; k++) {
            out[k - from] = labels[indices[k]];
        }
        return out;
    }

    /** The examples at {@code indices}, in that order (repeats allowed). */
    public Dataset subset(int[] indices) {
        if (indices == null) {
            throw new IllegalArgumentException("indices must not be null");
        }
        for (int k = 0; k < indices.length; k++) {
            if (indices[k] < 0 || indices[k] >= size) {
                throw new IllegalArgumentException("indices[" + k + "] = " + indices[k] + " is out of range for "
                        + name + " with " + size + " examples");
            }
        }
        return subsetTrusted(name, indices);
    }

    private Dataset subsetTrusted(String newName, int[] indices) {
        float[] f = gatherFeatures(indices, 0, indices.length);
        if (labels != null) {
            return new Dataset(newName, f, exampleShape, gatherLabels(indices, 0, indices.length), classes,
                    classNames, null, 0);
        }
        return new Dataset(newName, f, exampleShape, null, 0, List.of(), gatherTargets(indices, 0, indices.length),
                targetWidth);
    }

    /** The first {@code n} examples; {@code n} must be in {@code [0, size()]}. */
    public Dataset take(int n) {
        if (n < 0 || n > size) {
            throw new IllegalArgumentException("take(n): n must be in 0.." + size + " for " + name + ", was " + n);
        }
        return subsetTrusted(name, range(0, n));
    }

    /** A training part and a held-out validation part of one data set. */
    public record Split(Dataset train, Dataset validation) {
    }

    /**
     * Shuffles the examples with {@code seed} and holds out {@code round(size() × validationFraction)} of them for
     * validation; the same seed always gives the same split.
     */
    public Split split(double validationFraction, long seed) {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validationFraction must be in [0, 1), was " + validationFraction);
        }
        int validationSize = (int) Math.round(size * validationFraction);
        int[] order = Rng.of(seed).permutation(size);
        int trainSize = size - validationSize;
        int[] trainIndices = Arrays.copyOfRange(order, 0, trainSize);
        int[] validationIndices = Arrays.copyOfRange(order, trainSize, size);
        return new Split(subsetTrusted(name + "-train", trainIndices),
                subsetTrusted(name + "-validation", validationIndices));
    }

    /** The same examples with every feature multiplied by {@code factor}, e.g. {@code 1/255f} for raw pixels. */
    public Dataset scaled(float factor) {
        if (!Float.isFinite(factor)) {
            throw new IllegalArgumentException("factor must be finite, was " + factor);
        }
        float[] f = new float[features.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = features[i] * factor;
            if (!Float.isFinite(f[i])) {
                throw new IllegalArgumentException("scaled(" + factor + ") overflows feature " + (i % featureCount)
                        + " of example " + (i / featureCount) + " (" + features[i] + ")");
            }
        }
        return withFeatures(f);
    }

    /** Per-feature mean and standard deviation of this data set, to standardize it and others the same way. */
    public FeatureStats featureStats() {
        return FeatureStats.of(features, size, featureCount);
    }

    /**
     * Per-channel mean and standard deviation of image examples — one pair for {@code [H, W]} (grayscale), one per
     * channel for {@code [C, H, W]} — over all training pixels, as PyTorch's MNIST example computes its
     * {@code Normalize((0.1307,), (0.3081,))}.
     */
    public FeatureStats channelStats() {
        if (exampleShape.length < 2 || exampleShape.length > 3) {
            throw new IllegalArgumentException(name + " has examples of shape " + Arrays.toString(exampleShape)
                    + ", not images [H, W] or [C, H, W]; use featureStats() for per-feature statistics");
        }
        int channels = exampleShape.length == 3 ? exampleShape[0] : 1;
        return FeatureStats.ofChannels(features, size, featureCount, channels);
    }

    /** The same examples with every feature shifted to mean 0 and scaled to standard deviation 1 (see {@link FeatureStats}). */
    public Dataset standardized() {
        return featureStats().apply(this);
    }

    /** The same examples with replaced features of the same length (already validated by the caller). */
    Dataset withFeatures(float[] newFeatures) {
        return new Dataset(name, newFeatures, exampleShape, labels, classes, classNames, targets, targetWidth);
    }

    /** Read-only view for {@link FeatureStats}; callers must not modify it. */
    float[] featuresView() {
        return features;
    }

    /** The same data set under another name. */
    public Dataset named(String newName) {
        checkName(newName);
        return new Dataset(newName, features, exampleShape, labels, classes, classNames, targets, targetWidth);
    }

    /**
     * Mini-batches over this data set. With {@code shuffle}, the order is a permutation drawn from {@code seed}: the
     * same seed always gives the same batches, so pass {@code seed + epoch} for a new order each epoch. With
     * {@code dropLast}, a final batch smaller than {@code batchSize} is left out.
     */
    public Iterable<Batch> batches(int batchSize, boolean shuffle, long seed, boolean dropLast) {
        return new Batches(this, batchSize, shuffle ? Rng.of(seed).permutation(size) : range(0, size), dropLast);
    }

    /** Mini-batches in order, the last one possibly smaller. */
    public Iterable<Batch> batches(int batchSize) {
        return batches(batchSize, false, 0L, false);
    }

    /**
     * The example indices of the mini-batches that {@code batches(batchSize, true, seed, dropLast)} yields from a data
     * set of {@code size} examples, one array per batch, in order: what a trainer whose examples live elsewhere (on a
     * Spark cluster) walks, so that it sees the same batches as one that holds them.
     */
    public static List<int[]> shuffledBatchIndices(int size, int batchSize, long seed, boolean dropLast) {
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, was " + size);
        }
        Batches.checkBatchSize(batchSize);
        int[] order = Rng.of(seed).permutation(size);
        int end = dropLast ? size - size % batchSize : size;
        List<int[]> out = new java.util.ArrayList<>();
        for (int from = 0; from < end; from += batchSize) {
            out.add(Arrays.copyOfRange(order, from, Math.min(end, from + batchSize)));
        }
        return out;
    }

    /** How many batches {@link #batches(int, boolean, long, boolean)} yields. */
    public int batchCount(int batchSize, boolean dropLast) {
        return batchCount(size, batchSize, dropLast);
    }

    /**
     * How many mini-batches {@code examples} examples make: a last, smaller batch counts unless {@code dropLast}.
     * For trainers whose examples live elsewhere (on a cluster) but are batched as a Dataset batches them.
     */
    public static int batchCount(int examples, int batchSize, boolean dropLast) {
        Batches.checkBatchSize(batchSize);
        return dropLast ? examples / batchSize : (examples + batchSize - 1) / batchSize;
    }

    static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    /** For example {@code Dataset(digits, 60000 x [28, 28], 10 classes)}. */
    @Override
    public String toString() {
        String kind = labels != null ? classes + (classes == 1 ? " class" : " classes")
                : "regression, " + targetWidth + (targetWidth == 1 ? " target" : " targets");
        return "Dataset(" + name + ", " + size + " x " + Arrays.toString(exampleShape) + ", " + kind + ")";
    }
}
