package dev.descent.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.io.Safetensors.SafetensorsFile;
import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path dir;

    /** A safetensors file assembled by hand: length prefix, header text as given, data bytes. */
    static byte[] build(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(h.length).put(h).put(data).array();
    }

    static byte[] floatsLe(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    static byte[] doublesLe(double... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        return b.array();
    }

    static void assertSameTensor(Tensor expected, Tensor actual) {
        assertEquals(expected.dtype(), actual.dtype());
        assertArrayEquals(expected.shape(), actual.shape());
        if (expected.dtype() == DType.F32) {
            float[] e = expected.toFloatArray();
            float[] a = actual.toFloatArray();
            assertEquals(e.length, a.length);
            for (int i = 0; i < e.length; i++) {
                assertEquals(Float.floatToRawIntBits(e[i]), Float.floatToRawIntBits(a[i]), "element " + i);
            }
        } else {
            double[] e = expected.toDoubleArray();
            double[] a = actual.toDoubleArray();
            assertEquals(e.length, a.length);
            for (int i = 0; i < e.length; i++) {
                assertEquals(Double.doubleToRawLongBits(e[i]), Double.doubleToRawLongBits(a[i]), "element " + i);
            }
        }
    }

    static void assertSameTensors(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(actual.keySet()), "names and their order");
        expected.forEach((name, t) -> assertSameTensor(t, actual.get(name)));
    }

    private static Map<String, Tensor> mixed() {
        Rng rng = Rng.of(7);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("z.last.first", Tensor.randn(rng, 3, 4));
        tensors.put("weights", Tensor.normal(DType.F64, rng, 0, 1, 2, 3, 5));
        tensors.put("scalar32", Tensor.scalar(-2.5));
        tensors.put("scalar64", Tensor.scalar(Math.PI, DType.F64));
        tensors.put("empty32", Tensor.zeros(DType.F32, 0));
        tensors.put("empty64", Tensor.zeros(DType.F64, 4, 0, 2));
        tensors.put("odd", Tensor.of(new float[] {Float.NaN, Float.NEGATIVE_INFINITY, -0.0f, Float.MIN_VALUE,
            Float.MAX_VALUE}, 5));
        tensors.put("unicode ∂L/∂w \"quoted\"", Tensor.of(new double[] {Double.MIN_VALUE, -0.0, Double.NaN}, 3));
        return tensors;
    }

    @Test
    void fileRoundTripKeepsValuesBitwiseNamesInOrderAndMetadata() throws IOException {
        Map<String, Tensor> tensors = mixed();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "descent-checkpoint-1");
        metadata.put("architecture", "{\"layers\": [\"Linear(2, 3)\"]}");
        metadata.put("ünïcode", "∇ ✓");
        Path file = dir.resolve("model.safetensors");

        Safetensors.write(file, tensors, metadata);
        SafetensorsFile back = Safetensors.read(file);

        assertSameTensors(tensors, back.tensors());
        assertEquals(new ArrayList<>(metadata.entrySet()), new ArrayList<>(back.metadata().entrySet()));
    }

    @Test
    void bytesRoundTripMatchesFileBytes() throws IOException {
        Map<String, Tensor> tensors = mixed();
        Map<String, String> metadata = Map.of("k", "v");
        Path file = dir.resolve("a.safetensors");
        Safetensors.write(file, tensors, metadata);

        byte[] bytes = Safetensors.toBytes(tensors, metadata);

        assertArrayEquals(Files.readAllBytes(file), bytes);
        SafetensorsFile back = Safetensors.fromBytes(bytes);
        assertSameTensors(tensors, back.tensors());
        assertEquals(metadata, back.metadata());
    }

    @Test
    void zeroDimensionalAndEmptyTensorsRoundTrip() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("s", Tensor.scalar(1.5));
        tensors.put("e", Tensor.zeros(DType.F32, 0, 3));
        tensors.put("d", Tensor.scalar(-7.25, DType.F64));
        tensors.put("e64", Tensor.zeros(DType.F64, 0));

        SafetensorsFile back = Safetensors.fromBytes(Safetensors.toBytes(tensors, Map.of()));

        assertSameTensors(tensors, back.tensors());
        assertEquals(0, back.tensor("s").dim());
        assertEquals(1.5, back.tensor("s").item());
        assertArrayEquals(new int[] {0, 3}, back.tensor("e").shape());
        assertTrue(back.metadata().isEmpty());
    }

    @Test
    void noTensorsAtAllIsAValidFile() {
        SafetensorsFile back = Safetensors.fromBytes(Safetensors.toBytes(Map.of(), Map.of("only", "metadata")));
        assertTrue(back.tensors().isEmpty());
        assertEquals(Map.of("only", "metadata"), back.metadata());
    }

    @Test
    void largeTensorsCrossTheReadBufferBoundaries() {
        Rng rng = Rng.of(11);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("a", Tensor.randn(rng, 3, 100_003)); // 1.2 MB: more than one 1 MiB chunk
        tensors.put("b", Tensor.normal(DType.F64, rng, 0, 1, 140_001));
        assertSameTensors(tensors, Safetensors.fromBytes(Safetensors.toBytes(tensors, Map.of())).tensors());
    }

    @Test
    void layoutIsTheSafetensorsFormat() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("w", Tensor.of(new float[] {1f, -2f, 0.5f, 3f}, 2, 2));
        tensors.put("b", Tensor.of(new double[] {0.25, -8}, 2));
        byte[] bytes = Safetensors.toBytes(tensors, Map.of("epoch", "3"));

        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong(0);
        assertEquals(0, (8 + n) % 8, "data starts 8-byte aligned");
        String headerText = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        String padding = headerText.substring(headerText.lastIndexOf('}') + 1);
        assertTrue(headerText.startsWith("{") && padding.isBlank() && padding.length() < 8,
                "padding: '" + padding + "'");
        Map<String, Object> header = Json.parse(headerText);
        assertEquals(List.of("__metadata__", "w", "b"), new ArrayList<>(header.keySet()));
        assertEquals(Map.of("epoch", "3"), header.get("__metadata__"));
        assertEquals(Map.of("dtype", "F32", "shape", List.of(2, 2), "data_offsets", List.of(0, 16)), header.get("w"));
        assertEquals(Map.of("dtype", "F64", "shape", List.of(2), "data_offsets", List.of(16, 32)), header.get("b"));
        assertEquals(8 + n + 32, bytes.length);

        int data = (int) (8 + n);
        assertEquals(1f, buf.getFloat(data));
        assertEquals(-2f, buf.getFloat(data + 4));
        assertEquals(0.5f, buf.getFloat(data + 8));
        assertEquals(3f, buf.getFloat(data + 12));
        assertEquals(0.25, buf.getDouble(data + 16));
        assertEquals(-8.0, buf.getDouble(data + 24));
    }

    @Test
    void readsAHandBuiltFileWithUnpaddedHeaderAndDataOrderUnlikeHeaderOrder() {
        String header = "{\"b\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[8,16]},"
                + "\"a\":{\"shape\":[1,2],\"data_offsets\":[0,8],\"dtype\":\"F32\"},"
                + "\"__metadata__\":{\"x\":\"y\"}}";
        byte[] data = ByteBuffer.allocate(16).put(floatsLe(1.5f, -3f)).put(doublesLe(2.75)).array();

        SafetensorsFile file = Safetensors.fromBytes(build(header, data));

        assertEquals(List.of("b", "a"), new ArrayList<>(file.tensors().keySet()), "header order");
        assertSameTensor(Tensor.scalar(2.75, DType.F64), file.tensor("b"));
        assertSameTensor(Tensor.of(new float[] {1.5f, -3f}, 1, 2), file.tensor("a"));
        assertEquals(Map.of("x", "y"), file.metadata());
    }

    @Test
    void readTensorsAreFreshLeavesAndTheMapsAreReadOnly() {
        Tensor w = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        SafetensorsFile file = Safetensors.fromBytes(Safetensors.toBytes(Map.of("w", w), Map.of()));
        assertFalse(file.tensor("w").requiresGrad());
        assertThrows(UnsupportedOperationException.class, () -> file.tensors().put("x", w));
        assertThrows(UnsupportedOperationException.class, () -> file.metadata().put("x", "y"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> file.tensor("v"));
        assertTrue(e.getMessage().contains("'v'") && e.getMessage().contains("[w]"), e.getMessage());
    }

    @Test
    void writeRejectsReservedAndNullNamesBeforeTouchingTheFile() throws IOException {
        Path file = dir.resolve("m.safetensors");
        Files.writeString(file, "previous");
        Map<String, Tensor> reserved = Map.of("__metadata__", Tensor.scalar(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.write(file, reserved, Map.of()));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("reserved"), e.getMessage());
        Map<String, Tensor> nullTensor = new LinkedHashMap<>();
        nullTensor.put("w", null);
        e = assertThrows(IllegalArgumentException.class, () -> Safetensors.write(file, nullTensor, Map.of()));
        assertTrue(e.getMessage().contains("'w'"), e.getMessage());
        assertEquals("previous", Files.readString(file));
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count(), "no temporary file left behind");
        }
    }

    @Test
    void writeReplacesAnExistingFile() throws IOException {
        Path file = dir.resolve("m.safetensors");
        Safetensors.write(file, Map.of("a", Tensor.zeros(100)));
        Safetensors.write(file, Map.of("b", Tensor.scalar(2)));
        SafetensorsFile back = Safetensors.read(file);
        assertEquals(List.of("b"), new ArrayList<>(back.tensors().keySet()));
    }
}
