package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.io.Json;
import dev.descent.plot.Dot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end runs of {@code descent graph}. */
class GraphCommandTest {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void chainRuleExampleAsJson() {
        CommandRun run = CommandRun.of("graph", "(2*w+3*b)*(2*b+1)", "--at", "w=3,b=4", "--json");
        assertEquals(0, run.exitCode(), run.err());
        Map<String, Object> json = Json.parse(run.out());
        assertEquals(162.0, ((Number) json.get("value")).doubleValue(), 0.0);
        Map<String, Object> gradient = (Map<String, Object>) json.get("gradient");
        assertEquals(18.0, ((Number) gradient.get("w")).doubleValue(), 0.0);
        assertEquals(63.0, ((Number) gradient.get("b")).doubleValue(), 0.0);
        assertEquals(List.of("w", "b"), List.copyOf(gradient.keySet()), "in the order --at gives them");
        List<Object> order = (List<Object>) json.get("order");
        Map<String, Object> last = (Map<String, Object>) order.get(order.size() - 1);
        assertEquals("mul", last.get("op"));
        assertEquals(162.0, ((Number) last.get("value")).doubleValue(), 0.0);
        boolean sawX = false;
        for (Object o : order) {
            Map<String, Object> node = (Map<String, Object>) o;
            if ("2*w+3*b".equals(node.get("name"))) {
                sawX = true;
                assertEquals(18.0, ((Number) node.get("value")).doubleValue(), 0.0);
                assertEquals(9.0, ((Number) node.get("gradient")).doubleValue(), 0.0, "∂z/∂x = y");
            }
        }
        assertTrue(sawX, run.out());
    }

    @Test
    void tableAndDotFiles() throws Exception {
        Path dot = dir.resolve("g.dot");
        Path svg = dir.resolve("g.svg");
        CommandRun run = CommandRun.of("graph", "sqrt(ln(x^2))", "--at", "x=3", "--dot", dot.toString(), "--svg",
                svg.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("∂f/∂x"), run.out());
        assertTrue(run.out().contains("topological order"), run.out());
        assertTrue(Files.readString(dot).startsWith("digraph"));
        if (Dot.isAvailable()) {
            assertTrue(Files.readString(svg).contains("<svg"));
        } else {
            assertTrue(run.out().contains("dot -Tsvg"), run.out());
        }
    }

    @Test
    void withoutFilesTheDotIsPrinted() {
        CommandRun run = CommandRun.of("graph", "x*y", "--at", "x=2,y=5");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("digraph"), run.out());
        assertTrue(run.out().contains("∂f/∂x = 5"), run.out());
    }

    @Test
    void malformedExpressionAndMissingValues() {
        CommandRun bad = CommandRun.of("graph", "(w+", "--at", "w=1");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("^"), bad.err());
        CommandRun missing = CommandRun.of("graph", "w*b", "--at", "w=1");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("needs a value for b"), missing.err());
    }
}
