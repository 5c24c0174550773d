package dev.descent.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphDotTest {

    /** The backpropagation tutorial's chain rule: z = x·y with x = 2w + 3b, y = 2b + 1, at w = 3, b = 4. */
    private static Tensor seed002() {
        Tensor w = Tensor.scalar(3, DType.F64).requiresGrad(true).named("w");
        Tensor b = Tensor.scalar(4, DType.F64).requiresGrad(true).named("b");
        Tensor x = w.mul(2).add(b.mul(3)).named("x");
        Tensor y = b.mul(2).add(1).named("y");
        return x.mul(y).named("z");
    }

    /** The record label of the node whose name field is {@code name}. */
    private static String recordOf(String dot, String name) {
        for (String line : dot.split("\n")) {
            if (line.contains("label=\"{ " + name + " |")) {
                return line;
            }
        }
        throw new AssertionError("no record named " + name + " in\n" + dot);
    }

    @Test
    void seed002ShowsValuesAndGradients() {
        Tensor z = GraphDot.retainAll(seed002());
        z.backward();
        String dot = GraphDot.of(z);
        assertTrue(dot.startsWith("digraph"), dot);
        assertTrue(dot.contains("rankdir=LR"), dot);
        assertTrue(recordOf(dot, "z").contains("data 162"), dot);
        assertTrue(recordOf(dot, "z").contains("grad 1 "), dot);
        assertTrue(recordOf(dot, "x").contains("data 18 "), dot);
        assertTrue(recordOf(dot, "x").contains("grad 9 "), dot); // dz/dx = y
        assertTrue(recordOf(dot, "y").contains("data 9 "), dot);
        assertTrue(recordOf(dot, "y").contains("grad 18 "), dot); // dz/dy = x
        assertTrue(recordOf(dot, "w").contains("grad 18 "), dot);
        assertTrue(recordOf(dot, "b").contains("grad 63 "), dot);
        assertTrue(dot.contains("label=\"mul\""), dot);
        assertTrue(dot.contains("label=\"add\""), dot);
        assertTrue(dot.contains("label=\"scale\""), dot);
        assertWellFormed(dot);
    }

    @Test
    void edgesRunFromInputsThroughOpsToOutputs() {
        Tensor z = seed002();
        String dot = GraphDot.of(z);
        // 4 scale/add ops on the way to x and y, 1 mul, 2 adds: 7 ops; each has one out-edge plus one per input.
        long ops = dot.lines().filter(l -> l.contains("shape=ellipse")).count();
        long edges = dot.lines().filter(l -> l.contains("->")).count();
        assertEquals(6, ops, dot); // scale(w), scale(b), add, scale(b), add(const), mul
        assertEquals(6 + 9, edges, dot);
        // The constant 1 of y = 2b + 1 is drawn too.
        assertTrue(dot.contains("{ const | data 1 }"), dot);
        // Without retainGrad or backward, no gradients are shown.
        assertFalse(dot.contains("grad"), dot);
        String zId = idOf(dot, "z");
        assertTrue(dot.lines().anyMatch(l -> l.matches("\\s*op\\d+ -> " + zId + ";")), dot);
        assertFalse(dot.lines().anyMatch(l -> l.matches("\\s*" + zId + " -> .*")), dot);
    }

    @Test
    void leavesKeepGradientsWithoutRetainAll() {
        Tensor z = seed002();
        z.backward();
        String dot = GraphDot.of(z);
        assertTrue(recordOf(dot, "b").contains("grad 63 "), dot);
        assertFalse(recordOf(dot, "x").contains("grad"), dot);
    }

    @Test
    void largeTensorsShowShapeAndGradientNorm() {
        Tensor a = Tensor.randn(Rng.of(1), 4, 5).to(DType.F64).requiresGrad(true).named("a");
        Tensor v = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true).named("v");
        Tensor loss = a.sum().add(v.mul(v).sum()).named("loss");
        loss.backward();
        String dot = GraphDot.of(loss);
        assertTrue(recordOf(dot, "a").contains("shape [4, 5]"), dot);
        assertTrue(recordOf(dot, "a").contains("grad norm " + GraphDot.number(Math.sqrt(20))), dot);
        assertTrue(recordOf(dot, "v").contains("data [1, 2, 3]"), dot);
        assertTrue(recordOf(dot, "v").contains("grad [2, 4, 6]"), dot);
        assertWellFormed(dot);
    }

    @Test
    void awkwardNamesAreEscaped() {
        String nasty = "w{1}|<in> \"q\" back\\slash\nline";
        Tensor w = Tensor.scalar(0.5, DType.F64).requiresGrad(true).named(nasty);
        Tensor y = w.exp().named("e^w");
        y.backward();
        String dot = GraphDot.of(y);
        assertTrue(dot.contains("w\\{1\\}\\|\\<in\\> \\\"q\\\" back\\\\slash\\nline"), dot);
        assertTrue(recordOf(dot, "e^w").contains("data 1.649"), dot);
        assertWellFormed(dot);
    }

    @Test
    void sharedSubgraphIsDrawnOnce() {
        Tensor a = Tensor.scalar(2, DType.F64).requiresGrad(true).named("a");
        Tensor s = a.mul(a).named("s");
        Tensor out = s.add(s).named("out");
        String dot = GraphDot.of(out);
        assertEquals(1, dot.lines().filter(l -> l.contains("{ s |")).count(), dot);
        assertEquals(1, dot.lines().filter(l -> l.contains("{ a |")).count(), dot);
        assertSame(out, GraphDot.retainAll(out));
    }

    @Test
    void rendersWithGraphvizWhenInstalled(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("dot"), "graphviz 'dot' is not on PATH");
        Tensor z = seed002();
        String nasty = "n{a}|<b> \"c\" \\d";
        Tensor q = Tensor.of(new double[] {1, -2}, 2).requiresGrad(true).named(nasty);
        Tensor r = GraphDot.retainAll(q.tanh().sum().mul(z).named("r"));
        r.backward();
        Path file = dir.resolve("graph.dot");
        Files.writeString(file, GraphDot.of(r), StandardCharsets.UTF_8);
        Path svg = dir.resolve("graph.svg");
        Process p = new ProcessBuilder("dot", "-Tsvg", file.toString(), "-o", svg.toString())
                .redirectErrorStream(true).start();
        String messages = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "dot did not finish");
        assertEquals(0, p.exitValue(), messages);
        assertEquals("", messages.strip(), messages);
        String image = Files.readString(svg);
        assertTrue(image.contains("162"), image);
        assertTrue(image.contains("n{a}|&lt;b&gt; &quot;c&quot; \\d"), image);
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }

    private static String idOf(String dot, String name) {
        return recordOf(dot, name).trim().split(" ")[0];
    }

    /**
     * Structure check without Graphviz: quoted strings close, braces outside strings balance, and inside every
     * record label the unescaped braces balance too.
     */
    private static void assertWellFormed(String dot) {
        int depth = 0;
        boolean inString = false;
        int labelDepth = 0;
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < dot.length(); i++) {
            char c = dot.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++; // the escaped character, whatever it is, is text
                } else if (c == '"') {
                    inString = false;
                    if (labelDepth != 0) {
                        problems.add("unbalanced record braces before offset " + i);
                    }
                } else if (c == '{') {
                    labelDepth++;
                } else if (c == '}') {
                    labelDepth--;
                } else if (c == '\n') {
                    problems.add("raw newline inside a string at offset " + i);
                }
            } else if (c == '"') {
                inString = true;
                labelDepth = 0;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth < 0) {
                    problems.add("unbalanced '}' at offset " + i);
                }
            }
        }
        if (inString) {
            problems.add("unterminated string");
        }
        if (depth != 0) {
            problems.add("graph braces do not balance");
        }
        assertTrue(problems.isEmpty(), () -> problems + "\n" + dot);
        assertTrue(dot.strip().endsWith("}"), dot);
    }
}
