package dev.descent.train;

import dev.descent.data.Batch;
import dev.descent.data.Dataset;
import dev.descent.loss.Loss;
import dev.descent.loss.Losses;
import dev.descent.nn.Module;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.List;

/**
 * A model's performance on a data set: mean loss, and for classification accuracy and the confusion matrix, for
 * regression MAE, RMSE and R². Computed in evaluation mode without recording a graph.
 */
public record Evaluation(double loss, double accuracy, ConfusionMatrix confusion, double meanAbsoluteError,
                         double rootMeanSquaredError, double rSquared, int examples) {

    /**
     * Evaluates {@code model} on all of {@code data} in the model's dtype, reporting the loss a model of its kind is
     * usually trained with: softmax cross-entropy on raw outputs for classification, mean squared error for
     * regression. {@link #of(Module, Dataset, Loss, int, DType)} chooses the loss.
     */
    public static Evaluation of(Module model, Dataset data) {
        check(model, data);
        List<Tensor> parameters = model.parameterTensors();
        DType dtype = parameters.isEmpty() ? DType.F32 : parameters.get(0).dtype();
        Loss loss = data.isClassification() ? Losses.crossEntropy() : Losses.mse();
        return of(model, data, loss, 1000, dtype);
    }

    /** Evaluates {@code model} on all of {@code data} in batches of {@code batchSize}. */
    public static Evaluation of(Module model, Dataset data, Loss loss, int batchSize, DType dtype) {
        check(model, data);
        if (loss == null || dtype == null) {
            throw new IllegalArgumentException("Evaluation.of: " + (loss == null ? "loss" : "dtype") + " is null;"
                    + " pass the training loss and dtype, or call Evaluation.of(model, data) for the usual ones");
        }
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

    private static void check(Module model, Dataset data) {
        if (model == null || data == null) {
            throw new IllegalArgumentException("Evaluation.of: " + (model == null ? "model" : "data") + " is null;"
                    + " pass the trained model and a data set, e.g. Evaluation.of(model, data.test())");
        }
    }
}
