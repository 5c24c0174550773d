package dev.descent.cli;

import dev.descent.tensor.kernel.Parallelism;
import dev.descent.text.Messages;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options every command shares: {@code --seed --threads --json --debug --lang}. */
public final class CommonOptions {
    /** Languages of the prose the commands print (numbers and tables are the same in both). */
    public enum Lang { EN, ZH }

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N",
            description = "Seed of every random thing: data generation, initial weights, shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for the matrix kernels (default: the number of processors). With Descent's own"
                    + " kernels results are bitwise the same for any count; with OpenBLAS (descent-blas) they may differ in"
                    + " the last bits from one count to another.")
    Integer threads;

    @Option(names = "--json", description = "Print one JSON object on stdout instead of tables.")
    boolean json;

    @Option(names = "--debug", description = "Print stack traces with errors.")
    boolean debug;

    @Option(names = "--lang", defaultValue = "en", paramLabel = "en|zh",
            description = "Language of explanations: en or zh (中文) (default: ${DEFAULT-VALUE}).")
    Lang lang;

    /** The command this mixin belongs to, for its error stream. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    public long seed() {
        return seed;
    }

    public boolean json() {
        return json;
    }

    public boolean debug() {
        return debug;
    }

    public boolean chinese() {
        return lang == Lang.ZH;
    }

    /** The sentences in the language of {@code --lang}. */
    public Messages messages() {
        return Messages.of(chinese());
    }

    /** Applies {@code --threads} to the kernels; call once at the start of a command. */
    public void apply() {
        if (threads != null) {
            if (threads < 1) {
                throw new UsageException("--threads must be >= 1, was " + threads);
            }
            int max = Parallelism.maxThreads();
            if (threads > max) {
                // more threads than cores only queue; say so on one line and go on with the most that helps
                mixee.commandLine().getErr().println("descent: --threads " + threads + " is more than "
                        + "4 per processor (" + Runtime.getRuntime().availableProcessors() + "); using " + max);
                threads = max;
            }
            Parallelism.setThreads(threads);
        } else {
            Parallelism.setThreads(Math.max(1, Runtime.getRuntime().availableProcessors()));
        }
    }
}
