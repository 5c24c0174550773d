package dev.descent.train;

/**
 * One epoch's summary: mean training loss over its steps, training accuracy (NaN for regression), validation loss
 * and accuracy (NaN without validation data), the learning rate used, the last step's gradient norm, and the
 * wall-clock seconds it took.
 */
public record EpochResult(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
                          double validationAccuracy, double learningRate, double gradientNorm, double seconds) {

    /**
     * The loss that early stopping and plateau schedules watch: the validation loss when there is one, else the
     * training loss.
     */
    public double monitoredLoss() {
        return Double.isNaN(validationLoss) ? trainLoss : validationLoss;
    }
}
