package dev.descent.cli;

import dev.descent.data.Batch;
import dev.descent.data.DataPair;
import dev.descent.data.Dataset;
import dev.descent.loss.Loss;
import dev.descent.nn.Init;
import dev.descent.nn.ModelSpec;
import dev.descent.nn.Sequential;
import dev.descent.optim.Optimizer;
import dev.descent.plot.LineChart;
import dev.descent.plot.Series;
import dev.descent.tensor.Tensor;
import dev.descent.text.Messages;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code descent lr-find}: the learning-rate range test (Smith, "Cyclical Learning Rates for Training Neural
 * Networks", 2017). From a fresh model, take one mini-batch step at each of {@code --steps} rates growing
 * exponentially from {@code --min-lr} to {@code --max-lr}, keep an exponential moving average of the loss
 * (β = 0.98, bias-corrected), and stop once it exceeds 4× its best value. Leaving out the first 10 steps, the
 * suggestion is the rate where the smoothed loss falls fastest against log(rate) before its lowest point; a tenth of
 * the lowest point's rate (or the suggestion, if smaller) is printed beside it as the cautious choice. A curve that
 * never turns up has not shown where rates become too large: then no rate is suggested and a larger
 * {@code --max-lr} is.
 */
@Command(name = "lr-find", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Learning-rate range test: suggest a learning rate and plot loss against rate.",
            "Trains briefly while the rate grows exponentially, plots the smoothed loss against the rate",
            "(lr-find.png, log x) and suggests the rate where the loss falls fastest.",
            "Takes the same data and model options as 'descent train'."},
        footer = {"", "Example: descent lr-find --loss cross-entropy --optimizer adam"})
public final class LrFindCommand implements Callable<Integer> {
    private static final double BETA = 0.98;
    private static final double STOP_FACTOR = 4;
    private static final int SKIP_START = 10;

    @Mixin
    RunOptions run;

    @Option(names = "--min-lr", defaultValue = "1e-5", paramLabel = "RATE", description = "First rate (default: ${DEFAULT-VALUE}).")
    double minLr;

    @Option(names = "--max-lr", defaultValue = "10", paramLabel = "RATE", description = "Last rate (default: ${DEFAULT-VALUE}).")
    double maxLr;

    @Option(names = "--steps", defaultValue = "200", paramLabel = "N", description = "Steps from first to last rate (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--plot", defaultValue = "lr-find.png", paramLabel = "FILE",
            description = "The chart, PNG or SVG (default: ${DEFAULT-VALUE}); a CSV with the same name is written beside it.")
    Path plot;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        common.apply();
        if (!(minLr > 0 && maxLr > minLr)) {
            throw new UsageException("need 0 < --min-lr < --max-lr, were " + minLr + " and " + maxLr);
        }
        if (steps < 10) {
            throw new UsageException("--steps must be >= 10, was " + steps);
        }
        if (run.optimizer.fullBatch()) {
            throw new UsageException("lr-find steps through mini-batches; " + run.optimizer.label()
                    + " works on the whole set at once: try sgd, momentum or adam");
        }
        if (run.batch < 1) {
            throw new UsageException("--batch must be >= 1, was " + run.batch);
        }
        DataPair data = Setup.data(run.data, run.limit == null ? 0 : run.limit, common.seed());
        if (run.normalize && data.train().size() > 0) {
            data = Setup.normalized(data, Setup.normalization(data.train()));
        }
        Dataset train = data.train();
        ModelSpec modelSpec = Setup.modelSpec(run.model, train);
        Init init = run.init != null ? run.init : Init.forActivation(run.activation);
        RunSettings s = new RunSettings(run.data, run.limit == null ? 0 : run.limit, modelSpec, run.activation, init,
                run.loss, run.optimizer, minLr,
                run.batch, run.dtype, common.seed(), "constant", Double.NaN, 1);
        Sequential model = Setup.model(s, train);
        Loss loss = run.loss.create();
        Optimizer optimizer = run.optimizer.create(model.parameterTensors(), minLr);

        double[] rates = new double[steps];
        double[] smooth = new double[steps];
        int done = 0;
        double average = 0;
        double best = Double.POSITIVE_INFINITY;
        int epoch = 0;
        Iterator<Batch> batches = train.batches(run.batch, true, common.seed() + epoch, false).iterator();
        for (int i = 0; i < steps; i++) {
            if (!batches.hasNext()) {
                epoch++;
                batches = train.batches(run.batch, true, common.seed() + epoch, false).iterator();
            }
            Batch b = batches.next();
            double lr = minLr * Math.pow(maxLr / minLr, i / (double) (steps - 1));
            optimizer.setLearningRate(lr);
            Tensor x = b.inputs().to(run.dtype);
            Tensor y = b.targets().to(run.dtype);
            double value = optimizer.step(() -> loss.apply(model.forward(x), y));
            average = BETA * average + (1 - BETA) * value;
            double smoothed = average / (1 - Math.pow(BETA, i + 1));
            rates[i] = lr;
            smooth[i] = smoothed;
            done = i + 1;
            if (!Double.isFinite(smoothed) || (i > 10 && smoothed > STOP_FACTOR * best)) {
                break;
            }
            best = Math.min(best, smoothed);
        }
        rates = Arrays.copyOf(rates, done);
        smooth = Arrays.copyOf(smooth, done);
        Range range = Range.of(rates, smooth, done < steps);

