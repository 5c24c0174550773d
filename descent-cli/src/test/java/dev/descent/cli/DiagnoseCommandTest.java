package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiagnoseCommandTest {
    @TempDir
    Path tmp;

    private Path curve(String name, int points, IntToDoubleFunction loss) throws IOException {
        StringBuilder sb = new StringBuilder("epoch,train_loss,train_accuracy\n");
        for (int i = 0; i < points; i++) {
            sb.append(String.format(Locale.ROOT, "%d,%s,0.5%n", i + 1, loss.applyAsDouble(i)));
        }
        return Files.writeString(tmp.resolve(name), sb.toString());
    }

    private static String verdict(Path csv) {
        CommandRun r = CommandRun.of("diagnose", csv.toString(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        return (String) Json.parse(r.out()).get("verdict");
    }

    @Test
    void risingLossMeansTheRateIsTooLarge() throws IOException {
        assertEquals("too_large_diverging", verdict(curve("rising.csv", 20, i -> 1 + 0.1 * i)));
    }

    @Test
    void oscillatingLossMeansTheRateIsTooLarge() throws IOException {
        assertEquals("too_large_oscillating", verdict(curve("osc.csv", 21, i -> 1 + 0.3 * (i % 2 == 0 ? 1 : -1))));
    }

    @Test
    void slowSteadyFallMeansTheRateIsTooSmall() throws IOException {
        assertEquals("too_small", verdict(curve("slow.csv", 30, i -> 1 - 0.01 * i)));
    }

    @Test
    void fastFallThatLevelsOffIsFine() throws IOException {
        Path fine = curve("fine.csv", 30, i -> 0.1 + Math.exp(-i / 3.0));
        assertEquals("fine", verdict(fine));
        CommandRun r = CommandRun.of("diagnose", fine.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("column train_loss, 30 points"), r.out());
        assertTrue(r.out().contains("learning rate fine"), r.out());
    }

    @Test
    void speaksChineseWithLangZh() throws IOException {
        CommandRun r = CommandRun.of("diagnose", curve("rising.csv", 20, i -> 1 + 0.1 * i).toString(), "--lang", "zh");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("学习率太大"), r.out());
    }

    @Test
    void readsALossColumnToo() throws IOException {
        Path steps = Files.writeString(tmp.resolve("steps.csv"), "step,loss\n1,1.0\n2,0.5\n3,0.3\n4,0.25\n5,0.24\n");
        CommandRun r = CommandRun.of("diagnose", steps.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("column loss, 5 points"), r.out());
    }

    @Test
    void malformedCsvNamesTheLine() throws IOException {
        Path noColumn = Files.writeString(tmp.resolve("a.csv"), "epoch,accuracy\n1,0.5\n");
        CommandRun r = CommandRun.of("diagnose", noColumn.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("line 1: no train_loss or loss column"), r.err());

        Path badNumber = Files.writeString(tmp.resolve("b.csv"), "epoch,loss\n1,0.5\n2,abc\n");
        r = CommandRun.of("diagnose", badNumber.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("line 3: loss 'abc' is not a number"), r.err());

        r = CommandRun.of("diagnose", tmp.resolve("missing.csv").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.oneLineError(), r.err());
    }

    @Test
    void lossFlatAtChanceWithZeroGradientsIsNotLearning() throws IOException {
        // a history.csv as train writes it for a model that never moved
        StringBuilder sb = new StringBuilder("epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,"
                + "learning_rate,gradient_norm,seconds\n");
        for (int e = 1; e <= 10; e++) {
            sb.append(e).append(",2.3025851249694824,0.1,2.3025851249694824,0.1,0.1,0.0,0.5\n");
        }
        Path history = Files.writeString(tmp.resolve("history.csv"), sb.toString());
        CommandRun r = CommandRun.of("diagnose", history.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("not learning"), r.out());
        assertTrue(r.out().contains("loss did not change") && r.out().contains("gradient norm 0 at the end"), r.out());
        assertFalse(r.out().contains("too small") || r.out().contains("fell 0.0%"), r.out());
        CommandRun zh = CommandRun.of("diagnose", history.toString(), "--lang", "zh");
        assertTrue(zh.out().contains("没有在学习") && zh.out().contains("最后梯度范数 0"), zh.out());
        assertEquals("not_learning", verdict(history));
    }

    @Test
    void fallingToChanceLevelIsNotLearningWithChance() throws IOException {
        Path wide = curve("wide.csv", 20, i -> Math.log(10) + 5 * Math.exp(-3.0 * i));
        assertEquals("fine", verdict(wide));
        CommandRun r = CommandRun.of("diagnose", wide.toString(), "--chance", "2.302585", "--json");
        assertEquals(0, r.exitCode(), r.err());
        Map<String, Object> json = Json.parse(r.out());
        assertEquals("not_learning", json.get("verdict"));
        assertEquals(2.302585, (Double) json.get("chanceLoss"), 1e-9);
        assertEquals(null, json.get("gradientNorm"));
        assertEquals("unknown", json.get("gradientNormReason"));
    }

    @Test
    void lossThatRisesLateIsNotFine() throws IOException {
        Path moons = curve("moons.csv", 40, i -> 0.3 + Math.exp(-i / 4.0) + 0.01 * Math.max(0, i - 20));
        assertEquals("rising_late", verdict(moons));
        CommandRun r = CommandRun.of("diagnose", moons.toString());
        assertTrue(r.out().contains("lowest loss") && r.out().contains("at point 21"), r.out());
    }

    @Test
    void tooFewPointsSaySoWithoutNaN() throws IOException {
        Path three = curve("three.csv", 3, i -> 1.0 / (i + 1));
        CommandRun r = CommandRun.of("diagnose", three.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("too few points"), r.out());
        assertFalse(r.out().contains("NaN"), r.out());
        assertEquals("too_short", verdict(three));
    }
}
