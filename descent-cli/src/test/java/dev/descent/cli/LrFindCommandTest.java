package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LrFindCommandTest {
    @TempDir
    Path tmp;

    private static double[] numbers(Object list) {
        return ((List<?>) list).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }

    private static double number(Map<String, Object> json, String key) {
        return ((Number) json.get(key)).doubleValue();
    }

    @Test
    void suggestsTheRateOfSteepestFallBeforeTheLowestPoint() {
        Path plot = tmp.resolve("lr.png");
        CommandRun r = CommandRun.of("lr-find", "--data", "moons", "--activation", "tanh", "--loss", "cross-entropy",
                "--optimizer", "sgd", "--max-lr", "1000", "--steps", "150", "--plot", plot.toString(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        Map<String, Object> json = Json.parse(r.out());
        assertEquals(Boolean.TRUE, json.get("turnedUp"), r.out());
        double[] rates = numbers(json.get("learningRates"));
        double[] loss = numbers(json.get("smoothedLosses"));
        double suggested = number(json, "suggestedLearningRate");
        double lowestAt = number(json, "minimumLearningRate");
        int s = java.util.Arrays.binarySearch(rates, suggested);
        assertTrue(s >= 5 && suggested < lowestAt, r.out());
        // the loss falls there, and no window of the same width before the lowest point falls faster per decade
        double fall = (loss[s + 5] - loss[s - 5]) / Math.log(rates[s + 5] / rates[s - 5]);
        assertTrue(fall < 0, r.out());
        for (int i = 10; i + 5 < rates.length && rates[i + 5] <= lowestAt; i++) {
            double other = (loss[i + 5] - loss[i - 5]) / Math.log(rates[i + 5] / rates[i - 5]);
            assertTrue(other >= fall - 1e-12, "steeper at " + rates[i] + " than at the suggestion " + suggested);
        }
        assertTrue(number(json, "cautiousLearningRate") <= suggested, r.out());
        assertTrue(Files.isRegularFile(plot));
        assertTrue(Files.isRegularFile(tmp.resolve("lr.csv")));
    }

    @Test
    void aCurveThatNeverTurnsUpSuggestsALargerRangeNotARate() {
        // up to 0.01 the moons loss is still falling at the last rate
        CommandRun r = CommandRun.of("lr-find", "--data", "moons", "--max-lr", "0.01", "--steps", "60", "--plot",
                tmp.resolve("x.png").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("never turned up") && r.out().contains("--max-lr 1"), r.out());
        assertFalse(r.out().contains("suggested learning rate"), r.out());
        CommandRun json = CommandRun.of("lr-find", "--data", "moons", "--max-lr", "0.01", "--steps", "60", "--plot",
                tmp.resolve("x.png").toString(), "--json");
        Map<String, Object> j = Json.parse(json.out());
        assertEquals(Boolean.FALSE, j.get("turnedUp"));
        assertNull(j.get("suggestedLearningRate"));
        assertEquals("curveNeverTurnedUp", j.get("suggestedLearningRateReason"));
    }

    @Test
    void textNamesTheSuggestionInBothLanguages() {
        CommandRun r = CommandRun.of("lr-find", "--data", "moons", "--max-lr", "1000", "--steps", "100", "--plot",
                tmp.resolve("x.png").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("suggested learning rate: "), r.out());
        CommandRun zh = CommandRun.of("lr-find", "--data", "moons", "--max-lr", "1000", "--steps", "100", "--plot",
                tmp.resolve("x.png").toString(), "--lang", "zh");
        assertTrue(zh.out().contains("建议学习率："), zh.out());
    }

    @Test
    void fullBatchMethodsAreRefused() {
        CommandRun r = CommandRun.of("lr-find", "--optimizer", "lbfgs");
        assertEquals(2, r.exitCode());
        assertTrue(r.oneLineError(), r.err());
    }
}
