package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.io.Checkpoint;
import dev.descent.io.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 19: small files and single flags that once hung, exhausted memory or answered wrongly, run as a user would. */
class HostileInputTest {
    @TempDir
    Path tmp;
    @TempDir
    static Path shared;
    /** A small run on 28×28 digits, for predict. */
    static Path digits;
    /** A small run on moons (2 features, 2 classes), for predict's CSV input. */
    static Path moons;

    @BeforeAll
    static void trainDigits() {
        digits = shared.resolve("digits");
        CommandRun r = CommandRun.of("train", "--data", "digits", "--limit", "200", "--model", "784-4-10",
                "--epochs", "1", "--threads", "1", "--out", digits.toString());
        assertEquals(0, r.exitCode(), r.err());
        moons = shared.resolve("moons");
        CommandRun m = CommandRun.of("train", "--data", "moons", "--limit", "100", "--model", "2-4-2", "--epochs",
                "1", "--threads", "1", "--out", moons.toString());
        assertEquals(0, m.exitCode(), m.err());
    }

    /** A PNG holding only an IHDR chunk (and an empty IDAT) that declares {@code width × height} 16-bit RGBA. */
    static byte[] pngHeader(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(8 + 25 + 12 + 12);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(b, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 16).put((byte) 6)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(b, "IDAT", new byte[0]);
        chunk(b, "IEND", new byte[0]);
        return b.array();
    }

    private static void chunk(ByteBuffer b, String type, byte[] data) {
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(t);
        crc.update(data);
        b.putInt(data.length).put(t).put(data).putInt((int) crc.getValue());
    }

