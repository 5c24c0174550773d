package dev.descent.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the real {@code descent} command line in this process, capturing what it prints. */
record CommandRun(int exitCode, String out, String err) {

    static CommandRun of(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CommandRun(code, out.toString(), err.toString());
    }

    /** The error output is one line starting with "descent: " (plus picocli's usage hint for usage errors), no trace. */
    boolean oneLineError() {
        String[] lines = err.strip().split("\\R");
        return lines[0].startsWith("descent: ") && !err.contains("\tat ") && !err.contains("Exception")
                && (lines.length == 1 || (lines.length == 2 && lines[1].startsWith("Try '")));
    }

    /** The percentage printed after {@code label}, e.g. "test accuracy: 97.50%" → 97.5. */
    double percentAfter(String label) {
        int i = out.indexOf(label);
        if (i < 0) {
            throw new AssertionError("no '" + label + "' in:\n" + out + err);
        }
        int from = i + label.length();
        int pct = out.indexOf('%', from);
        return Double.parseDouble(out.substring(from, pct).strip());
    }
}
