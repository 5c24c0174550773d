package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.cli.lesson.Lesson;
import dev.descent.cli.lesson.Lessons;
import dev.descent.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end runs of {@code descent lesson}. */
class LessonCommandTest {
    @TempDir
    Path dir;

    @Test
    void listsEveryLesson() {
        CommandRun run = CommandRun.of("lesson");
        assertEquals(0, run.exitCode(), run.err());
        for (Lesson l : Lessons.all()) {
            assertTrue(run.out().contains(l.name()), l.name());
        }
        assertTrue(CommandRun.of("lesson", "--lang", "zh").out().contains("课程"));
    }

    @Test
    void everyLessonButMnistRunsAndWritesItsFigures() throws Exception {
        for (Lesson l : Lessons.all()) {
            if (l.name().equals("mnist")) {
                continue; // trained in LessonGoldenTest on a small set
            }
            Path out = dir.resolve(l.name());
            CommandRun run = CommandRun.of("lesson", l.name(), "--out", out.toString());
            assertEquals(0, run.exitCode(), l.name() + ": " + run.err());
            for (String line : run.out().split("\\R")) {
                if (line.startsWith("figure: ")) {
                    assertTrue(Files.size(Path.of(line.substring(8))) > 500, line);
                }
            }
        }
    }

    @Test
    void parabolaPrintsTheTutorialsLines() {
        CommandRun run = CommandRun.of("lesson", "parabola", "--out", dir.toString());
        assertTrue(run.out().contains("x=0.480000, y=0.230400\nx=0.192000, y=0.036864\nx=0.076800, y=0.005898\n"
                + "x=0.030720, y=0.000944\n"), run.out());
        assertTrue(Files.exists(dir.resolve("parabola.png")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void neuronAsJson() {
        CommandRun run = CommandRun.of("lesson", "neuron", "--json", "--out", dir.toString());
        assertEquals(0, run.exitCode(), run.err());
        Map<String, Object> json = Json.parse(run.out());
        List<Object> dw = (List<Object>) json.get("deltaW");
        assertEquals(-0.003963803079006883, ((Number) dw.get(0)).doubleValue());
        assertEquals(-0.011891409237020648, ((Number) dw.get(1)).doubleValue());
    }

    @Test
    void chainRuleTargetAndChinese() {
        CommandRun run = CommandRun.of("lesson", "chain-rule", "--target", "140", "--lang", "zh", "--out",
                dir.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("反向传播"), run.out());
        assertTrue(run.out().contains("z = 140.000000"), run.out());
        assertTrue(Files.exists(dir.resolve("chain-rule.dot")));
    }

    @Test
    void quadraticInChineseUsesTheTutorialsTerms() {
        CommandRun run = CommandRun.of("lesson", "quadratic", "--lang", "zh", "--out", dir.toString());
        assertTrue(run.out().contains("学习率") && run.out().contains("梯度") && run.out().contains("损失"), run.out());
    }

    @Test
    void unknownLessonIsAUsageError() {
        CommandRun run = CommandRun.of("lesson", "nosuch");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("parabola"), run.err());
    }
}
