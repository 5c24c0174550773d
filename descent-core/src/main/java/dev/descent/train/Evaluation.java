package dev.descent.train;

import dev.descent.data.Batch;
import dev.descent.data.Dataset;
import dev.descent.loss.Loss;
import dev.descent.nn.Module;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;

/**
 * A model's performance on a data set: mean loss, and for classification accuracy and the confusion matrix, for
 * regression MAE, RMSE and R². Computed in evaluation mode without recording a graph.
 */
public record Evaluation(double loss, double accuracy, ConfusionMatrix confusion, double meanAbsoluteError,
                         double rootMeanSquaredError, double rSquared, int examples) {

    /** Evaluates {@code model} on all of {@code data} in batches of {@code batchSize}. */
    public static Evaluation of(Module model, Dataset data, Loss loss, int batchSize, DType dtype) {
        model.setTraining(false);
        try (var ignored = Tensor.noGrad()) {
            double lossSum = 0;
            int n = data.size();
            int[] predicted = data.isClassification() ? new int[n] : null;
            double absSum = 0;
            double sqSum = 0;
            int filled = 0;
            for (Batch batch : data.batches(Math.max(1, batchSize), false, 0, false)) {
                Tensor inputs = batch.inputs().to(dtype);
                Tensor targets = batch.targets().to(dtype);
                Tensor out = model.forward(inputs);
                lossSum += loss.apply(out, targets).item() * batch.size();
                if (predicted != null) {
                    int[] p = out.argmax(1);
                    System.arraycopy(p, 0, predicted, filled, p.length);
                } else {
                    for (int i = 0, m = out.numel(); i < m; i++) {
                        double r = out.getFlat(i) - targets.getFlat(i);
                        absSum += Math.abs(r);
                        sqSum += r * r;
                    }
                }
                filled += batch.size();
            }
            if (predicted != null) {
                ConfusionMatrix cm = ConfusionMatrix.of(data.labels(), predicted, data.classes());
                return new Evaluation(lossSum / n, cm.accuracy(), cm, Double.NaN, Double.NaN, Double.NaN, n);
            }
            float[] t = data.targetValues();
            double mean = 0;
            for (float v : t) {
                mean += v;
            }
            mean /= t.length;
            double total = 0;
            for (float v : t) {
                total += (v - mean) * (v - mean);
            }
            return new Evaluation(lossSum / n, Double.NaN, null, absSum / t.length, Math.sqrt(sqSum / t.length),
                    1 - sqSum / total, n);
        } finally {
            model.setTraining(true);
        }
    }
}
