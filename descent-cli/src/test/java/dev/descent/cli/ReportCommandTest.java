package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    @TempDir
    Path tmp;

    private Path moons() {
        Path run = tmp.resolve("moons");
        CommandRun r = CommandRun.of("train", "--data", "moons", "--limit", "200", "--model", "2-8-2", "--loss",
                "cross-entropy", "--optimizer", "adam", "--lr", "0.05", "--epochs", "3", "--threads", "1", "--out",
                run.toString());
        assertEquals(0, r.exitCode(), r.err());
        return run;
    }

    @Test
    void writesOneSelfContainedFileIntoTheRunOrWhereAsked() throws Exception {
        Path run = moons();
        CommandRun r = CommandRun.of("report", run.toString());
        assertEquals(0, r.exitCode(), r.err());
        Path file = run.resolve("report.html");
        assertTrue(r.out().contains("report written: " + file), r.out());
        String html = Files.readString(file);
        assertTrue(html.startsWith("<!doctype html>"));
        assertTrue(html.contains("\"name\":\"moons\""), "the run's numbers are inlined");
        assertFalse(html.contains(" src=\"") || html.contains("<link"), "nothing is loaded from elsewhere");
        try (Stream<Path> files = Files.list(run)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "a temporary file stayed");
        }
        Path elsewhere = tmp.resolve("moons-zh.html");
        r = CommandRun.of("report", run.toString(), "--out", elsewhere.toString(), "--lang", "zh");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.readString(elsewhere).contains("<html lang=\"zh-CN\">"));
    }

    @Test
    void aDirectoryThatIsNotARunIsOneClearLine() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        CommandRun r = CommandRun.of("report", empty.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains(empty + ": not a run directory (it holds no model.safetensors)"), r.err());
        r = CommandRun.of("report", tmp.resolve("missing").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("missing: no such directory"), r.err());
        Path run = moons();
        r = CommandRun.of("report", run.toString(), "--out", tmp.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("--out " + tmp + ": is a directory"), r.err());
    }
}
