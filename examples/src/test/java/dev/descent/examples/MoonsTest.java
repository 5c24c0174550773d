package dev.descent.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.io.Checkpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's library program: it runs as printed there, and the README prints it as it is. */
class MoonsTest {
    private static final Path SOURCE = Path.of("src/main/java/dev/descent/examples/Moons.java");
    private static final Path README = Path.of("../README.md");

    @TempDir
    Path dir;

    @Test
    void trainsSavesAndLoadsBackWithTheSameAccuracy() throws Exception {
        Path run = dir.resolve("moons");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8)); // the program prints; the test is quiet
        try {
            Moons.main(new String[] {run.toString()});
        } finally {
            System.setOut(out);
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("test accuracy: ([0-9.]+)%\\R+reloaded: ([0-9.]+)%\\R+").matcher(text);
        assertTrue(m.matches(), text);
        assertTrue(Double.parseDouble(m.group(1)) > 95, text);
        assertEquals(m.group(1), m.group(2), text);
        Checkpoint saved = Checkpoint.load(run);
        assertEquals("moons", saved.info().get("data"));
        assertEquals("cross-entropy", saved.info().get("loss"));
    }

    @Test
    void theReadmeShowsTheProgramAsItIs() throws Exception {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        String source = Files.readString(SOURCE, StandardCharsets.UTF_8);
        int start = readme.indexOf("```java\n" + "package dev.descent.examples;");
        assertTrue(start >= 0, "README.md has no ```java block starting with the example's package line");
        int from = start + "```java\n".length();
        String block = readme.substring(from, readme.indexOf("```", from));
        assertEquals(source, block, "README.md's library program differs from " + SOURCE);
        assertTrue(source.lines().count() <= 25, "the program must stay within 25 lines");
    }
}
