package dev.descent.cli;

import dev.descent.data.DataPair;
import dev.descent.nn.Sequential;
import dev.descent.text.DiagnosisText;
import dev.descent.text.Messages;
import dev.descent.text.StopText;
import dev.descent.train.Diagnosis;
import dev.descent.train.EpochResult;
import dev.descent.train.Evaluation;
import dev.descent.train.History;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The end of {@code descent train}: the summary in words, or the one JSON object. */
final class TrainReport {
    private TrainReport() {
    }

    static void text(PrintWriter o, boolean zh, History history, Evaluation eval, Diagnosis diagnosis, double seconds,
                     Path dir, List<Path> files) {
        Messages m = Messages.of(zh);
        o.println();
        String reason = reason(history, m);
        o.println(m.get("train.stopped", reason, String.format(Locale.ROOT, "%.1f", seconds)));
        if (!Double.isNaN(eval.accuracy())) {
            long right = Math.round(eval.accuracy() * eval.examples());
            o.println(m.get("train.test_accuracy", Numbers.percent(eval.accuracy()), Numbers.count(right),
                    Numbers.count(eval.examples()), Numbers.g4(eval.loss())));
        } else {
            o.println(m.get("train.test_regression", Numbers.g4(eval.loss()), Numbers.g4(eval.meanAbsoluteError()),
                    Numbers.g4(eval.rootMeanSquaredError()), Numbers.g4(eval.rSquared())));
        }
        o.println(m.get("train.diagnosis", source(history, m),
                DiagnosisText.explain(diagnosis, m).replace("\n", "\n  ")));
        StringBuilder wrote = new StringBuilder();
        for (int i = 0; i < files.size(); i++) {
            wrote.append(i == 0 ? files.get(i).toString() : files.get(i).getFileName().toString())
                    .append(i + 1 < files.size() ? ", " : "");
        }
        o.println(m.get("train.wrote", wrote.toString()));
        if (history.epochs().isEmpty()) {
            o.println(m.get("train.next.retrain"));
        } else {
            o.println(m.get("train.next", "descent eval " + dir + "   |   descent train --resume " + dir
                    + " --epochs " + (history.epochs().size() * 2)));
        }
    }

    private static String source(History history, Messages m) {
        int epochs = history.epochs().size();
        return epochs >= 8 ? m.get("train.diagnosis.epochs", Integer.toString(epochs))
                : m.get("train.diagnosis.steps", Numbers.count(history.stepCount()));
    }

    /** Why the run stopped, in {@code m}'s language (a history read from an old checkpoint has only English). */
    private static String reason(History history, Messages m) {
        return history.stop() == null ? history.stopReason() : StopText.explain(history.stop(), m);
    }

    static void json(PrintWriter o, Messages m, RunSettings settings, Sequential model, DataPair data, History history,
                     Evaluation eval, Diagnosis diagnosis, double seconds, List<Path> files) {
        try (JsonOutput j = JsonOutput.to(o)) {
            j.field("command", "train");
            j.settings(settings);
            j.field("architecture", dev.descent.nn.Architecture.describe(model));
            j.field("parameters", model.parameterCount());
            j.startObject("data").field("spec", settings.data()).field("train", (long) data.train().size())
                    .field("test", (long) data.test().size()).field("features", (long) data.train().featureCount())
                    .field("classes", (long) data.train().classes()).endObject();
            j.startArray("epochs");
            for (EpochResult e : history.epochs()) {
                String regression = data.train().isClassification() ? "diverged" : "regression";
                j.startObject().field("epoch", (long) e.epoch()).field("trainLoss", e.trainLoss(), "diverged")
                        .field("trainAccuracy", e.trainAccuracy(), regression)
                        .field("testLoss", e.validationLoss(), "noTestSet")
                        .field("testAccuracy", e.validationAccuracy(), regression)
                        .field("learningRate", e.learningRate())
                        .field("gradientNorm", e.gradientNorm(), "notMeasured").field("seconds", e.seconds()).endObject();
            }
            j.endArray();
            j.field("steps", (long) history.stepCount());
            j.field("stopReason", reason(history, m));
            j.field("seconds", seconds);
            j.field("testLoss", eval.loss(), "diverged");
            j.field("testAccuracy", eval.accuracy(), data.train().isClassification() ? "diverged" : "regression");
            j.startObject("diagnosis");
            DiagnoseCommand.json(j, diagnosis, m);
            j.endObject();
            j.files("files", files);
        }
    }
}
