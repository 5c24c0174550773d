package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end runs of {@code descent minimize}. */
class MinimizeCommandTest {
    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void quadraticFrom7000ReachesExactly7000Times0Point8ToThe100() {
        CommandRun run = CommandRun.of("minimize", "x^2+5", "--start", "x=7000", "--lr", "0.1", "--steps", "100",
                "--json");
        assertEquals(0, run.exitCode(), run.err());
        Map<String, Object> json = Json.parse(run.out());
        assertEquals(100, ((Number) json.get("steps")).intValue());
        assertEquals("completed", json.get("stop"));
        double x = ((Number) map(map(json.get("final")).get("point")).get("x")).doubleValue();
        double expected = 7000 * Math.pow(0.8, 100);
        assertEquals(expected, x, expected * 1e-12);
        assertTrue(Math.abs(x) < 2e-6);
        List<Object> trace = (List<Object>) json.get("trace");
        assertEquals(101, trace.size());
        Map<String, Object> first = map(trace.get(0));
        assertEquals(4.9e7 + 5, ((Number) first.get("value")).doubleValue(), 0.0);
        assertEquals(14000.0, ((Number) map(first.get("gradient")).get("x")).doubleValue(), 0.0);
    }

    @Test
    void tablePrintsStepXFAndGradient() {
        CommandRun run = CommandRun.of("minimize", "x^2", "--start", "x=1.2", "--lr", "0.3", "--until", "f<1e-3");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("step") && run.out().contains("∂f/∂x"), run.out());
        assertTrue(run.out().contains("0.03072"), run.out());
        assertTrue(run.out().contains("stopped at step 4"), run.out());
    }

    @Test
    void untilOnTheGradientAndTheStep() {
        CommandRun grad = CommandRun.of("minimize", "x^2+5", "--start", "x=3", "--until", "grad<1e-6", "--json",
                "--steps", "1000");
        assertEquals("reached", Json.parse(grad.out()).get("stop"));
        CommandRun step = CommandRun.of("minimize", "x^2+5", "--start", "x=3", "--until", "step<1e-9", "--json",
                "--steps", "1000");
        assertEquals("reached", Json.parse(step.out()).get("stop"));
    }

    @Test
    void divergenceIsReportedInWords() {
        CommandRun run = CommandRun.of("minimize", "x^2+5", "--start", "x=7000", "--lr", "1.5", "--steps", "200");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("diverged"), run.out());
        assertTrue(run.out().contains("learning rate is too large"), run.out());
        CommandRun zh = CommandRun.of("minimize", "x^2+5", "--start", "x=1", "--lr", "1", "--steps", "10",
                "--lang", "zh");
        assertTrue(zh.out().contains("振荡"), zh.out());
    }

    private static String stopLine(String out) {
        return out.lines().filter(l -> l.startsWith("stopped") || l.startsWith("停止原因")).findFirst().orElseThrow();
    }

    @Test
    void startOutsideTheDomainSaysSoAndBlamesNoLearningRate() {
        CommandRun run = CommandRun.of("minimize", "ln(x)", "--start", "x=-1");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("outside the function's domain") && run.out().contains("f is NaN at x = -1"),
                run.out());
        assertFalse(stopLine(run.out()).contains("learning rate"), run.out());
        CommandRun json = CommandRun.of("minimize", "ln(x)", "--start", "x=-1", "--json");
        assertEquals("outside_domain", Json.parse(json.out()).get("stop"));
        // finite f but an infinite gradient at the start: sqrt at 0
        CommandRun edge = CommandRun.of("minimize", "sqrt(x)", "--start", "x=0", "--lang", "zh");
        assertTrue(edge.out().contains("定义域") && edge.out().contains("梯度为 Infinity"), edge.out());
        assertFalse(stopLine(edge.out()).contains("学习率"), edge.out());
    }

    @Test
    void otherOptimizers() {
        for (String name : List.of("momentum", "nesterov", "adagrad", "rmsprop", "adam", "newton")) {
            CommandRun run = CommandRun.of("minimize", "(x-3)^2+(y+1)^2", "--start", "x=0,y=0", "--optimizer", name,
                    "--lr", name.equals("newton") || name.equals("adagrad") ? "1" : "0.1", "--steps", "300", "--json");
            assertEquals(0, run.exitCode(), name + ": " + run.err());
            Map<String, Object> end = map(map(Json.parse(run.out()).get("final")).get("point"));
            assertEquals(3, ((Number) end.get("x")).doubleValue(), 0.05, name);
            assertEquals(-1, ((Number) end.get("y")).doubleValue(), 0.05, name);
        }
    }

    @Test
    void plotsOneAndTwoVariables() throws Exception {
        Path png = dir.resolve("steps.png");
        assertEquals(0, CommandRun.of("minimize", "x^2+5", "--start", "x=7", "--plot", png.toString()).exitCode());
        assertTrue(Files.size(png) > 1000);
        Path svg = dir.resolve("path.svg");
        CommandRun run = CommandRun.of("minimize", "(x^2+y-11)^2+(x+y^2-7)^2", "--start", "x=0,y=0", "--lr", "0.01",
                "--steps", "200", "--every", "50", "--plot", svg.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.readString(svg).contains("<svg"));
        assertTrue(run.out().lines().count() < 15, "--every 50 prints a few rows");
    }

    @Test
    void malformedExpressionShowsTheCaret() {
        CommandRun run = CommandRun.of("minimize", "x^2+*5", "--start", "x=1");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("column 5"), run.err());
        assertTrue(run.err().lines().anyMatch(l -> l.strip().equals("^")), run.err());
        assertTrue(!run.err().contains("Exception"), run.err());
    }

    @Test
    void badStartAndRuleAreUsageErrors() {
        CommandRun unknown = CommandRun.of("minimize", "x^2", "--start", "y=1");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.oneLineError(), unknown.err());
        assertTrue(unknown.err().contains("'y' is not a variable"), unknown.err());
        CommandRun rule = CommandRun.of("minimize", "x^2", "--until", "loss>3");
        assertEquals(2, rule.exitCode());
        assertTrue(rule.err().contains("--until"), rule.err());
        CommandRun plot = CommandRun.of("minimize", "x+y+z", "--plot", dir.resolve("p.png").toString());
        assertEquals(2, plot.exitCode());
    }

    @Test
    void mistypedOptimizerIsAUsageErrorNamingTheNearestAndHelpListsTheChoices() {
        CommandRun typo = CommandRun.of("minimize", "x^2", "--optimizer", "nesterv");
        assertEquals(2, typo.exitCode());
        assertTrue(typo.oneLineError(), typo.err());
        assertTrue(typo.err().contains("did you mean nesterov?"), typo.err());
        String help = CommandRun.of("minimize", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("gd, momentum, nesterov, adagrad, rmsprop, adam, newton (default: gd; sgd is gd here)"),
                help);
        CommandRun sgd = CommandRun.of("minimize", "x^2", "--start", "x=1", "--optimizer", "sgd", "--steps", "2",
                "--json");
        assertEquals(0, sgd.exitCode(), sgd.err());
        assertTrue(sgd.out().contains("\"optimizer\":\"gd\""), sgd.out());
    }
}
