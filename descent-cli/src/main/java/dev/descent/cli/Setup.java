package dev.descent.cli;

import dev.descent.data.Csv;
import dev.descent.data.DataPair;
import dev.descent.data.DataSources;
import dev.descent.data.Dataset;
import dev.descent.data.FeatureStats;
import dev.descent.loss.LossKind;
import dev.descent.nn.Activation;
import dev.descent.nn.ModelSpec;
import dev.descent.nn.Sequential;
import dev.descent.tensor.Rng;
import dev.descent.text.Messages;
import dev.descent.train.ConfusionMatrix;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Turns run settings into the core's objects — data, model, loss — and checks that they fit together, with errors
 * that say which option to change. Everything here is parsing and checking; the core does the work.
 */
final class Setup {
    /** MNIST's sizes; generating them takes about ten seconds on two cores. */
    static final int DIGITS_TRAIN = 60_000;
    static final int DIGITS_TEST = 10_000;

    private Setup() {
    }

    /** The training and test sets for {@code spec}, at most {@code limit} + {@code limit/4} examples (0: default). */
    static DataPair data(String spec, int limit, long seed) {
        return data(spec, limit, seed, false);
    }

    /**
     * The test set for {@code spec}, as {@link #data} makes it, without making the whole training set: generated
     * test sets come from their own seed whatever the training size, so one training example is enough.
     */
    static Dataset testData(String spec, int limit, long seed) {
        return data(spec, limit, seed, true).test();
    }

    private static DataPair data(String spec, int limit, long seed, boolean testOnly) {
        checkKnown(spec);
        int train = testOnly ? 1 : limit;
        int test = limit > 0 ? Math.max(1, limit / 4) : 0;
        String name = spec.strip().toLowerCase(Locale.ROOT);
        if (name.equals("digits") && limit == 0) {
            train = testOnly ? 1 : DIGITS_TRAIN;
            test = DIGITS_TEST;
        }
        return DataSources.resolve(spec, seed, train, test);
    }

