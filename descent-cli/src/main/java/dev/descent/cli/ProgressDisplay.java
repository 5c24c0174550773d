package dev.descent.cli;

import dev.descent.train.Callback;
import dev.descent.train.EpochResult;
import dev.descent.train.History;
import java.text.DecimalFormat;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A live progress bar per epoch on stderr (samples done, samples per second, ETA, current loss), cleared when the
 * epoch ends so the epoch table on stdout stays clean. Drawn by {@code me.tongfei:progressbar}.
 */
final class ProgressDisplay implements Callback {
    /** When to draw the bar. */
    enum Mode { AUTO, ALWAYS, NEVER }

    private final int trainSize;
    private final int batchSize;
    private final int epochs;
    private ProgressBar bar;
    private int barEpoch = -1;

    private ProgressDisplay(int trainSize, int batchSize, int epochs) {
        this.trainSize = trainSize;
        this.batchSize = batchSize;
        this.epochs = epochs;
    }

    /**
     * A display for {@code mode}, or null when no bar should be drawn: AUTO draws only when stderr is a terminal
     * (the launcher says so with {@code -Ddescent.stderr.tty}; otherwise a console must be attached).
     */
    static ProgressDisplay create(Mode mode, int trainSize, int batchSize, int epochs) {
        boolean draw = switch (mode) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> {
                String tty = System.getProperty("descent.stderr.tty");
                yield tty != null ? Boolean.parseBoolean(tty) : System.console() != null;
            }
        };
        return draw ? new ProgressDisplay(trainSize, batchSize, epochs) : null;
    }

    @Override
    public void onStep(int epoch, int step, int stepsPerEpoch, double loss) {
        if (epoch != barEpoch) {
            close();
            barEpoch = epoch;
            bar = new ProgressBarBuilder()
                    .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
                    .setInitialMax(trainSize)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .setUnit("", 1)
                    .showSpeed(new DecimalFormat("#,##0' samples'"))
                    .setSpeedUnit(ChronoUnit.SECONDS)
                    .setUpdateIntervalMillis(200)
                    .clearDisplayOnFinish()
                    .build();
        }
        bar.stepTo(Math.min(trainSize, (long) step * batchSize));
        bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4g", loss));
    }

    @Override
    public void onEpoch(EpochResult result, History history) {
        close();
    }

    /** Removes the bar from the terminal; safe to call twice. */
    void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
