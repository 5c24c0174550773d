package dev.descent.cli;

import dev.descent.io.AtomicFiles;
import dev.descent.io.Checkpoint;
import dev.descent.web.Report;
import dev.descent.web.RunView;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code descent report RUN_DIR}: the dashboard's view of a finished run — charts, epoch table, settings, diagnosis —
 * as one self-contained HTML file that opens from disk, with no server and no network.
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write a run's dashboard (charts, epochs, settings, diagnosis) as one HTML file that opens "
                + "without a server.",
        footer = {"", "Examples:", "  descent report runs/moons                 (writes runs/moons/report.html)",
            "  descent report runs/moons --out moons.html --lang zh"})
public final class ReportCommand implements Callable<Integer> {
    /** The report's name inside the run directory when no --out is given. */
    static final String FILE_NAME = "report.html";

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A run directory written by descent train.")
    Path runDirectory;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the report (default: RUN_DIR/"
            + FILE_NAME + ").")
    Path out;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        common.apply();
        if (!Files.isDirectory(runDirectory)) {
            throw new IllegalArgumentException(runDirectory + ": " + (Files.exists(runDirectory) ? "not a directory"
                    : "no such directory") + "; give a run directory written by descent train --out DIR");
        }
        if (!Files.isRegularFile(runDirectory.resolve(Checkpoint.FILE_NAME))) {
            throw new IllegalArgumentException(runDirectory + ": not a run directory (it holds no "
                    + Checkpoint.FILE_NAME + "); give a directory written by descent train --out DIR");
        }
        Path file = out != null ? out : runDirectory.resolve(FILE_NAME);
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("--out " + file + ": is a directory; name the HTML file to write");
        }
        Runs.Loaded run = Runs.load(runDirectory);
        String name = runDirectory.toAbsolutePath().normalize().getFileName().toString();
        String html = Report.html(RunView.of(name, run.checkpoint(), common.messages()), common.messages());
        try {
            AtomicFiles.writeString(file, html);
        } catch (java.io.IOException e) {
            throw new java.io.IOException("cannot write " + file + ": " + Main.message(e), e);
        }
        PrintWriter o = spec.commandLine().getOut();
        if (common.json()) {
            o.println(dev.descent.io.Json.toJson(java.util.Map.of("report", file.toString())));
        } else {
            o.println(common.messages().get("web.runs.cli.report_written", file));
        }
        o.flush();
        return 0;
    }
}