    @Test
    void aPgmHeaderDeclaringTenGigapixelsIsRefusedBeforeAllocating() throws IOException {
        Path pgm = Files.writeString(tmp.resolve("huge.pgm"), "P5 100000 100000 255\n");
        CommandRun r = CommandRun.of("predict", digits.toString(), pgm.toString());
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("huge.pgm") && r.err().contains("100000x100000"), r.err());
    }

    @Test
    void aPgmHeaderLargerThanItsFileIsRefusedBeforeAllocating() throws IOException {
        Path pgm = Files.writeString(tmp.resolve("short.pgm"), "P5 5000 5000 255\n\0\0\0");
        CommandRun r = CommandRun.of("predict", digits.toString(), pgm.toString());
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("short.pgm") && r.err().contains("cannot hold"), r.err());
    }

    @Test
    void pngHeadersDeclaringHugeSizesAreRefusedBeforeDecoding() throws IOException {
        for (int[] size : new int[][] {{20000, 20000}, {1, 400_000_000}}) {
            Path png = Files.write(tmp.resolve("huge-" + size[1] + ".png"), pngHeader(size[0], size[1]));
            CommandRun r = CommandRun.of("predict", digits.toString(), png.toString());
            assertEquals(1, r.exitCode(), r.err());
            assertTrue(r.oneLineError(), r.err());
            assertTrue(r.err().contains(png.getFileName().toString())
                    && r.err().contains(size[0] + "x" + size[1]), r.err());
        }
    }

    /** An IDX file of unsigned bytes with the given dimensions and zero values. */
    static void idx(Path file, int... dims) throws IOException {
        long count = 1;
        for (int d : dims) {
            count *= d;
        }
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + (int) count);
        b.putInt(0x0800 | dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        Files.write(file, b.array());
    }

    @Test
    void anIdxSetWithNoImagesFailsWithoutLeavingTheCtrlCHookBehind() throws IOException {
        Path data = Files.createDirectory(tmp.resolve("empty-mnist"));
        idx(data.resolve("train-images-idx3-ubyte"), 0, 28, 28);
        idx(data.resolve("train-labels-idx1-ubyte"), 0);
        idx(data.resolve("t10k-images-idx3-ubyte"), 0, 28, 28);
        idx(data.resolve("t10k-labels-idx1-ubyte"), 0);
        int before = Interrupt.installed();
        // gradient descent takes the whole (empty) set as its batch: a batch of 0 used to fail after the hook was set
        CommandRun r = CommandRun.of("train", "--data", "mnist=" + data, "--optimizer", "gd", "--epochs", "1",
                "--threads", "1", "--out", tmp.resolve("run").toString());
        assertTrue(r.exitCode() != 0, r.out());
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("training set is empty"), r.err());
        // a hook left installed makes the JVM wait 30 s for it at exit
        assertEquals(before, Interrupt.installed(), r.err());
    }

    @Test
    void aCheckpointWhoseSettingsSayBatchZeroFailsWithoutLeavingTheCtrlCHookBehind() throws IOException {
        Path run = tmp.resolve("run");
        CommandRun first = CommandRun.of("train", "--data", "moons", "--limit", "100", "--model", "2-4-2",
                "--epochs", "1", "--threads", "1", "--out", run.toString());
        assertEquals(0, first.exitCode(), first.err());
        Checkpoint c = Checkpoint.load(run);
        Map<String, String> info = new HashMap<>(c.info());
        info.put("batch", "0");
        new Checkpoint(c.model(), c.architecture(), c.optimizerState(), c.history(), info, c.scheduleState())
                .save(run);
        int before = Interrupt.installed();
        CommandRun r = CommandRun.of("train", "--resume", run.toString(), "--epochs", "2", "--threads", "1");
        assertTrue(r.exitCode() != 0, r.out());
        assertTrue(r.oneLineError(), r.err());
        assertEquals(before, Interrupt.installed(), r.err());
    }

    @Test
    void aCsvWithOneHugeIntegerLabelIsRefusedBeforeItsConfusionMatrix() throws IOException {
        // one label 65535 among 200 rows made 65536 classes: a 65536² matrix at the end of training, and in eval
        StringBuilder csv = new StringBuilder("x,y,label\n");
        for (int i = 0; i < 200; i++) {
            csv.append(i % 7).append(',').append(i % 3).append(',').append(i == 0 ? 65_535 : i % 2).append('\n');
        }
        Path file = Files.writeString(tmp.resolve("labels.csv"), csv);
        CommandRun r = CommandRun.of("train", "--data", "csv=" + file, "--epochs", "1", "--threads", "1",
                "--out", tmp.resolve("run").toString());
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("65536 classes") && r.err().contains("at most 1000"), r.err());
    }

    @Test
    void aHundredThousandThreadsAreCappedWithOneLineSayingSo() {
        int max = dev.descent.tensor.kernel.Parallelism.maxThreads();
        CommandRun r = CommandRun.of("train", "--data", "moons", "--limit", "50", "--model", "2-4-2", "--epochs", "1",
                "--threads", "100000", "--out", tmp.resolve("run").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("descent: --threads 100000 is more than 4 per processor ("
                + Runtime.getRuntime().availableProcessors() + "); using " + max, r.err().strip());
        assertTrue(r.out().contains(max + " threads"), r.out());
    }

    @Test
    void graphSvgOfAThousandTermProductIsRefusedBeforeGraphviz() {
        // Graphviz grew past 5 GB laying this out; --dot still writes it
        String product = String.join("*", java.util.Collections.nCopies(1000, "x"));
        Path svg = tmp.resolve("big.svg");
        CommandRun r = CommandRun.of("graph", product, "--at", "x=1", "--svg", svg.toString());
        assertEquals(1, r.exitCode(), r.out() + r.err());
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("big.svg") && r.err().contains("more than the 500"), r.err());
        assertTrue(!Files.exists(svg) && !Files.exists(tmp.resolve("big.dot")), "nothing written");
        Path dot = tmp.resolve("big.dot");
        assertEquals(0, CommandRun.of("graph", product, "--at", "x=1", "--dot", dot.toString()).exitCode());
        assertTrue(Files.isRegularFile(dot));
    }

    @Test
    void aLimitLargerThanMemoryOnAGeneratedSetIsRefusedBeforeGenerating() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.getRuntime().maxMemory() < 7_000L << 20,
                "needs a heap below 7 GB");
        // 1100000000 once overflowed int to "-2094967296"; 300000000 took gigabytes before failing
        for (String limit : new String[] {"300000000", "1100000000", "2147483647"}) {
            CommandRun r = CommandRun.of("train", "--data", "moons", "--limit", limit, "--epochs", "1", "--threads",
                    "1", "--out", tmp.resolve("run").toString());
            assertEquals(1, r.exitCode(), r.err());
            assertTrue(r.oneLineError(), r.err());
            assertTrue(r.err().contains("moons: " + limit + " training") && r.err().contains("MB Java may use"),
                    r.err());
        }
    }

    @Test
    void nanWeightsInACheckpointAreReportedNamingTheTensor() throws IOException {
        Path run = tmp.resolve("run");
        assertEquals(0, CommandRun.of("train", "--data", "moons", "--limit", "100", "--model", "2-4-2", "--epochs",
                "1", "--threads", "1", "--out", run.toString()).exitCode());
        Checkpoint c = Checkpoint.load(run);
        c.model().parameters().get(2).value().setFlat(1, Double.NaN);
        c.save(run);
        String tensor = "model." + c.model().parameters().get(2).name();
        // eval printed 50% accuracy with exit 0; train --resume blamed the learning rate and saved the NaN back
        for (String[] args : new String[][] {{"eval", run.toString()},
            {"train", "--resume", run.toString(), "--epochs", "2", "--threads", "1"}}) {
            CommandRun r = CommandRun.of(args);
            assertEquals(1, r.exitCode(), args[0] + ": " + r.out() + r.err());
            assertTrue(r.oneLineError(), r.err());
            assertTrue(r.err().contains(tensor) && r.err().contains("NaN"), r.err());
        }
    }

    @Test
    void predictReadsCsvWithTrainsRules() throws IOException {
        // a byte-order mark once made the first row a header (dropped); a quoted first row of numbers is data
        for (String text : new String[] {"\uFEFF0.5,0.2\n1,0\n", "\"0.5\",\"0.2\"\n1,0\n"}) {
            Path csv = Files.writeString(tmp.resolve("rows.csv"), text);
            CommandRun r = CommandRun.of("predict", moons.toString(), csv.toString(), "--json");
            assertEquals(0, r.exitCode(), r.err());
            assertEquals(2, ((List<?>) Json.parse(r.out()).get("predictions")).size(), text + r.out());
        }
        // what training rejects, predict rejects alike, naming the line and column (once "class 0 (-)" and NaN%)
        for (String bad : new String[] {"NaN", "Infinity", "0x1p3", "1f"}) {
            Path csv = Files.writeString(tmp.resolve("bad.csv"), "x,y\n0.5," + bad + "\n");
            CommandRun r = CommandRun.of("predict", moons.toString(), csv.toString());
            assertEquals(1, r.exitCode(), bad + ": " + r.out());
            assertTrue(r.oneLineError(), r.err());
            assertTrue(r.err().contains("bad.csv line 2: column 'y' is not a number: '" + bad + "'"), r.err());
        }
    }

    @Test
    void predictWithATrueClassOutsideTheModelsClassesSaysSo() throws IOException {
        Path csv = Files.writeString(tmp.resolve("label.csv"), "0.5,0.2,99\n");
        CommandRun r = CommandRun.of("predict", moons.toString(), csv.toString());
        assertEquals(1, r.exitCode(), r.out());
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("label.csv line 1: true class 99.0 is not one of the model's 2 classes"), r.err());
    }

    @Test
    void aModelSettingThatDisagreesWithTheTensorsIsRefused() throws IOException {
        Path run = tmp.resolve("tampered");
        assertEquals(0, CommandRun.of("train", "--data", "moons", "--limit", "100", "--model", "2-4-2", "--epochs",
                "1", "--threads", "1", "--out", run.toString()).exitCode());
        Checkpoint c = Checkpoint.load(run);
        Map<String, String> info = new HashMap<>(c.info());
        info.put("model", "2-4-3");
        new Checkpoint(c.model(), c.architecture(), c.optimizerState(), c.history(), info, c.scheduleState())
                .save(run);
        Path csv = Files.writeString(tmp.resolve("p.csv"), "0.5,0.2\n");
        CommandRun r = CommandRun.of("predict", run.toString(), csv.toString());
        assertEquals(1, r.exitCode(), r.out());
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("'model' setting says 2-4-3 but its tensors are 2-4-2"), r.err());
    }

    @Test
    void evalPrintsItsMetricsBeforeReportingAPlotItCouldNotWrite() {
        Path plot = tmp.resolve("confusion.webp"); // an extension no chart is written as
        CommandRun r = CommandRun.of("eval", moons.toString(), "--plot", plot.toString());
        assertEquals(1, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("accuracy: "), r.out());
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("could not write the confusion matrix plot " + plot), r.err());
    }

    @Test
    void aNonUtf8CsvSaysSoInPredict() throws IOException {
        Path csv = Files.write(tmp.resolve("latin1.csv"), "x,y\n0.5,0.2\n\u00e9,1\n".getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1));
        CommandRun r = CommandRun.of("predict", moons.toString(), csv.toString());
        assertEquals(1, r.exitCode(), r.out());
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("latin1.csv: not UTF-8 text"), r.err());
    }

    /** Replaces the checkpoint's info value {@code key} with {@code value}. */
    private static void tamper(Path run, String key, String value) throws IOException {
        Checkpoint c = Checkpoint.load(run);
        Map<String, String> info = new HashMap<>(c.info());
        info.put(key, value);
        new Checkpoint(c.model(), c.architecture(), c.optimizerState(), c.history(), info, c.scheduleState())
                .save(run);
    }

    @Test
    void dataPathsInACheckpointAreTheRunsAndDevicesAreRefused() throws IOException {
        Path run = tmp.resolve("csv-run");
        StringBuilder rows = new StringBuilder("x,y,label\n");
        for (int i = 0; i < 40; i++) {
            rows.append(i % 5).append(',').append(i % 3).append(',').append(i % 2).append('\n');
        }
        Path csv = Files.writeString(tmp.resolve("points.csv"), rows);
        assertEquals(0, CommandRun.of("train", "--data", "csv=" + csv, "--model", "2-4-2", "--epochs", "1",
                "--threads", "1", "--out", run.toString()).exitCode());
        // a relative path is read from the run directory, not from wherever eval runs
        Files.copy(csv, run.resolve("beside.csv"));
        tamper(run, "data", "csv=beside.csv");
        CommandRun relative = CommandRun.of("eval", run.toString(), "--threads", "1");
        assertEquals(0, relative.exitCode(), relative.err());
        // a device is no data set: /dev/zero was read forever
        tamper(run, "data", "csv=/dev/zero");
        CommandRun device = CommandRun.of("eval", run.toString(), "--threads", "1");
        assertEquals(1, device.exitCode(), device.out());
        assertTrue(device.oneLineError(), device.err());
        assertTrue(device.err().contains("/dev/zero: not a regular file"), device.err());
        CommandRun flag = CommandRun.of("train", "--data", "csv=/dev/zero", "--epochs", "1", "--out",
                tmp.resolve("zero").toString());
        assertEquals(1, flag.exitCode(), flag.out());
        assertTrue(flag.err().contains("/dev/zero: not a regular file"), flag.err());
    }

    @Test
    void aCheckpointLimitLargerThanMemoryIsRefused() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.getRuntime().maxMemory() < 7_000L << 20,
                "needs a heap below 7 GB");
        Path run = tmp.resolve("limit-run");
        assertEquals(0, CommandRun.of("train", "--data", "moons", "--limit", "100", "--model", "2-4-2", "--epochs",
                "1", "--threads", "1", "--out", run.toString()).exitCode());
        tamper(run, "limit", "2000000000");
        CommandRun r = CommandRun.of("eval", run.toString(), "--threads", "1");
        assertEquals(1, r.exitCode(), r.out());
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("MB Java may use"), r.err());
    }

    /** The files in {@code dir}, hidden temporary ones included. */
    private static List<String> names(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /** Runs the command with System.err captured too, where a library's own thread would print a stack trace. */
    private static CommandRun runCapturingSystemErr(StringBuilder systemErr, String... args) {
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            return CommandRun.of(args);
        } finally {
            System.setErr(saved);
            systemErr.append(captured.toString(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void graphDotOnAFullDiskLeavesTheOldFileOrNoneAndNamesIt() throws IOException {
        Path dot = tmp.resolve("g.dot");
        try (var full = dev.descent.plot.DiskFull.after(10)) {
            CommandRun r = CommandRun.of("graph", "(2*w+3*b)*(2*b+1)", "--at", "w=3,b=4", "--dot", dot.toString());
            assertEquals(1, r.exitCode(), r.out() + r.err());
            assertTrue(r.oneLineError(), r.err());
            assertEquals("descent: cannot write " + dot + ": No space left on device", r.err().strip());
            assertEquals(List.of(), names(tmp), "no empty, partial or temporary file");
            Files.writeString(dot, "digraph old {}\n");
            assertEquals(1, CommandRun.of("graph", "w*b", "--at", "w=3,b=4", "--dot", dot.toString()).exitCode());
            assertEquals("digraph old {}\n", Files.readString(dot), "the previous file is left whole");
            assertEquals(List.of("g.dot"), names(tmp));
        }
        Path notADirectory = Files.writeString(tmp.resolve("file"), "x");
        Path impossible = notADirectory.resolve("g.dot");
        CommandRun r = CommandRun.of("graph", "w*b", "--at", "w=3,b=4", "--dot", impossible.toString());
        assertEquals(1, r.exitCode(), r.out() + r.err());
        assertTrue(r.oneLineError(), r.err());
        assertEquals("descent: cannot write " + impossible + ": " + notADirectory.toAbsolutePath()
                + " is not a directory", r.err().strip());
    }

    @Test
    void trainPrintsItsResultsBeforeReportingALossPlotItCouldNotWrite() throws IOException {
        Path run = tmp.resolve("run");
        StringBuilder systemErr = new StringBuilder();
        CommandRun r;
        try (var full = dev.descent.plot.DiskFull.after(100)) {
            r = runCapturingSystemErr(systemErr, "train", "--data", "moons", "--limit", "100", "--model", "2-4-2",
                    "--epochs", "1", "--threads", "1", "--out", run.toString());
        }
        assertEquals(1, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("test accuracy: "), r.out());
        assertTrue(!r.out().contains("loss.png"), "loss.png is not listed as written: " + r.out());
        assertEquals("descent: cannot write " + run.resolve("loss.png") + ": No space left on device",
                r.err().strip());
        assertEquals("", systemErr.toString(), "nothing printed by another thread");
        assertTrue(Files.isRegularFile(run.resolve("history.csv")));
        assertTrue(names(run).stream().noneMatch(n -> n.contains("loss.png")), names(run).toString());
    }

    @Test
    void evalAndMinimizeNameThePlotTheyCouldNotWriteInOneLine() throws IOException {
        Path png = tmp.resolve("confusion.png");
        StringBuilder systemErr = new StringBuilder();
        CommandRun r;
        try (var full = dev.descent.plot.DiskFull.after(100)) {
            r = runCapturingSystemErr(systemErr, "eval", moons.toString(), "--plot", png.toString());
        }
        assertEquals(1, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("accuracy: "), r.out());
        assertTrue(r.oneLineError(), r.err());
        assertEquals("descent: could not write the confusion matrix plot " + png + ": No space left on device",
                r.err().strip());
        assertEquals("", systemErr.toString(), "nothing printed by another thread");
        assertEquals(List.of(), names(tmp), "no empty, partial or temporary file");

        Path notADirectory = Files.writeString(tmp.resolve("file"), "x");
        Path svg = notADirectory.resolve("steps.svg");
        CommandRun m = CommandRun.of("minimize", "x^2", "--start", "x=1", "--lr", "0.3", "--steps", "3", "--plot",
                svg.toString());
        assertEquals(1, m.exitCode(), m.out() + m.err());
        assertTrue(m.out().contains("ended at") && !m.out().contains("steps.svg"), "the steps first: " + m.out());
        assertTrue(m.oneLineError(), m.err());
        assertEquals("descent: cannot write " + svg + ": " + notADirectory.toAbsolutePath() + " is not a directory",
                m.err().strip());
    }

    @Test
    void landscapePrintsItsTableBeforeReportingFiguresItCouldNotWrite() throws IOException {
        Path dir = tmp.resolve("figures");
        StringBuilder systemErr = new StringBuilder();
        CommandRun r;
        try (var full = dev.descent.plot.DiskFull.after(100)) {
            r = runCapturingSystemErr(systemErr, "landscape", "--optimizers", "sgd,adam", "--steps", "20", "--out",
                    dir.toString());
        }
        assertEquals(1, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("adam") && !r.out().contains(".png"), "the table first, no figure: " + r.out());
        assertEquals("descent: cannot write " + dir.resolve("landscape-contour.png") + ": No space left on device",
                r.err().strip());
        assertEquals("", systemErr.toString(), "nothing printed by another thread");
        assertEquals(List.of(), names(dir), "no empty, partial or temporary file");
    }

    @Test
    void lrFindPrintsItsSuggestionBeforeReportingAPlotItCouldNotWrite() throws IOException {
        Path plot = tmp.resolve("lr.png");
        CommandRun r;
        try (var full = dev.descent.plot.DiskFull.after(100)) {
            r = CommandRun.of("lr-find", "--data", "moons", "--limit", "200", "--steps", "40", "--plot",
                    plot.toString());
        }
        assertEquals(1, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("lowest") && r.out().contains("wrote: " + tmp.resolve("lr.csv"))
                && !r.out().contains("lr.png"), "the results first, the CSV only: " + r.out());
        assertEquals("descent: cannot write " + plot + ": No space left on device", r.err().strip());
        assertEquals(List.of("lr.csv"), names(tmp), "no empty, partial or temporary plot");
    }

    @Test
    void aLessonNamesTheFigureItCouldNotWriteInOneLine() throws IOException {
        Path dir = tmp.resolve("lesson");
        StringBuilder systemErr = new StringBuilder();
        CommandRun r;
        try (var full = dev.descent.plot.DiskFull.after(100)) {
            r = runCapturingSystemErr(systemErr, "lesson", "parabola", "--out", dir.toString());
        }
        assertEquals(1, r.exitCode(), r.out() + r.err());
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().matches("descent: cannot write " + java.util.regex.Pattern.quote(dir.toString())
                + "/\\S+\\.(png|svg): No space left on device\\R?"), r.err());
        assertEquals("", systemErr.toString(), "nothing printed by another thread");
        assertTrue(names(dir).stream().noneMatch(n -> n.endsWith(".png") || n.endsWith(".tmp")), names(dir).toString());
    }
}
