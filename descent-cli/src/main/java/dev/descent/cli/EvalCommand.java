package dev.descent.cli;

import dev.descent.data.Dataset;
import dev.descent.loss.Loss;
import dev.descent.plot.HeatmapChart;
import dev.descent.train.ConfusionMatrix;
import dev.descent.train.Evaluation;
import dev.descent.text.Messages;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code descent eval DIR}: loss, accuracy, per-class precision/recall/F1 and the confusion matrix of a run. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate a trained run: accuracy, per-class F1, confusion matrix.",
            "Uses the test split of the run's data (or of --data); prints loss, accuracy, precision/recall/F1 per",
            "class and the confusion matrix, and draws the matrix as confusion.png."},
        footer = {"", "Example: descent eval runs/20250101-120000"})
public final class EvalCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "Run directory written by 'descent train'.")
    Path dir;

    @Option(names = "--data", paramLabel = "SPEC", description = "Evaluate on this data set's test split instead.")
    String data;

    @Option(names = "--limit", paramLabel = "N", description = "At most N/4 test examples (as train's --limit).")
    Integer limit;

    @Option(names = "--plot", paramLabel = "FILE", description = "Where to draw the confusion matrix (default: DIR/confusion.png).")
    Path plot;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        common.apply();
        Runs.Loaded run = Runs.load(dir);
        RunSettings s = run.settings();
        // a path in the checkpoint is the run's: relative ones are read from the run directory
        String spec0 = data != null ? data : s.data() == null ? null
                : dev.descent.data.DataSources.withPathsRelativeTo(s.data(), dir);
        if (spec0 == null) {
            throw new UsageException(dir + " does not name its data set (saved by the library without one, or"
                    + " imported without --data); pass --data SPEC, e.g. --data digits");
        }
        int lim = limit != null ? limit : s.limit();
        Dataset raw = testData(spec0, lim, s.seed());
        Setup.checkFits(s.model(), raw);
        // standardized as the run's training data was (train --normalize)
        Dataset test = run.checkpoint().normalization().map(stats -> stats.apply(raw)).orElse(raw);
        Loss loss = s.loss().create();
        Evaluation eval = Evaluation.of(run.checkpoint().model(), test, loss, 1000, s.dtype());
        ConfusionMatrix cm = eval.confusion();
        Path png = null;
        String plotProblem = null;
        if (cm != null) {
            png = plot != null ? plot : dir.resolve("confusion.png");
            try {
                HeatmapChart.confusion("Confusion matrix: " + spec0 + " test, accuracy "
                        + Numbers.percent(eval.accuracy()), Runs.classLabels(test, cm.classes()), cm.counts())
                        .save(png);
            } catch (IOException | RuntimeException e) {
                // the metrics are printed first; the plot that could not be written is reported after them
                String why = Main.message(e);
                String named = "cannot write " + png + ": "; // OutputFile's words; the path is said once
                plotProblem = "could not write the confusion matrix plot " + png + ": "
                        + (why.startsWith(named) ? why.substring(named.length()) : why);
                png = null;
            }
        }
        PrintWriter o = spec.commandLine().getOut();
        if (common.json()) {
            json(o, spec0, test, eval, png);
        } else {
            text(o, s, run.checkpoint().info(), run.checkpoint().history().epochs().size(), spec0, test, eval, png,
                    common.chinese());
        }
        o.flush();
        if (plotProblem != null) {
            throw new IllegalArgumentException(plotProblem);
        }
        return 0;
    }

    /**
     * The test set; when the run's own data cannot be found (moved, or stored relative by an older version), the
     * error says how to name it.
     */
    private Dataset testData(String spec0, int lim, long seed) {
        try {
            return Setup.testData(spec0, lim, seed);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            if (data != null) {
                throw e;
            }
            throw new IllegalArgumentException(Main.message(e) + "; the run was trained on " + spec0
                    + ": pass --data SPEC to evaluate it on data found elsewhere", e);
        }
    }

    private void text(PrintWriter o, RunSettings s, java.util.Map<String, String> info, int epochs, String spec0,
                      Dataset test, Evaluation eval, Path png, boolean zh) {
        // a checkpoint saved by the library or imported without --data names no optimizer
        Messages m = Messages.of(zh);
        String trained = RunSettings.missingTraining(info).isEmpty()
                ? m.get("eval.trained", s.optimizer().label(), Integer.toString(epochs)) : m.get("eval.untrained");
        o.println(m.get("eval.model", dir.toString(), s.model() + " " + s.activation().label()
                + ", " + s.loss().label(), trained));
        o.println(m.get("eval.data", spec0, Numbers.count(test.size())));
        o.println(m.get("eval.loss", Numbers.g4(eval.loss())));
        ConfusionMatrix cm = eval.confusion();
        if (cm == null) {
            o.printf(Locale.ROOT, "MAE %s, RMSE %s, R² %s%n", Numbers.g4(eval.meanAbsoluteError()),
                    Numbers.g4(eval.rootMeanSquaredError()), Numbers.g4(eval.rSquared()));
            return;
        }
        o.println(m.get("eval.accuracy", Numbers.percent(eval.accuracy()),
                Numbers.count(Math.round(eval.accuracy() * eval.examples())), Numbers.count(eval.examples())));
        o.println();
        List<String> labels = Runs.classLabels(test, cm.classes());
        int width = Math.max(5, labels.stream().mapToInt(String::length).max().orElse(5));
        o.printf(Locale.ROOT, "%-" + width + "s  %9s  %9s  %9s  %7s%n", m.get("eval.class"), "precision", "recall",
                "F1", "support");
        int[][] counts = cm.counts();
        for (int k = 0; k < cm.classes(); k++) {
            int support = 0;
            for (int v : counts[k]) {
                support += v;
            }
            o.printf(Locale.ROOT, "%-" + width + "s  %9s  %9s  %9s  %7d%n", labels.get(k), Numbers.g4(cm.precision(k)),
                    Numbers.g4(cm.recall(k)), Numbers.g4(cm.f1(k)), support);
        }
        o.printf(Locale.ROOT, "%-" + width + "s  %9s  %9s  %9s%n", "macro", "", "", Numbers.g4(cm.macroF1()));
        o.println();
        o.println(m.get("eval.confusion"));
        o.print(cm.toTable());
        if (png != null) {
            o.println(m.get("train.wrote", png.toString()));
        }
    }

    private void json(PrintWriter o, String spec0, Dataset test, Evaluation eval, Path png) {
        try (JsonOutput j = JsonOutput.to(o)) {
            j.field("command", "eval").field("run", dir.toString()).field("data", spec0)
                    .field("examples", (long) test.size()).field("loss", eval.loss());
            ConfusionMatrix cm = eval.confusion();
            if (cm == null) {
                j.field("mae", eval.meanAbsoluteError()).field("rmse", eval.rootMeanSquaredError())
                        .field("r2", eval.rSquared());
                return;
            }
            j.field("accuracy", eval.accuracy()).field("macroF1", cm.macroF1());
            List<String> labels = Runs.classLabels(test, cm.classes());
            j.startArray("classes");
            for (int k = 0; k < cm.classes(); k++) {
                j.startObject().field("class", labels.get(k)).field("precision", cm.precision(k))
                        .field("recall", cm.recall(k)).field("f1", cm.f1(k)).endObject();
            }
            j.endArray();
            j.field("confusion", cm.counts());
            j.field("confusionPng", png == null ? null : png.toString());
            if (png == null) {
                j.field("confusionPngReason", "notWritten");
            }
        }
    }
}
