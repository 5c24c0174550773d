package dev.descent.plot;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Renders Graphviz DOT text (such as a computation graph exported by {@code autograd}) to SVG or PNG by running
 * the {@code dot} program found on the PATH. Graphviz is not bundled: {@link #isAvailable()} tells whether it is
 * installed, and {@link #render} says how to install it when it is not.
 */
public final class Dot {

    /** How long {@link #render(String, Path)} lets {@code dot} run. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /**
     * The address space {@code dot} may take on Linux, where it runs under {@code prlimit --as}: a layout that
     * outgrows it fails with Graphviz's own out-of-memory message instead of taking the machine's memory (a
     * 1000-term product once took it past 5 GB).
     */
    static final long MEMORY_LIMIT_BYTES = 2L << 30;

    private Dot() {
    }

    /** Whether an executable {@code dot} is on the PATH. */
    public static boolean isAvailable() {
        return find(System.getenv("PATH")).isPresent();
    }

    /** Renders {@code dot} to {@code out} (SVG or PNG by its extension), giving up after 30 seconds. */
    public static void render(String dot, Path out) throws IOException {
        render(dot, out, DEFAULT_TIMEOUT);
    }

    /**
     * Renders {@code dot} to {@code out} (SVG or PNG by its extension), giving up after {@code timeout}.
     *
     * @throws IllegalStateException when Graphviz's {@code dot} is not on the PATH
     * @throws IOException when {@code dot} fails (its message is included) or does not finish in time
     */
    public static void render(String dot, Path out, Duration timeout) throws IOException {
        String format = check(dot, out, timeout);
        Path executable = find(System.getenv("PATH")).orElseThrow(() -> new IllegalStateException(
                "cannot render " + out + ": Graphviz 'dot' was not found on the PATH; install Graphviz "
                        + "(for example 'apt-get install graphviz') or save the DOT text instead"));
        run(executable, dot, out, format, timeout);
    }

    /** The output format for {@code out}, after checking every argument. */
    private static String check(String dot, Path out, Duration timeout) {
        if (dot == null || dot.isBlank()) {
            throw new IllegalArgumentException("dot text must not be empty");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        String name = out == null || out.getFileName() == null ? ""
                : out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".svg")) {
            return "svg";
        }
        if (name.endsWith(".png")) {
            return "png";
        }
        throw new IllegalArgumentException("out must end in .svg or .png, was " + out);
    }

    /** The first executable named dot (dot.exe on Windows) in the directories of {@code path}. */
    static Optional<Path> find(String path) {
        if (path == null || path.isBlank()) {
            return Optional.empty();
        }
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            try {
                Path candidate = Path.of(dir, windows ? "dot.exe" : "dot");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            } catch (InvalidPathException e) {
                // a malformed PATH entry names no program; look on
            }
        }
        return Optional.empty();
    }

    /** util-linux's {@code prlimit}, on Linux where it is installed. */
    static Optional<Path> prlimit() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Optional.empty();
        }
        String path = System.getenv("PATH");
        for (String dir : ((path == null ? "" : path) + File.pathSeparator + "/usr/bin:/bin").split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            try {
                Path candidate = Path.of(dir, "prlimit");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            } catch (InvalidPathException e) {
                // look on
            }
        }
        return Optional.empty();
    }

    /**
     * The command line that renders {@code input} to {@code out}: {@code dot -T<format> -o out input}, run under
     * {@code prlimit --as=}{@link #MEMORY_LIMIT_BYTES} when {@code prlimit} is given (plain otherwise).
     */
    static List<String> command(Path executable, String format, Path out, Path input, Optional<Path> prlimit) {
        List<String> command = new ArrayList<>();
        prlimit.ifPresent(p -> {
            command.add(p.toString());
            command.add("--as=" + MEMORY_LIMIT_BYTES);
            command.add("--");
        });
        command.add(executable.toString());
        command.add("-T" + format);
        command.add("-o");
        command.add(out.toAbsolutePath().toString());
        command.add(input.toString());
        return command;
    }

    /**
     * Runs {@code executable -T<format> -o out input.dot} (under {@code prlimit --as} where it exists, see {@link
     * #command}). The DOT text, the image and the program's messages go through temporary files, so no pipe can
     * fill up and block it; the image is then written to {@code out} whole by {@link OutputFile#write}.
     */
    static void run(Path executable, String dot, Path out, String format, Duration timeout) throws IOException {
        Path input;
        Path rendered;
        Path log;
        try {
            input = Files.createTempFile("descent-", ".dot");
            rendered = Files.createTempFile("descent-dot-", "." + format);
            log = Files.createTempFile("descent-dot-", ".log");
        } catch (IOException e) {
            throw new IOException("cannot render " + out + ": no room for temporary files in "
                    + System.getProperty("java.io.tmpdir") + " (" + e.getMessage() + ")", e);
        }
        try {
            Files.writeString(input, dot, StandardCharsets.UTF_8);
            Process process = new ProcessBuilder(command(executable, format, rendered, input, prlimit()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            boolean finished;
            try {
                finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while rendering " + out, e);
            }
            if (!finished) {
                process.destroyForcibly();
                throw new IOException("dot did not finish rendering " + out + " within " + timeout.toMillis()
                        + " ms");
            }
            if (process.exitValue() != 0) {
                String message = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).strip()
                        .replaceAll("\\s*\\R\\s*", "; ");
                if (message.length() > 1000) {
                    message = message.substring(0, 1000) + "…";
                }
                throw new IOException("dot failed (exit " + process.exitValue() + ") rendering " + out
                        + (message.isEmpty() ? "" : ": " + message));
            }
            // dot wrote a temporary file; the target is replaced whole, so a full disk leaves no partial image
            OutputFile.write(out, Files.readAllBytes(rendered));
        } finally {
            Files.deleteIfExists(input);
            Files.deleteIfExists(rendered);
            Files.deleteIfExists(log);
        }
    }
}
