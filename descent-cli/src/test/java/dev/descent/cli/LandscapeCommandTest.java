package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end runs of {@code descent landscape}. */
class LandscapeCommandTest {
    @TempDir
    Path dir;

    private static boolean isPng(Path p) throws Exception {
        byte[] head = Files.readAllBytes(p);
        return head.length > 1000 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G';
    }

    @Test
    void defaultProblemDrawsContourAndSurface() throws Exception {
        CommandRun run = CommandRun.of("landscape", "--out", dir.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(isPng(dir.resolve("landscape-contour.png")));
        assertTrue(isPng(dir.resolve("landscape-surface.png")));
        for (String name : List.of("gd", "momentum", "nesterov", "rmsprop", "adam")) {
            assertTrue(run.out().contains(name), run.out());
        }
        assertTrue(run.out().contains("least squares"), run.out());
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonTableReachesTheLeastSquaresMinimum() {
        CommandRun run = CommandRun.of("landscape", "--optimizers", "sgd,adam", "--steps", "300", "--out",
                dir.toString(), "--json");
        assertEquals(0, run.exitCode(), run.err());
        Map<String, Object> json = Json.parse(run.out());
        List<Object> rows = (List<Object>) json.get("optimizers");
        assertEquals(2, rows.size());
        Map<String, Object> gd = (Map<String, Object>) rows.get(0);
        assertNotNull(gd.get("stepsToWithin"), "plain gradient descent gets within 1e-3 of the minimum");
        double minimum = ((Number) json.get("minimum")).doubleValue();
        assertEquals(minimum, ((Number) gd.get("loss")).doubleValue(), 1e-3);
    }

    @Test
    void anExpressionWithItsStart() throws Exception {
        CommandRun run = CommandRun.of("landscape", "(x^2+y-11)^2+(x+y^2-7)^2", "--start", "x=0,y=0", "--lr", "0.01",
                "--steps", "50", "--optimizers", "gd,momentum", "--out", dir.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(isPng(dir.resolve("landscape-contour.png")));
        CommandRun noStart = CommandRun.of("landscape", "x^2+y^2", "--out", dir.toString());
        assertEquals(2, noStart.exitCode());
        assertTrue(noStart.err().contains("--start"), noStart.err());
        CommandRun oneVar = CommandRun.of("landscape", "x^2", "--out", dir.toString());
        assertEquals(2, oneVar.exitCode());
    }

    @Test
    void helpListsEachOptimizerWithItsDefaultRate() {
        String help = CommandRun.of("landscape", "--help").out().replaceAll("\\s+", " ");
        for (dev.descent.minimize.Method m : dev.descent.minimize.Method.values()) {
            assertTrue(help.contains(m.key() + " " + Numbers.compact(LandscapeCommand.defaultRate(m))), help);
        }
        assertTrue(help.contains("any of gd, momentum, nesterov, adagrad, rmsprop, adam, newton"), help);
    }
}
