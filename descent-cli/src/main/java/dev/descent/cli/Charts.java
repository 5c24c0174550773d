package dev.descent.cli;

import dev.descent.plot.LineChart;
import dev.descent.plot.Series;
import dev.descent.train.EpochResult;
import dev.descent.train.History;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The figures the training commands write, drawn by {@code dev.descent.plot}. */
final class Charts {
    private Charts() {
    }

    /**
     * loss.png: the per-step loss as a moving average (x in epochs, so it lines up with the per-epoch points), the
     * per-epoch mean training loss (at the middle of its epoch) and the test loss after each epoch; log y when every
     * value is positive.
     */
    static void loss(History history, int stepsPerEpoch, String testLabel, Path out) throws IOException {
        double[] steps = history.stepLosses();
        int window = Math.max(1, steps.length / 200);
        double[] sx = new double[steps.length / window];
        double[] sy = new double[sx.length];
        for (int i = 0; i < sx.length; i++) {
            double sum = 0;
            for (int k = i * window; k < (i + 1) * window; k++) {
                sum += steps[k];
            }
            sy[i] = finiteOrNaN(sum / window);
            sx[i] = ((i + 1) * window) / (double) Math.max(1, stepsPerEpoch);
        }
        List<EpochResult> epochs = history.epochs();
        double[] ex = new double[epochs.size()];
        double[] mid = new double[ex.length]; // an epoch's mean loss belongs to its middle
        double[] train = new double[ex.length];
        double[] test = new double[ex.length];
        for (int i = 0; i < ex.length; i++) {
            EpochResult e = epochs.get(i);
            ex[i] = e.epoch();
            mid[i] = e.epoch() - 0.5;
            train[i] = finiteOrNaN(e.trainLoss());
            test[i] = finiteOrNaN(e.validationLoss());
        }
        List<Series> series = new ArrayList<>();
        series.add(Series.of("step loss (mean of " + window + ")", sx, sy));
        series.add(Series.of("train loss (epoch mean)", mid, train));
        if (Arrays.stream(test).anyMatch(Double::isFinite)) {
            series.add(Series.of(testLabel + " loss", ex, test));
        }
        boolean positive = series.stream().allMatch(s -> Arrays.stream(s.y()).allMatch(v -> Double.isNaN(v) || v > 0));
        LineChart chart = LineChart.of("Training loss", "epoch", positive ? "loss (log scale)" : "loss", series);
        (positive ? chart.withLogY() : chart).save(out);
    }

    private static double finiteOrNaN(double v) {
        return Double.isFinite(v) ? v : Double.NaN;
    }
}
