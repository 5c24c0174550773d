package dev.descent.cli;

import dev.descent.train.Diagnosis;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code descent diagnose FILE.csv}: reads a loss curve and says what it says about the learning rate. */
@Command(name = "diagnose", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Say from a loss curve whether the learning rate is too large, too small or fine.",
            "Prints the evidence and the change to make. The CSV needs a header; the loss column is train_loss or loss",
            "(or --column), as in the history.csv and steps.csv that 'descent train' writes."},
        footer = {"", "Example: descent diagnose runs/20250101-120000/history.csv --lang zh"})
public final class DiagnoseCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.csv", description = "CSV file with a header line and a loss column.")
    Path file;

    @Option(names = "--column", paramLabel = "NAME", description = "The loss column (default: train_loss, else loss).")
    String column;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        common.apply();
        String[] name = new String[1];
        double[] losses = readLosses(file, column, name);
        Diagnosis d = Diagnosis.of(losses);
        PrintWriter o = spec.commandLine().getOut();
        if (common.json()) {
            try (JsonOutput j = JsonOutput.to(o)) {
                j.field("command", "diagnose").field("file", file.toString()).field("column", name[0])
                        .field("points", (long) losses.length)
                        .field("verdict", d.verdict().name().toLowerCase(Locale.ROOT))
                        .field("explanation", d.explain(common.chinese()))
                        .field("relative_drop", d.relativeDrop()).field("oscillations", (long) d.oscillations())
                        .field("early_slope", d.earlySlope()).field("late_slope", d.lateSlope());
            }
        } else {
            o.println(file + (common.chinese() ? "：列 " : ": column ") + name[0] + ", " + losses.length
                    + (common.chinese() ? " 个点" : " points"));
            o.println(d.explain(common.chinese()));
        }
        o.flush();
        return 0;
    }

    /**
     * The numbers of the loss column, in file order; {@code chosen[0]} receives the column's name. Errors name the
     * file and the line.
     */
    static double[] readLosses(Path file, String column, String[] chosen) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file: " + file);
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int headerLine = 0;
        while (headerLine < lines.size() && lines.get(headerLine).isBlank()) {
            headerLine++;
        }
        if (headerLine == lines.size()) {
            throw new IllegalArgumentException(file + " is empty; expected a header line such as epoch,train_loss");
        }
        String[] header = split(lines.get(headerLine));
        int index = -1;
        List<String> wanted = column != null ? List.of(column) : List.of("train_loss", "loss");
        for (String w : wanted) {
            for (int i = 0; i < header.length && index < 0; i++) {
                if (header[i].equalsIgnoreCase(w)) {
                    index = i;
                }
            }
            if (index >= 0) {
                break;
            }
        }
        if (index < 0) {
            throw new IllegalArgumentException(file + " line " + (headerLine + 1) + ": no " + String.join(" or ",
                    wanted) + " column in the header '" + lines.get(headerLine) + "'"
                    + (column == null ? "; name the column with --column" : ""));
        }
        chosen[0] = header[index];
        List<Double> values = new ArrayList<>();
        for (int n = headerLine + 1; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank()) {
                continue;
            }
            String[] f = split(line);
            if (f.length != header.length) {
                throw new IllegalArgumentException(file + " line " + (n + 1) + ": " + f.length + " fields, the header has "
                        + header.length);
            }
            try {
                values.add(Double.parseDouble(f[index]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + " line " + (n + 1) + ": " + chosen[0] + " '" + f[index]
                        + "' is not a number");
            }
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException(file + " has a header but no rows");
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String[] split(String line) {
        String[] f = line.split(",", -1);
        for (int i = 0; i < f.length; i++) {
            f[i] = f[i].strip().replace("\"", "");
        }
        return f;
    }
}
