package dev.descent.cli;

import dev.descent.text.DiagnosisText;
import dev.descent.text.Messages;
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
        description = {"Say from a loss curve whether the learning rate is too large, too small or fine, or training is stuck.",
            "Prints the evidence and the change to make. The CSV needs a header; the loss column is train_loss or loss",
            "(or --column), as in the history.csv and steps.csv that 'descent train' writes."},
        footer = {"", "Example: descent diagnose runs/20250101-120000/history.csv --lang zh"})
public final class DiagnoseCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.csv", description = "CSV file with a header line and a loss column.")
    Path file;

    @Option(names = "--column", paramLabel = "NAME", description = "The loss column (default: train_loss, else loss).")
    String column;

    @Option(names = "--chance", paramLabel = "LOSS",
            description = {"The loss of guessing, e.g. 2.303 (ln 10) for 10 classes under cross-entropy: a curve that "
                + "ends there is not learning.", "A gradient_norm column, as history.csv has, is read as evidence too."})
    Double chance;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        common.apply();
        if (chance != null && !(chance > 0)) {
            throw new UsageException("--chance must be > 0, was " + chance);
        }
        Curve curve = read(file, column);
        Diagnosis d = Diagnosis.of(curve.losses(), curve.gradientNorms(), chance == null ? Double.NaN : chance);
        Messages m = common.messages();
        PrintWriter o = spec.commandLine().getOut();
        if (common.json()) {
            try (JsonOutput j = JsonOutput.to(o)) {
                j.field("command", "diagnose").field("file", file.toString()).field("column", curve.column());
                DiagnoseCommand.json(j, d, m);
            }
        } else {
            o.println(m.get("diagnose.header", file.toString(), curve.column(), curve.losses().length));
            o.println(DiagnosisText.explain(d, m));
        }
        o.flush();
        return 0;
    }

    /** The diagnosis's fields, for {@code diagnose --json} and {@code train --json}. */
    static void json(JsonOutput j, Diagnosis d, Messages m) {
        j.field("verdict", d.verdict().name().toLowerCase(Locale.ROOT))
                .field("explanation", DiagnosisText.explain(d, m))
                .field("relativeDrop", d.relativeDrop(), "tooFewPoints")
                .field("oscillations", (long) d.oscillations())
                .field("earlySlope", d.earlySlope(), "tooFewPoints")
                .field("lateSlope", d.lateSlope(), "tooFewPoints")
                .field("lowestLoss", d.lowestLoss(), "tooFewPoints")
                .field("gradientNorm", d.gradientNorm(), "unknown")
                .field("chanceLoss", d.chanceLoss(), "unknown")
                .field("points", (long) d.points());
    }

    /** A loss column and, when the file has one, its gradient_norm column (NaN where a cell is empty). */
    record Curve(String column, double[] losses, double[] gradientNorms) {
    }

    /** Reads the loss column (and any gradient_norm column) of a CSV; errors name the file and the line. */
    static Curve read(Path file, String column) throws IOException {
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
        List<String> wanted = column != null ? List.of(column) : List.of("train_loss", "loss");
        int index = -1;
        for (int w = 0; w < wanted.size() && index < 0; w++) {
            index = indexOf(header, wanted.get(w));
        }
        if (index < 0) {
            throw new IllegalArgumentException(file + " line " + (headerLine + 1) + ": no " + String.join(" or ",
                    wanted) + " column in the header '" + lines.get(headerLine) + "'"
                    + (column == null ? "; name the column with --column" : ""));
        }
        int gradientIndex = indexOf(header, "gradient_norm");
        List<Double> values = new ArrayList<>();
        List<Double> norms = new ArrayList<>();
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
                throw new IllegalArgumentException(file + " line " + (n + 1) + ": " + header[index] + " '" + f[index]
                        + "' is not a number");
            }
            if (gradientIndex >= 0) {
                try {
                    norms.add(f[gradientIndex].isEmpty() ? Double.NaN : Double.parseDouble(f[gradientIndex]));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(file + " line " + (n + 1) + ": gradient_norm '"
                            + f[gradientIndex] + "' is not a number");
                }
            }
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException(file + " has a header but no rows");
        }
        return new Curve(header[index], values.stream().mapToDouble(Double::doubleValue).toArray(),
                norms.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static int indexOf(String[] header, String name) {
        for (int i = 0; i < header.length; i++) {
            if (header[i].equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    private static String[] split(String line) {
        String[] f = line.split(",", -1);
        for (int i = 0; i < f.length; i++) {
            f[i] = f[i].strip().replace("\"", "");
        }
        return f;
    }
}