    /** An unknown data set name is a usage error that suggests the closest known one ("did you mean moons?"). */
    static void checkKnown(String spec) {
        int eq = spec.indexOf('=');
        String name = (eq < 0 ? spec : spec.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
        List<String> known = DataSources.NAMES.stream().map(n -> n.replaceAll("[=\\[].*", "")).toList();
        if (!name.isEmpty() && !known.contains(name)) {
            throw new UsageException("--data: unknown data set '" + name + "'" + DidYouMean.hint(name, known)
                    + "; known: " + String.join(", ", DataSources.NAMES));
        }
    }

    /**
     * The statistics {@code --normalize} standardizes with, from the training set: per channel for images (one
     * mean and std for grayscale, as PyTorch's MNIST example), since per pixel a border pixel that is almost always 0
     * gets a tiny std and blows up the rare example that touches it; per feature for rows of numbers.
     */
    static FeatureStats normalization(Dataset train) {
        return train.exampleShape().length >= 2 ? train.channelStats() : train.featureStats();
    }

    /** Both sets standardized with {@code stats} (null: the data as it is). */
    static DataPair normalized(DataPair data, FeatureStats stats) {
        return stats == null ? data
                : new DataPair(stats.apply(data.train()), stats.apply(data.test()), data.csv());
    }

    /** The line train prints about {@code --normalize}: the mean and std per channel, or how many features. */
    static String describe(FeatureStats stats, int featureCount, Messages messages) {
        if (!stats.perChannel(featureCount)) {
            return messages.get("train.normalized.feature", Integer.toString(featureCount));
        }
        return messages.get("train.normalized.channel", join(stats.mean()), join(stats.std()));
    }

    private static String join(float[] values) {
        StringBuilder out = new StringBuilder();
        for (float v : values) {
            out.append(out.length() == 0 ? "" : ", ").append(Numbers.g4(v));
        }
        return out.toString();
    }

    /**
     * Notes once, on {@code err}, that mini-batches larger than the training set are the whole set: training is then
     * full-batch gradient descent, which the user did not ask for by name.
     */
    static void noteFullBatch(RunSettings s, int trainSize, PrintWriter err, Messages messages) {
        if (!s.optimizer().fullBatch() && s.batch() > trainSize) {
            err.println("descent: " + messages.get("batch.full", s.batch(), trainSize));
            err.flush();
        }
    }

    /**
     * "digits: 60,000 training + 10,000 test examples of [28, 28] (784 features), 10 classes"; for a CSV file also
     * how many rows were read and what was skipped, in English.
     */
    static String describe(String spec, DataPair data) {
        return describe(spec, data, Messages.english());
    }

    /** {@link #describe(String, DataPair)} with the CSV summary in {@code messages}' language. */
    static String describe(String spec, DataPair data, Messages messages) {
        Dataset t = data.train();
        String kind = t.isClassification() ? messages.get("data.classes", Integer.toString(t.classes()))
                : messages.get(t.targetWidth() == 1 ? "data.regression.one" : "data.regression",
                        Integer.toString(t.targetWidth()));
        String csv = data.csv() == null ? "" : "; " + csvSummary(data.csv(), messages);
        return messages.get("data.describe", spec, Numbers.count(t.size()), Numbers.count(data.test().size()),
                Arrays.toString(t.exampleShape()), Integer.toString(t.featureCount()), kind) + csv;
    }

    /** "600 rows read; skipped: the header line, 2 blank lines" or that the first line was data. */
    static String csvSummary(Csv.Summary s, Messages messages) {
        return messages.get(s.header() ? "csv.rows.header" : "csv.rows.no_header", s.rows(), s.blankLines());
    }

    /**
     * The model from {@code --model}, or INPUTS-16-16-OUTPUTS for the data; a convolutional model takes its input
     * shape from the data's examples. Checked against the data.
     */
    static ModelSpec modelSpec(String model, Dataset data) {
        int outputs = data.targetWidth();
        ModelSpec spec = model == null ? ModelSpec.perceptron(data.featureCount(), 16, 16, outputs)
                : RunSettings.parseModel(model);
        if (spec.convolutional() && !spec.hasInput()) {
            int[] shape = data.exampleShape();
            if (shape.length < 2 || shape.length > 3) {
                throw new UsageException("--model " + spec + " is convolutional and reads images, but " + data.name()
                        + " has examples of shape " + Arrays.toString(shape) + "; use widths such as "
                        + data.featureCount() + "-16-" + outputs);
            }
            try {
                spec = spec.withInput(shape);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--" + e.getMessage());
            }
        }
        checkFits(spec, data);
        return spec;
    }

    /** A model whose input and output widths differ from the data's is an error naming the widths to use. */
    static void checkFits(ModelSpec spec, Dataset data) {
        int inputs = spec.inputs();
        int outputs = spec.outputs();
        int wantIn = data.featureCount();
        int wantOut = data.targetWidth();
        if (data.isClassification() && data.classes() > ConfusionMatrix.MAX_CLASSES) {
            throw new IllegalArgumentException(data.name() + " has " + data.classes() + " classes (labels 0 to "
                    + (data.classes() - 1) + "); at most " + ConfusionMatrix.MAX_CLASSES
                    + " are supported (is the label column right?)");
        }
        if (inputs != wantIn || outputs != wantOut) {
            String what = data.isClassification() ? wantOut + " classes" : wantOut + " targets";
            String fix = spec.convolutional() && inputs != wantIn ? ""
                    : "; use --model " + spec.withEnds(wantIn, wantOut);
            throw new UsageException("--model " + spec + " takes " + inputs + " inputs and gives "
                    + outputs + " outputs, but " + data.name() + " has " + wantIn + " features and " + what + fix);
        }
    }

    /**
     * The output layer's activation: raw scores (logits) for losses that apply softmax or sigmoid themselves and for
     * regression, sigmoid for the losses that compare probabilities with targets (quadratic, mse, bce, …).
     */
    static Activation output(LossKind loss, Dataset data) {
        return !data.isClassification() || loss.takesLogits() ? Activation.identity() : Activation.sigmoid();
    }

    /** A fresh model for the settings, its weights drawn from the seed. */
    static Sequential model(RunSettings s, Dataset data) {
        checkFits(s.model(), data);
        return s.model().build(s.activation().create(), output(s.loss(), data), s.init(), s.dtype(),
                Rng.of(s.seed()));
    }
}
