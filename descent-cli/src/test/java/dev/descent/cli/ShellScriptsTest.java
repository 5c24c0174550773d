package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The repository's shell scripts (CI, launcher, benchmarks) read as text: habits that make them fail by chance. */
class ShellScriptsTest {
    /** A pipe into head: head exits after its lines, and the writer's SIGPIPE fails the pipeline under pipefail. */
    private static final Pattern PIPE_INTO_HEAD = Pattern.compile("\\|\\s*head\\b");

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve(".ci"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new AssertionError("no .ci directory above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    @Test
    void noScriptUnderPipefailPipesIntoHead() throws IOException {
        Path root = repositoryRoot();
        List<Path> scripts = new ArrayList<>();
        for (String dir : List.of(".ci", "bin", "bench", "scripts")) {
            if (Files.isDirectory(root.resolve(dir))) {
                try (Stream<Path> files = Files.walk(root.resolve(dir))) {
                    files.filter(Files::isRegularFile).filter(ShellScriptsTest::isShellScript).forEach(scripts::add);
                }
            }
        }
        assertTrue(scripts.contains(root.resolve(".ci/run")), scripts.toString());
        List<String> offending = new ArrayList<>();
        for (Path script : scripts) {
            List<String> lines = Files.readAllLines(script);
            if (lines.stream().noneMatch(l -> l.contains("pipefail"))) {
                continue;
            }
            for (int i = 0; i < lines.size(); i++) {
                String code = lines.get(i).strip();
                if (!code.startsWith("#") && PIPE_INTO_HEAD.matcher(code).find()) {
                    offending.add(root.relativize(script) + ":" + (i + 1) + ": " + code);
                }
            }
        }
        assertEquals(List.of(), offending, "pipes into head under set -o pipefail (use sed -n 1p)");
    }

    @Test
    void fuzzingJvmsWriteTheirStderrToAFileNotTheConsole() throws Exception {
        Path root = repositoryRoot();
        String pom = Files.readString(root.resolve("descent-core/pom.xml"));
        assertTrue(pom.contains("<jvm>${project.basedir}/src/test/fuzz-jvm/bin/java</jvm>"), "the fuzz execution's jvm");
        Path wrapper = root.resolve("descent-core/src/test/fuzz-jvm/bin/java");
        assertTrue(Files.isExecutable(wrapper), wrapper + " must be executable");
        Path tmp = Files.createTempDirectory("fuzz-jvm");
        try {
            Path log = tmp.resolve("logs/fuzz-stderr.log");
            ProcessBuilder pb = new ProcessBuilder(wrapper.toString(), "-c", "echo result; echo progress >&2");
            pb.environment().put("DESCENT_JAVA", "/bin/sh");
            pb.environment().put("DESCENT_FORK_LOG", log.toString());
            pb.redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile());
            assertEquals(0, pb.start().waitFor());
            assertEquals("result\n", Files.readString(tmp.resolve("out")), "the test protocol's stdout is untouched");
            assertEquals("", Files.readString(tmp.resolve("err")), "nothing reaches the console");
            assertEquals("progress\n", Files.readString(log));
        } finally {
            try (Stream<Path> files = Files.walk(tmp)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static boolean isShellScript(Path file) {
        if (file.toString().endsWith(".sh")) {
            return true;
        }
        try {
            List<String> lines = Files.readAllLines(file);
            return !lines.isEmpty() && lines.get(0).startsWith("#!") && lines.get(0).contains("sh");
        } catch (IOException | java.io.UncheckedIOException e) {
            return false; // binary files
        }
    }
}