        Path csv = plot.resolveSibling(baseName(plot) + ".csv");
        StringBuilder table = new StringBuilder("step,learning_rate,smoothed_loss\n");
        for (int i = 0; i < done; i++) {
            table.append(i + 1).append(',').append(rates[i]).append(',').append(smooth[i]).append('\n');
        }
        if (plot.getParent() != null) {
            RunDirectory.prepare(plot.getParent());
        }
        RunDirectory.writeText(csv, table.toString());
        String plotProblem = null;
        try {
            chart(rates, smooth, range).save(plot);
        } catch (IOException e) {
            // the results are printed first; the plot that could not be written is reported after them
            plotProblem = Main.message(e);
        }

        PrintWriter o = spec.commandLine().getOut();
        Messages m = common.messages();
        String stop = done < steps ? m.get("lrfind.stopped", Integer.toString(done), Numbers.compact(STOP_FACTOR))
                : m.get("lrfind.ran_all", Integer.toString(steps));
        if (common.json()) {
            try (JsonOutput j = JsonOutput.to(o)) {
                j.field("command", "lr-find").settings(s).field("steps", (long) done)
                        .field("stop", stop).field("turnedUp", range.turnedUp())
                        .field("suggestedLearningRate", range.turnedUp() ? range.steepestRate() : Double.NaN,
                                "curveNeverTurnedUp")
                        .field("cautiousLearningRate", range.turnedUp() ? range.cautiousRate() : Double.NaN,
                                "curveNeverTurnedUp")
                        .field("steepestLearningRate", range.steepestRate())
                        .field("minimumLearningRate", range.minimumRate())
                        .field("minimumLoss", range.minimumLoss())
                        .field("learningRates", rates).field("smoothedLosses", smooth)
                        .field("plot", plotProblem == null ? plot.toString() : null)
                        .field("csv", csv.toString());
                if (plotProblem != null) {
                    j.field("plotReason", "notWritten");
                }
                if (!range.turnedUp()) {
                    j.field("suggestedMaxLearningRate", maxLr * 100);
                }
            }
        } else {
            o.println(m.get("lrfind.header", modelSpec.toString(), run.activation.label(), run.loss.label(),
                    run.optimizer.label(), Integer.toString(run.batch), Numbers.compact(minLr), Numbers.compact(maxLr),
                    Integer.toString(steps), Setup.describe(run.data, data, m)));
            o.println(stop);
            o.println(m.get("lrfind.lowest", Numbers.g4(range.minimumLoss()), Numbers.g4(range.minimumRate())));
            if (range.turnedUp()) {
                o.println(m.get("lrfind.suggested", Numbers.g4(range.steepestRate()), Numbers.g4(range.cautiousRate())));
            } else {
                o.println(m.get("lrfind.never_turned_up", Numbers.g4(rates[done - 1]), Numbers.compact(maxLr * 100)));
                o.println(m.get("lrfind.steepest_so_far", Numbers.g4(range.steepestRate())));
            }
            o.println(plotProblem == null ? m.get("lrfind.wrote", plot.toString(), csv.toString())
                    : m.get("train.wrote", csv.toString()));
        }
        o.flush();
        if (plotProblem != null) {
            throw new IOException(plotProblem);
        }
        return 0;
    }

    /**
     * What the range test found: the lowest smoothed loss, the rate of steepest fall before it, and whether the curve
     * turned up at all (stopped by the blow-up rule, or ending over 5% above its lowest point). Without a turn the
     * lowest point is only where the range ran out, so no rate is suggested. The cautious rate is a tenth of the
     * lowest point's rate, never above the suggestion.
     */
    record Range(double steepestRate, double minimumRate, double minimumLoss, double cautiousRate, boolean turnedUp) {
        static Range of(double[] rates, double[] smooth, boolean stoppedEarly) {
            int done = rates.length;
            // The first steps are skipped when choosing: their average rests on a handful of batches (as fastai does).
            int skip = Math.min(SKIP_START, done / 4);
            int minimum = skip + argmin(Arrays.copyOfRange(smooth, skip, done));
            int steepest = steepest(rates, smooth, skip, minimum);
            double last = smooth[done - 1];
            boolean turnedUp = stoppedEarly || !Double.isFinite(last) || last > smooth[minimum] * 1.05;
            double steepestRate = rates[steepest];
            return new Range(steepestRate, rates[minimum], smooth[minimum],
                    Math.min(rates[minimum] / 10, steepestRate), turnedUp);
        }
    }

    private static int argmin(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] < v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The index in [first, last] where the smoothed loss falls fastest per unit of log(rate), over ±5 points. */
    static int steepest(double[] rates, double[] loss, int first, int last) {
        int k = 5;
        int best = first;
        double bestSlope = Double.POSITIVE_INFINITY;
        for (int i = first; i <= last; i++) {
            int lo = Math.max(first, i - k);
            int hi = Math.min(last, i + k);
            if (hi == lo) {
                continue;
            }
            double slope = (loss[hi] - loss[lo]) / (Math.log(rates[hi]) - Math.log(rates[lo]));
            if (slope < bestSlope) {
                bestSlope = slope;
                best = i;
            }
        }
        return best;
    }

    private static LineChart chart(double[] rates, double[] smooth, Range range) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double[] y = smooth.clone();
        for (int i = 0; i < y.length; i++) {
            if (!Double.isFinite(y[i])) {
                y[i] = Double.NaN;
            } else {
                lo = Math.min(lo, y[i]);
                hi = Math.max(hi, y[i]);
            }
        }
        double at = range.steepestRate();
        String mark = (range.turnedUp() ? "suggested " : "steepest so far (never turned up) ") + Numbers.g4(at);
        return LineChart.of("Learning-rate range test", "learning rate (log scale)", "smoothed loss",
                Series.of("smoothed loss", rates, y),
                Series.of(mark, new double[] {at, at}, new double[] {lo, hi})).withLogX();
    }

    private static String baseName(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
