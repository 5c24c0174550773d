package dev.descent.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.Rng;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonTest {
    @TempDir
    Path dir;

    private static Map<String, Object> tree() {
        Map<String, Object> optimizer = new LinkedHashMap<>();
        optimizer.put("name", "Adam");
        optimizer.put("learningRate", 1e-3);
        optimizer.put("betas", List.of(0.9, 0.999));
        optimizer.put("amsgrad", false);
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("format", "descent-checkpoint-1");
        tree.put("epoch", 12);
        tree.put("steps", 12_345_678_901L);
        tree.put("optimizer", optimizer);
        tree.put("layers", List.of(Map.of("type", "Linear", "in", 784, "out", 30), Map.of("type", "Sigmoid")));
        tree.put("note", "ünïcode ∂ \"quotes\" \\ and\nnewline");
        tree.put("seed", null);
        tree.put("huge", new BigInteger("123456789012345678901234567890"));
        return tree;
    }

    @Test
    void treeRoundTripsWithKeyOrderAndTypes() throws IOException {
        Map<String, Object> tree = tree();
        Map<String, Object> fromString = Json.parse(Json.toJson(tree));
        assertEquals(tree, fromString);
        assertEquals(new ArrayList<>(tree.keySet()), new ArrayList<>(fromString.keySet()));
        assertInstanceOf(Integer.class, fromString.get("epoch"));
        assertInstanceOf(Long.class, fromString.get("steps"));
        assertInstanceOf(BigInteger.class, fromString.get("huge"));

        Path file = dir.resolve("meta.json");
        Json.write(file, tree);
        assertEquals(tree, Json.read(file));
        assertTrue(Files.readString(file).endsWith("}\n"));
    }

    @Test
    void doublesRoundTripExactlyIncludingNonFinite() {
        Rng rng = Rng.of(3);
        List<Object> values = new ArrayList<>(List.of(0.1, -0.0, 0.0, Double.MIN_VALUE, Double.MAX_VALUE,
                Double.MIN_NORMAL, 1.0 / 3, 2.2250738585072011e-308, Math.PI, 1e23, 9007199254740993.0,
                Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
        for (int i = 0; i < 1000; i++) {
            values.add(Double.longBitsToDouble(rng.nextLong()));
        }
        Map<String, Object> back = Json.parse(Json.toJson(Map.of("v", values)));
        List<?> read = (List<?>) back.get("v");
        assertEquals(values.size(), read.size());
        for (int i = 0; i < values.size(); i++) {
            double expected = (Double) values.get(i);
            double actual = (Double) read.get(i);
            if (Double.isNaN(expected)) {
                assertTrue(Double.isNaN(actual));
            } else {
                assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual), "value " + i);
            }
        }
    }

    @Test
    void primitiveArraysAndFloatsAreWritten() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("d", new double[] {0.5, 1e-300});
        tree.put("f", new float[] {0.1f});
        tree.put("i", new int[] {1, 2});
        tree.put("l", new long[] {Long.MAX_VALUE});
        tree.put("o", new Object[] {"a", true});
        Map<String, Object> back = Json.parse(Json.toJson(tree));
        assertEquals(List.of(0.5, 1e-300), back.get("d"));
        assertEquals(0.1f, ((Double) ((List<?>) back.get("f")).get(0)).floatValue());
        assertEquals(List.of(1, 2), back.get("i"));
        assertEquals(List.of(Long.MAX_VALUE), back.get("l"));
        assertEquals(Arrays.asList("a", true), back.get("o"));
    }

    @Test
    void unsupportedValuesAndCyclesAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Json.toJson(Map.of("when", new Object())));
        assertTrue(e.getMessage().contains("'when'"), e.getMessage());
        Map<String, Object> cycle = new LinkedHashMap<>();
        cycle.put("self", cycle);
        e = assertThrows(IllegalArgumentException.class, () -> Json.toJson(cycle));
        assertTrue(e.getMessage().contains("nesting deeper than " + Json.MAX_DEPTH), e.getMessage());
        Map<Object, Object> intKeys = Map.of(1, "x");
        e = assertThrows(IllegalArgumentException.class, () -> Json.toJson(Map.of("m", intKeys)));
        assertTrue(e.getMessage().contains("keys must be strings"), e.getMessage());
    }

    @Test
    void nestingUpToTheLimitIsFineAndDeeperIsRefused() {
        Map<String, Object> tree = new LinkedHashMap<>();
        Map<String, Object> inner = tree;
        for (int i = 1; i < Json.MAX_DEPTH; i++) {
            Map<String, Object> next = new LinkedHashMap<>();
            inner.put("k", next);
            inner = next;
        }
        assertEquals(tree, Json.parse(Json.toJson(tree)));

        String deep = "{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(deep));
        assertTrue(e.getMessage().contains("nesting depth"), e.getMessage());
    }

    @Test
    void malformedDocumentsSayWhatAndWhere() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Json.parse("{\n  \"a\": 1,\n  \"b\": }"));
        assertTrue(e.getMessage().startsWith("JSON: malformed JSON: "), e.getMessage());
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": 1, \"a\": 2}"));
        assertTrue(e.getMessage().contains("duplicate key 'a'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Json.parse("{} []"));
        assertTrue(e.getMessage().contains("after the JSON object"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Json.parse("[1]"));
        assertTrue(e.getMessage().contains("expected a JSON object"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Json.parse(""));
        assertTrue(e.getMessage().contains("no content"), e.getMessage());

        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"a\": tru}");
        e = assertThrows(IllegalArgumentException.class, () -> Json.read(file));
        assertTrue(e.getMessage().startsWith(file + ": malformed JSON"), e.getMessage());
    }

    @Test
    void nullValuesSurvive() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("x", null);
        Map<String, Object> back = Json.parse(Json.toJson(tree));
        assertTrue(back.containsKey("x"));
        assertNull(back.get("x"));
    }
}
