package dev.descent.cli;

import dev.descent.data.Csv;
import dev.descent.io.Checkpoint;
import dev.descent.nn.Sequential;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import dev.descent.text.Messages;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code descent predict DIR INPUT…}: the class a trained model gives to images or CSV rows, with probabilities. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Classify images or CSV rows with a trained run, with probabilities.",
            "Images: grayscale PNG, PGM, JPEG…, resized to the model's side, inverted when the background is light.",
            "CSV: rows of feature values (a header line is optional;",
            "one extra last column is read as the true label). Probabilities are the softmax of the outputs for",
            "cross-entropy models, the sigmoid outputs divided by their sum otherwise."},
        footer = {"", "Examples: descent predict runs/20250101-120000 seven.png",
            "          descent predict runs/moons points.csv --json"})
public final class PredictCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "Run directory written by 'descent train'.")
    Path dir;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "INPUT", description = "Image files or CSV files of rows.")
    List<Path> inputs;

    @Option(names = "--invert", defaultValue = "auto", paramLabel = "auto|yes|no",
            description = "Invert images to white-on-black: auto does it when the border is light (default: ${DEFAULT-VALUE}).")
    ImageInput.Invert invert;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    /** One input row and what the model made of it. */
    record Prediction(String input, String notes, int trueLabel, double[] probabilities) {
        int predicted() {
            int best = 0;
            for (int k = 1; k < probabilities.length; k++) {
                if (probabilities[k] > probabilities[best]) {
                    best = k;
                }
            }
            return best;
        }
    }

    private record Row(String input, String notes, float[] values, int trueLabel) {
    }

    @Override
    public Integer call() throws IOException {
        common.apply();
        Runs.Loaded run = Runs.load(dir);
        RunSettings s = run.settings();
        int features = s.model().inputs();
        List<Row> rows = new ArrayList<>();
        for (Path input : inputs) {
            if (!Files.isRegularFile(input)) {
                throw new IllegalArgumentException("no such file: " + input);
            }
            rows.addAll(ImageInput.isImage(input) ? List.of(image(input, features))
                    : csv(input, features, s.model().outputs()));
        }
        List<String> labels = Runs.classNames(run, s.model().outputs());
        List<Prediction> predictions = predict(run.checkpoint(), s, rows);
        PrintWriter o = spec.commandLine().getOut();
        if (common.json()) {
            try (JsonOutput j = JsonOutput.to(o)) {
                j.field("command", "predict").field("run", dir.toString());
                j.startArray("predictions");
                for (Prediction p : predictions) {
                    j.startObject().field("input", p.input()).field("class", (long) p.predicted())
                            .field("label", labels.get(p.predicted())).field("probabilities", p.probabilities());
                    if (p.trueLabel() >= 0) {
                        j.field("trueClass", (long) p.trueLabel());
                    }
                    j.endObject();
                }
                j.endArray();
            }
        } else {
            for (Prediction p : predictions) {
                text(o, p, labels);
            }
        }
        o.flush();
        return 0;
    }

    private void text(PrintWriter o, Prediction p, List<String> labels) {
        Messages m = common.messages();
        int k = p.predicted();
        String input = p.input() + (p.notes().isEmpty() ? "" : " [" + p.notes() + "]");
        String probability = Numbers.percent(p.probabilities()[k]);
        o.println(p.trueLabel() < 0 ? m.get("predict.class", input, labels.get(k), probability)
                : m.get("predict.class.true", input, labels.get(k), probability, labels.get(p.trueLabel())));
        int width = labels.stream().mapToInt(String::length).max().orElse(1);
        for (int c = 0; c < labels.size(); c++) {
            double q = p.probabilities()[c];
            int filled = (int) Math.round(q * 30);
            o.printf(Locale.ROOT, "  %" + width + "s %s%s %6.2f%%%s%n", labels.get(c), "█".repeat(filled),
                    "·".repeat(30 - filled), 100 * q, c == k ? "  ←" : "");
        }
    }

    /**
     * Runs the checkpoint's model on the rows (no graph), standardized first as its training data was, and turns
     * outputs into probabilities.
     */
    private static List<Prediction> predict(Checkpoint checkpoint, RunSettings s, List<Row> rows) {
        Sequential model = checkpoint.model();
        int n = rows.size();
        int features = s.model().inputs();
        float[] raw = new float[n * features];
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows.get(i).values(), 0, raw, i * features, features);
        }
        float[] x = checkpoint.normalization().map(stats -> stats.apply(raw, features)).orElse(raw);
        boolean logits = s.loss().takesLogits();
        model.setTraining(false);
        List<Prediction> out = new ArrayList<>();
        try (var ignored = Tensor.noGrad()) {
            Tensor y = model.forward(Tensor.of(x, n, features).to(s.dtype()));
            int classes = y.size(1);
            for (int i = 0; i < n; i++) {
                double[] z = new double[classes];
                for (int c = 0; c < classes; c++) {
                    z[c] = y.get(i, c);
                }
                Row r = rows.get(i);
                out.add(new Prediction(r.input(), r.notes(), r.trueLabel(), logits ? softmax(z) : normalised(z)));
            }
        }
        return out;
    }

    static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            p[i] = Math.exp(z[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < z.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    static double[] normalised(double[] a) {
        double sum = 0;
        for (double v : a) {
            sum += Math.max(0, v);
        }
        double[] p = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            p[i] = sum > 0 ? Math.max(0, a[i]) / sum : 1.0 / a.length;
        }
        return p;
    }

    private Row image(Path file, int features) throws IOException {
        int side = (int) Math.round(Math.sqrt(features));
        if (side * side != features) {
            throw new IllegalArgumentException(file + ": this model takes " + features
                    + " features, not a square image; give CSV rows of " + features + " numbers instead");
        }
        ImageInput.Picture pic = ImageInput.read(file, side, invert);
        return new Row(file.toString(), pic.notes(), pic.pixels(), -1);
    }

    /**
     * Rows of {@code features} numbers (or one more, the true class, a whole number below {@code classes}), read by
     * the parser and rules training uses ({@link Csv#numberRows}).
     */
    private static List<Row> csv(Path file, int features, int classes) {
        List<Row> rows = new ArrayList<>();
        for (Csv.NumberRow r : Csv.numberRows(file)) {
            float[] v = r.values();
            if (v.length != features && v.length != features + 1) {
                throw new IllegalArgumentException(file + " line " + r.line() + ": " + v.length
                        + " values, the model takes " + features + " (plus optionally the true class last)");
            }
            int label = -1;
            if (v.length == features + 1) {
                float c = v[features];
                if (c != Math.rint(c) || c < 0 || c >= classes) {
                    throw new IllegalArgumentException(file + " line " + r.line() + ": true class " + c
                            + " is not one of the model's " + classes + " classes (0 to " + (classes - 1) + ")");
                }
                label = (int) c;
            }
            rows.add(new Row(file.getFileName() + ":" + r.line(), "", java.util.Arrays.copyOf(v, features), label));
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(file + " has no rows to classify");
        }
        return rows;
    }
}
