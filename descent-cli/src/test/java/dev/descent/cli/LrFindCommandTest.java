package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LrFindCommandTest {
    @TempDir
    Path tmp;

    @Test
    void suggestsARateAndDrawsTheCurve() {
        Path plot = tmp.resolve("lr.png");
        CommandRun r = CommandRun.of("lr-find", "--data", "moons", "--activation", "tanh", "--loss", "cross-entropy",
                "--optimizer", "sgd", "--steps", "150", "--plot", plot.toString(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        Map<String, Object> json = Json.parse(r.out());
        double suggested = ((Number) json.get("suggested_lr")).doubleValue();
        assertTrue(suggested > 1e-5 && suggested < 10, r.out());
        assertTrue(((Number) json.get("steps")).intValue() <= 150);
        assertTrue(Files.isRegularFile(plot));
        assertTrue(Files.isRegularFile(tmp.resolve("lr.csv")));
    }

    @Test
    void textNamesTheSuggestion() {
        CommandRun r = CommandRun.of("lr-find", "--data", "moons", "--steps", "60", "--plot",
                tmp.resolve("x.png").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("suggested learning rate: "), r.out());
    }

    @Test
    void fullBatchMethodsAreRefused() {
        CommandRun r = CommandRun.of("lr-find", "--optimizer", "lbfgs");
        assertEquals(2, r.exitCode());
        assertTrue(r.oneLineError(), r.err());
    }
}
