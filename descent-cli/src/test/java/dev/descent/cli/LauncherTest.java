package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/descent as users run it. It runs in the integration-test phase, after the jar is packaged (see the pom); the
 * launcher gets a PATH without Maven, so when the jar is missing or older than the sources the launcher cannot build
 * it and the test is skipped instead of starting a build of its own.
 */
class LauncherTest {
    private static final String WARNING = "WARNING: Using incubator modules";

    @TempDir
    Path tmp;

    /** What one launcher run printed. */
    private record Run(int exitCode, String out, String err) {
    }

    private Run launch(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return launch(env, List.of(), args);
    }

    /** Runs the launcher with {@code tools} on its PATH besides the few it always needs. */
    private Run launch(Map<String, String> env, List<String> tools, String... args)
            throws IOException, InterruptedException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        List<String> all = new ArrayList<>(List.of("bash", "dirname", "readlink", "find", "cat", "sed"));
        all.addAll(tools);
        for (String tool : all) {
            Path link = bin.resolve(tool);
            if (!Files.exists(link)) {
                Path real = Files.exists(Path.of("/usr/bin", tool)) ? Path.of("/usr/bin", tool) : Path.of("/bin", tool);
                Files.createSymbolicLink(link, real);
            }
        }
        if (!Files.exists(bin.resolve("java"))) {
            Files.createSymbolicLink(bin.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
        }
        List<String> command = new ArrayList<>(List.of(
                ShellScriptsTest.repositoryRoot().resolve("bin/descent").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile());
        pb.environment().remove("JAVA_OPTS");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().put("PATH", bin.toString());
        pb.environment().putAll(env);
        pb.redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile());
        int code = pb.start().waitFor();
        String err = Files.readString(tmp.resolve("err.txt"), StandardCharsets.UTF_8);
        Assumptions.assumeFalse(err.contains("mvn not found"), "descent.jar is missing or older than the sources");
        return new Run(code, Files.readString(tmp.resolve("out.txt"), StandardCharsets.UTF_8), err);
    }

    @Test
    void trainHelpShowsNoIncubatorWarning() throws Exception {
        Run r = launch(Map.of(), "train", "--help");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("Usage: descent train"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void errorsStillReachStderrWithTheirExitCode() throws Exception {
        Run r = launch(Map.of(), "train", "--epocs", "3");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("descent: Unknown option"), r.err());
        assertFalse(r.err().contains(WARNING), r.err());
    }

    @Test
    void javaOptsReachTheJvm() throws Exception {
        Run r = launch(Map.of("JAVA_OPTS", "-Xmx64m"), "train", "--data", "moons", "--model", "2-100000-2",
                "--out", tmp.resolve("run").toString());
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().contains("MB Java may use") && r.err().contains("JAVA_OPTS=-Xmx"), r.err());
        assertFalse(r.err().contains(WARNING), r.err());
        assertFalse(Files.exists(tmp.resolve("run")));
    }

    @Test
    void theLauncherPicksTheSerialCollectorUnlessJavaOptsPicksOne() throws Exception {
        Run r = launch(Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags"), "--version");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("-XX:+UseSerialGC"), r.out());

        Run own = launch(Map.of("JAVA_OPTS", "-XX:+UseParallelGC -XX:+PrintCommandLineFlags"), "--version");
        assertEquals(0, own.exitCode(), own.err());
        assertTrue(own.out().contains("-XX:+UseParallelGC") && !own.out().contains("UseSerialGC"), own.out());
    }

    /** An MNIST-format directory: {@code count} 2x2 images of pixels 10*i+k and labels i % 10, train and test. */
    private Path mnist(int count) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("mnist"));
        for (String prefix : List.of("train", "t10k")) {
            java.nio.ByteBuffer images = java.nio.ByteBuffer.allocate(16 + 4 * count).putInt(0x803).putInt(count)
                    .putInt(2).putInt(2);
            java.nio.ByteBuffer labels = java.nio.ByteBuffer.allocate(8 + count).putInt(0x801).putInt(count);
            for (int i = 0; i < count; i++) {
                for (int k = 0; k < 4; k++) {
                    images.put((byte) (10 * i + k));
                }
                labels.put((byte) (i % 10));
            }
            Files.write(dir.resolve(prefix + "-images-idx3-ubyte"), images.array());
            Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), labels.array());
        }
        return dir;
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void imageFilesAreCachedUnderXdgCacheHomeUnlessDescentCacheIsZero() throws Exception {
        Path data = mnist(20);
        String[] train = {"train", "--data", "mnist=" + data, "--model", "4-3-10", "--epochs", "1", "--progress",
            "never", "--out", tmp.resolve("run").toString(), "--overwrite"};
        Path cache = tmp.resolve("cache");
        Run first = launch(Map.of("XDG_CACHE_HOME", cache.toString()), train);
        assertEquals(0, first.exitCode(), first.err());
        List<Path> entries = list(cache.resolve("descent/idx"));
        assertEquals(2, entries.size(), entries.toString()); // the training and the test images
        Run second = launch(Map.of("XDG_CACHE_HOME", cache.toString()), train);
        assertEquals(0, second.exitCode(), second.err());
        assertEquals(entries, list(cache.resolve("descent/idx")));
        String accuracy = "test accuracy";
        assertEquals(first.out().lines().filter(l -> l.startsWith(accuracy)).toList(),
                second.out().lines().filter(l -> l.startsWith(accuracy)).toList());

        Path off = tmp.resolve("off");
        Run none = launch(Map.of("XDG_CACHE_HOME", off.toString(), "DESCENT_CACHE", "0"), train);
        assertEquals(0, none.exitCode(), none.err());
        assertFalse(Files.exists(off), "DESCENT_CACHE=0 writes no cache");
    }

    /** Where the launcher keeps the class-data archive for the JDK running this test. */
    private static Path archive() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toRealPath().toString();
        return ShellScriptsTest.repositoryRoot().resolve("descent-cli/target/cds/descent" + java.replace('/', '_')
                + ".jsa");
    }

    @Test
    void theClassDataArchiveIsMadeOnFirstUseAndMappedAfter() throws Exception {
        Path archive = archive();
        Files.deleteIfExists(archive);
        List<String> tools = List.of("mkdir", "mv", "rm");
        Run first = launch(Map.of(), tools, "--version");
        assertEquals(0, first.exitCode(), first.err());
        assertEquals("", first.err());
        assertTrue(first.out().startsWith("descent "), first.out());
        assertTrue(Files.size(archive) > 0, archive.toString());

        Run second = launch(Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags"), tools, "--version");
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(second.out().contains("-XX:SharedArchiveFile=" + archive), second.out());
        try (var files = Files.list(archive.getParent())) {
            assertEquals(List.of(archive), files.toList(), "no temporary archive or run directory is left behind");
        }
    }

    @Test
    void anArchiveJavaCannotUseIsIgnoredQuietly() throws Exception {
        Path archive = archive();
        Files.createDirectories(archive.getParent());
        Path saved = archive.resolveSibling("saved.tmp");
        boolean had = Files.exists(archive);
        if (had) {
            Files.move(archive, saved, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            // not an archive at all, as one from another JDK build looks to Java: newer than the jar, so it is used
            Files.writeString(archive, "not a class-data archive");
            Run r = launch(Map.of(), "--version");
            assertEquals(0, r.exitCode(), r.err());
            assertEquals("", r.err());
            assertTrue(r.out().startsWith("descent ") && !r.out().contains("cds"), r.out());
        } finally {
            Files.deleteIfExists(archive);
            if (had) {
                Files.move(saved, archive);
            }
        }
    }
}
