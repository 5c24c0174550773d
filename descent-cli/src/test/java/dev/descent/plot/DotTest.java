package dev.descent.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DotTest {

    private static final String GRAPH = "digraph g { x -> \"x^2\" -> loss; w -> loss; }";

    @TempDir
    Path dir;

    private static boolean posix() {
        return File.separatorChar == '/';
    }

    /** A fake dot: a shell script with the given body, in its own directory. */
    private Path script(String body) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path dot = bin.resolve("dot");
        Files.writeString(dot, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(dot, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dot;
    }

    @Test
    void findsDotOnlyWhereThePathSays() throws IOException {
        assertEquals(Optional.empty(), Dot.find(""));
        assertEquals(Optional.empty(), Dot.find(null));
        assertEquals(Optional.empty(), Dot.find(dir.toString()));
        assumeTrue(posix());
        Path dot = script("exit 0");
        assertEquals(Optional.of(dot), Dot.find("/nonexistent" + File.pathSeparator + dot.getParent()));
    }

    @Test
    void rendersSvgAndPngWhenGraphvizIsInstalled() throws Exception {
        assumeTrue(Dot.isAvailable(), "Graphviz not installed");
        Dot.render(GRAPH, dir.resolve("g.svg"));
        Dot.render(GRAPH, dir.resolve("out/g.png"));
        assertTrue(Files.readString(dir.resolve("g.svg")).contains("<svg"));
        assertTrue(Files.size(dir.resolve("out/g.png")) > 100);
        byte[] png = Files.readAllBytes(dir.resolve("out/g.png"));
        assertEquals('P', png[1]);
    }

    @Test
    void reportsDotsOwnErrorMessage() throws Exception {
        assumeTrue(posix());
        Path dot = script("echo 'syntax error in line 1' >&2; exit 1");
        IOException e = assertThrows(IOException.class,
                () -> Dot.run(dot, "digraph {", dir.resolve("x.svg"), "svg", Duration.ofSeconds(20)));
        assertTrue(e.getMessage().contains("syntax error in line 1"), e.getMessage());
    }

    @Test
    void stopsADotThatHangs() throws Exception {
        assumeTrue(posix());
        Path dot = script("exec sleep 60");
        IOException e = assertThrows(IOException.class,
                () -> Dot.run(dot, GRAPH, dir.resolve("x.svg"), "svg", Duration.ofMillis(300)));
        assertTrue(e.getMessage().contains("did not finish"), e.getMessage());
    }

    @Test
    void dotRunsUnderAnAddressSpaceLimitWherePrlimitExists() throws Exception {
        Path in = dir.resolve("in.dot");
        Path out = dir.resolve("g.svg");
        assertEquals(java.util.List.of("/usr/bin/prlimit", "--as=" + Dot.MEMORY_LIMIT_BYTES, "--", "/opt/dot",
                "-Tsvg", "-o", out.toAbsolutePath().toString(), in.toString()),
                Dot.command(Path.of("/opt/dot"), "svg", out, in, Optional.of(Path.of("/usr/bin/prlimit"))));
        assertEquals(java.util.List.of("/opt/dot", "-Tsvg", "-o", out.toAbsolutePath().toString(), in.toString()),
                Dot.command(Path.of("/opt/dot"), "svg", out, in, Optional.empty()));
        // a fake dot that writes the address-space limit it was given (ulimit -v, in KiB) where its output goes
        assumeTrue(posix() && Dot.prlimit().isPresent(), "prlimit not installed");
        Path dot = script("ulimit -v > \"$3\"");
        Dot.run(dot, GRAPH, out, "svg", Duration.ofSeconds(20));
        assertEquals(String.valueOf(Dot.MEMORY_LIMIT_BYTES / 1024), Files.readString(out).strip());
        if (Dot.isAvailable()) {
            Dot.render(GRAPH, dir.resolve("real.svg")); // the real dot still renders under the limit
            assertTrue(Files.readString(dir.resolve("real.svg")).contains("<svg"));
        }
    }

    @Test
    void aFullDiskLeavesNoPartialImageAndDotsMessagesAreOneLine() throws Exception {
        assumeTrue(posix());
        Path out = dir.resolve("g.svg");
        Path dot = script("echo '<svg>a graph</svg>' > \"$3\"");
        try (DiskFull full = DiskFull.after(5)) {
            IOException e = assertThrows(IOException.class,
                    () -> Dot.run(dot, GRAPH, out, "svg", Duration.ofSeconds(20)));
            assertEquals("cannot write " + out + ": No space left on device", e.getMessage());
        }
        assertTrue(!Files.exists(out), "no partial image");
        Dot.run(dot, GRAPH, out, "svg", Duration.ofSeconds(20));
        assertEquals("<svg>a graph</svg>", Files.readString(out).strip());
        Path failing = script("echo 'Error: out of memory' >&2; echo '  in layout' >&2; exit 1");
        IOException e = assertThrows(IOException.class,
                () -> Dot.run(failing, GRAPH, out, "svg", Duration.ofSeconds(20)));
        assertEquals("dot failed (exit 1) rendering " + out + ": Error: out of memory; in layout", e.getMessage());
    }

    @Test
    void rejectsBadArgumentsBeforeLookingForDot() {
        assertThrows(IllegalArgumentException.class, () -> Dot.render("", dir.resolve("g.svg")));
        assertThrows(IllegalArgumentException.class, () -> Dot.render(GRAPH, dir.resolve("g.pdf")));
        // argument validation, not timing: a time limit of zero is refused before anything runs
        assertThrows(IllegalArgumentException.class, () -> Dot.render(GRAPH, dir.resolve("g.svg"), Duration.ZERO));
    }
}
