package dev.descent.cli;

import dev.descent.data.DataPair;
import dev.descent.nn.Sequential;
import dev.descent.text.DiagnosisText;
import dev.descent.text.Messages;
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
        o.println();
        o.println((zh ? "停止原因: " : "stopped: ") + history.stopReason()
                + String.format(Locale.ROOT, zh ? "（用时 %.1f 秒）" : " (%.1f s)", seconds));
        if (!Double.isNaN(eval.accuracy())) {
            long right = Math.round(eval.accuracy() * eval.examples());
            o.printf(Locale.ROOT, zh ? "测试集准确率: %s（%s/%s），测试损失 %s%n" : "test accuracy: %s (%s/%s), test loss %s%n",
                    Numbers.percent(eval.accuracy()), Numbers.count(right), Numbers.count(eval.examples()),
                    Numbers.g4(eval.loss()));
        } else {
            o.printf(Locale.ROOT, zh ? "测试损失 %s，MAE %s，RMSE %s，R² %s%n" : "test loss %s, MAE %s, RMSE %s, R² %s%n",
                    Numbers.g4(eval.loss()), Numbers.g4(eval.meanAbsoluteError()),
                    Numbers.g4(eval.rootMeanSquaredError()), Numbers.g4(eval.rSquared()));
        }
        o.println((zh ? "学习率诊断" : "learning-rate diagnosis") + " (" + source(history, zh) + "): "
                + DiagnosisText.explain(diagnosis, Messages.of(zh)).replace("\n", "\n  "));
        StringBuilder wrote = new StringBuilder(zh ? "已写入: " : "wrote: ");
        for (int i = 0; i < files.size(); i++) {
            wrote.append(i == 0 ? files.get(i).toString() : files.get(i).getFileName().toString())
                    .append(i + 1 < files.size() ? ", " : "");
        }
        o.println(wrote);
        if (history.epochs().isEmpty()) {
            o.println(zh ? "下一步: 按上面的诊断调整学习率后重新训练" : "next: change the learning rate as the diagnosis says and train again");
        } else {
            o.println((zh ? "下一步: " : "next: ") + "descent eval " + dir + "   |   descent train --resume " + dir
                    + " --epochs " + (history.epochs().size() * 2));
        }
    }

    private static String source(History history, boolean zh) {
        int epochs = history.epochs().size();
        return epochs >= 8 ? (zh ? epochs + " 轮的平均训练损失" : "mean training loss of " + epochs + " epochs")
                : (zh ? history.stepCount() + " 步的损失，分段平均" : "loss of " + Numbers.count(history.stepCount())
                        + " steps in chunk means");
    }

    static void json(PrintWriter o, RunSettings settings, Sequential model, DataPair data, History history,
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
            j.field("stopReason", history.stopReason());
            j.field("seconds", seconds);
            j.field("testLoss", eval.loss(), "diverged");
            j.field("testAccuracy", eval.accuracy(), data.train().isClassification() ? "diverged" : "regression");
            j.startObject("diagnosis");
            DiagnoseCommand.json(j, diagnosis, Messages.english());
            j.endObject();
            j.files("files", files);
        }
    }
}
