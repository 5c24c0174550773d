package dev.descent.cli;

import dev.descent.text.Messages;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The {@code descent} command: train, evaluate and inspect networks trained by gradient descent. Errors become one
 * line on stderr, {@code descent: <message>}, with exit code 2 for usage errors and 1 for failures; {@code --debug}
 * adds the stack trace.
 */
@Command(name = "descent", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Gradient descent and backpropagation: train, evaluate and inspect neural networks.",
        footer = {"", "Start with:  descent train            (784-16-16-10 on generated digits, ~1 minute)",
            "then:        descent eval runs/NAME",
            "             descent predict runs/NAME digit.png"})
public final class Main implements Runnable {
    /** Exit code of a run that failed (bad data, unwritable file, …). */
    public static final int FAILURE = 1;
    /** Exit code of a command line that could not be parsed. */
    public static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The subcommands, in the order the usage help lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(TrainCommand.class, EvalCommand.class,
            PredictCommand.class, ImportCommand.class, DiagnoseCommand.class, LrFindCommand.class,
            MinimizeCommand.class, GraphCommand.class, LandscapeCommand.class, LessonCommand.class,
            ServeCommand.class, ReportCommand.class, CommandLine.HelpCommand.class);

    public static void main(String[] args) {
        System.exit(commandLine(args).execute(args));
    }

    /** Runs the command line in this process and returns its exit code (tests call this). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line, with the error handling described on the class; tests set its out and err. */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The command line for {@code args}: when they start with a subcommand's name, only that subcommand is
     * registered, since picocli builds the model of every registered command up front (a good part of the start-up
     * of a short command such as {@code graph}); otherwise, and for {@code help}, all of them.
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cl = new CommandLine(new Main());
        Class<?> named = args.length == 0 ? null : named(args[0]);
        for (Class<?> command : SUBCOMMANDS) {
            if (named == null || command == named) {
                cl.addSubcommand(command);
            }
        }
        configure(cl);
        return cl;
    }

    /** The subcommand (not help) whose name or alias is {@code word}, read from its annotation; else null. */
    private static Class<?> named(String word) {
        for (Class<?> command : SUBCOMMANDS) {
            Command c = command.getAnnotation(Command.class);
            if (command != CommandLine.HelpCommand.class && c != null
                    && (c.name().equals(word) || List.of(c.aliases()).contains(word))) {
                return command;
            }
        }
        return null;
    }

    /**
     * Applies the shared conventions to a command line: case-insensitive enum values, and the one-line error
     * handlers. Subcommands added later pick them up through picocli's inheritance of these settings.
     */
    static void configure(CommandLine cl) {
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(new UsageErrors());
        cl.setExecutionExceptionHandler(new Failures());
        cl.setExecutionStrategy(new OutOfMemory(cl.getExecutionStrategy()));
    }

    /** With no subcommand: the usage help. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Whether {@code --debug} was given anywhere on the command line that {@code result} parsed. */
    static boolean debug(ParseResult result) {
        for (ParseResult r = result; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    /** The message of an exception as the user should read it: its own message, or the cause's, or its kind. */
    static String message(Throwable e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        if (t instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + m;
        }
        if (t instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory: " + m;
        }
        if (t instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getFile() + ": " + fse.getReason();
        }
        if (t instanceof OutOfMemoryError) {
            return MemoryCheck.outOfMemory(Messages.english());
        }
        return m == null ? t.getClass().getSimpleName() : m;
    }

    /**
     * Runs the command, turning an {@link OutOfMemoryError} (which picocli's handlers, made for exceptions, would let
     * through as a stack trace) into a failure whose message says the limit and how to raise it.
     */
    static final class OutOfMemory implements CommandLine.IExecutionStrategy {
        private final CommandLine.IExecutionStrategy strategy;

        OutOfMemory(CommandLine.IExecutionStrategy strategy) {
            this.strategy = strategy;
        }

        @Override
        public int execute(ParseResult result) {
            try {
                return strategy.execute(result);
            } catch (OutOfMemoryError e) {
                ParseResult last = result;
                boolean chinese = false;
                for (ParseResult r = result; r != null; r = r.subcommand()) {
                    last = r;
                    chinese |= "zh".equalsIgnoreCase(String.valueOf(r.matchedOptionValue("--lang", (Object) "")));
                }
                throw new CommandLine.ExecutionException(last.commandSpec().commandLine(),
                        MemoryCheck.outOfMemory(Messages.of(chinese)), e);
            }
        }
    }

    /** Parse errors: one line, the usage hint, exit 2. */
    static final class UsageErrors implements IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException e, String[] args) {
            CommandLine cl = e.getCommandLine();
            PrintWriter err = cl.getErr();
            String hint = "";
            if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
                hint = "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
            }
            err.println(cl.getColorScheme().errorText("descent: " + message(e) + hint));
            if (java.util.Arrays.asList(args).contains("--debug")) {
                e.printStackTrace(err);
            }
            err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return USAGE;
        }
    }

    /** Failures while running: one line, exit 1 (2 for a {@link UsageException}); the trace only with --debug. */
    static final class Failures implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine cl, ParseResult result) {
            PrintWriter err = cl.getErr();
            err.println(cl.getColorScheme().errorText("descent: " + message(e)));
            if (debug(result)) {
                e.printStackTrace(err);
            }
            if (e instanceof UsageException) {
                err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
            }
            err.flush();
            return e instanceof UsageException ? USAGE : FAILURE;
        }
    }

    /** The version from the jar's manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"descent " + (v == null ? "0.1.0-SNAPSHOT" : v),
                "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name", "?")
                    .toLowerCase(Locale.ROOT) + " (" + Runtime.getRuntime().availableProcessors() + " cores)"};
        }
    }
}
