package dev.descent.cli;

import dev.descent.data.DataPair;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.OptimizerKind;
import dev.descent.text.Messages;
import dev.descent.train.MemoryEstimate;
import java.util.Locale;

/**
 * Refuses a run that cannot fit in the JVM's heap before its model is allocated, with one line giving the estimate,
 * the limit and how to raise it; and words an {@link OutOfMemoryError} that still happens the same way.
 */
final class MemoryCheck {
    /** The batch size of evaluations after each epoch and at the end (Trainer and Evaluation use 1000). */
    static final int EVAL_BATCH = 1000;

    private MemoryCheck() {
    }

    /** Throws a one-line failure when {@code settings} on {@code data} need more than {@link Runtime#maxMemory()}. */
    static void check(RunSettings settings, DataPair data, Messages messages) {
        MemoryEstimate m = estimate(settings, data);
        long limit = Runtime.getRuntime().maxMemory();
        if (limit != Long.MAX_VALUE && m.total() > limit) {
            throw new IllegalStateException(messages.get("memory.too_large", settings.model().toString(),
                    bytes(m.total()), bytes(m.parameters()), bytes(m.gradients()), bytes(m.optimizerState()),
                    bytes(m.activations()), bytes(m.data()), bytes(limit), heapFor(m.total()),
                    bytes(m.workspace())));
        }
    }

    static MemoryEstimate estimate(RunSettings s, DataPair data) {
        int trainSize = data.train().size();
        int batch = s.optimizer().fullBatch() ? trainSize : Math.min(s.batch(), Math.max(1, trainSize));
        return MemoryEstimate.of(s.model(), s.dtype(), batch, Math.min(EVAL_BATCH, data.test().size()),
                stateCopies(s.optimizer()), MemoryEstimate.bytes(data.train()) + MemoryEstimate.bytes(data.test()));
    }

    /** The F64 buffers the size of the parameters each optimizer keeps (L-BFGS: its history of pairs and more). */
    static int stateCopies(OptimizerKind optimizer) {
        return switch (optimizer) {
            case SGD, GD -> 0;
            case MOMENTUM, NESTEROV, ADAGRAD, RMSPROP -> 1;
            case ADADELTA, ADAM, ADAMW -> 2;
            case LBFGS -> 2 * Lbfgs.Config.of(1.0).historySize() + 3;
            case NEWTON -> 0; // train does not offer it: its n×n Hessian is no copy of the parameters
        };
    }

    /** The one line for an {@link OutOfMemoryError}: the limit, and twice it as the value to try. */
    static String outOfMemory(Messages messages) {
        long limit = Runtime.getRuntime().maxMemory();
        return messages.get("memory.out_of_memory", bytes(limit), heapFor(2 * limit));
    }

    /** An -Xmx value comfortably above {@code bytes}: a quarter more, in whole gigabytes ("8g"). */
    static String heapFor(long bytes) {
        return (long) Math.ceil(bytes * 1.25 / (1L << 30)) + "g";
    }

    /** "6.7 GB", "160 MB", "12 KB", "0 B" (binary units, as -Xmx counts them). */
    static String bytes(long n) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double v = n;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (u == 0 || v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v))
                + " " + units[u];
    }
}
