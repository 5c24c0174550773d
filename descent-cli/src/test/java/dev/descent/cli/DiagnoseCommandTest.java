package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
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
}
