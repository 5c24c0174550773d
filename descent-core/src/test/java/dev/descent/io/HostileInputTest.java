package dev.descent.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Csv;
import dev.descent.data.Idx;
import dev.descent.expr.Expression;
import dev.descent.expr.ExpressionException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classic attacks on every parser — oversized headers, lying lengths, negative and huge dimensions, deep
 * nesting, gigantic expressions — each refused with an {@link IllegalArgumentException} that says what is wrong,
 * after allocating little: a small file must not make Descent ask for gigabytes.
 */
class HostileInputTest {
    /** What any one refusal may allocate on its thread (class loading and messages included). */
    private static final long ALLOCATION_LIMIT = 32L << 20;

    @TempDir
    Path dir;

    private static void refused(String fragment, Executable parse) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, parse);
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertTrue(e.getMessage().contains(fragment), () -> "expected '" + fragment + "' in: " + e.getMessage());
        assertTrue(allocated < ALLOCATION_LIMIT, () -> "allocated " + allocated + " bytes to refuse: " + e.getMessage());
    }

    private Path file(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private static byte[] idx(int magic, int... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.array();
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    @Test
    void idxHeadersThatLie() throws IOException {
        refused("more than", () -> Idx.readImages(file("huge.idx", idx(0x803, 0x7fffffff, 0x7fffffff, 1))));
        refused("truncated", () -> Idx.readImages(file("lying.idx", idx(0x803, 1_000_000_000, 1, 1))));
        refused("expected a positive size", () -> Idx.readImages(file("negative.idx", idx(0x803, -1, 28, 28))));
        refused("can hold", () -> Idx.readImages(file("bomb.idx.gz", gzip(idx(0x803, 60_000, 28, 28)))));
        refused("truncated", () -> Idx.readLabels(file("short.idx", new byte[] {0, 0, 8})));
        refused("magic number", () -> Idx.readLabels(file("dims255.idx", idx(0x8FF, 1))));
    }

    @Test
    void csvFilesThatAreNotWhatTheySeem() throws IOException {
        refused("not UTF-8", () -> Csv.read(file("binary.csv", new byte[] {'a', ',', 'b', '\n', (byte) 0xFF, ',', '1'})));
        refused("not closed", () -> Csv.read(file("quote.csv", "a,b\n\"1,2\n".getBytes(StandardCharsets.UTF_8))));
        refused("too large to be a class index",
                () -> Csv.read(file("labels.csv", "x,y\n1,999999999\n".getBytes(StandardCharsets.UTF_8))));
        refused("fields, expected 3", () -> Csv.read(file("ragged.csv", "a,b,c\n1,2\n".getBytes(StandardCharsets.UTF_8))));
    }

    private static byte[] safetensors(long declaredHeaderLength, String header) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(declaredHeaderLength).put(h);
        return b.array();
    }

    @Test
    void safetensorsHeadersThatLie() {
        refused("exceeds the limit", () -> Safetensors.fromBytes(safetensors(Long.MAX_VALUE, "{}")));
        refused("runs past the end", () -> Safetensors.fromBytes(safetensors(99_000_000, "{}")));
        String huge = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2147483647,2147483647],\"data_offsets\":[0,4]}}";
        refused("'w'", () -> Safetensors.fromBytes(safetensors(huge.length(), huge)));
        String lying = "{\"w\":{\"dtype\":\"F64\",\"shape\":[1000000],\"data_offsets\":[0,8000000]}}";
        refused("run past the end of the data", () -> Safetensors.fromBytes(safetensors(lying.length(), lying)));
        String negative = "{\"w\":{\"dtype\":\"F32\",\"shape\":[-4],\"data_offsets\":[0,16]}}";
        refused("negative", () -> Safetensors.fromBytes(safetensors(negative.length(), negative)));
        String deep = "{\"__metadata__\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        refused("safetensors bytes", () -> Safetensors.fromBytes(safetensors(deep.length(), deep)));
    }

    @Test
    void checkpointMetadataThatLies() throws IOException {
        java.util.Map<String, dev.descent.tensor.Tensor> tensors = new java.util.LinkedHashMap<>();
        tensors.put("model.0.weight", dev.descent.tensor.Tensor.zeros(1, 1));
        tensors.put("model.0.bias", dev.descent.tensor.Tensor.zeros(1));
        Path bomb = dir.resolve("bomb.safetensors");
        Safetensors.write(bomb, tensors, java.util.Map.of("format", "descent-checkpoint-1",
                "architecture", "linear:40000:40000")); // 6.4 GB of fresh weights, from a 400-byte file
        refused("needs 1600040000 weights, but the file holds only 2", () -> Checkpoint.load(bomb));
        Path headless = dir.resolve("headless.safetensors");
        Safetensors.write(headless, tensors, java.util.Map.of("format", "descent-checkpoint-1"));
        refused("no 'architecture'", () -> Checkpoint.load(headless));
        Path dtype = dir.resolve("dtype.safetensors");
        Safetensors.write(dtype, tensors, java.util.Map.of("format", "descent-checkpoint-1", "architecture",
                "linear:1:1", "dtype", "F16"));
        refused("unknown dtype 'F16'", () -> Checkpoint.load(dtype));
        Path orphans = dir.resolve("orphans.safetensors");
        Safetensors.write(orphans, tensors, java.util.Map.of("format", "descent-checkpoint-1", "architecture",
                "tanh"));
        refused("tensor model.0.weight belongs to no layer", () -> Checkpoint.load(orphans));
    }

    @Test
    void aModelWithoutWeightsSavesAndLoads() throws IOException {
        dev.descent.nn.Sequential activations = dev.descent.nn.Sequential.of(dev.descent.nn.Activation.tanh());
        Checkpoint.save(dir, new Checkpoint(activations, null, null, null, null));
        assertTrue(Checkpoint.load(dir).model().parameterTensors().isEmpty());
    }

    @Test
    void jsonNestedTooDeep() {
        refused("malformed JSON", () -> Json.parse("{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}"));
        refused("duplicate key", () -> Json.parse("{\"a\":1,\"a\":2}"));
    }

    @Test
    void expressionsTooBigOrTooDeep() {
        refused("expression too long", () -> Expression.parse("x+".repeat(5001) + "x"));
        refused("nested too deeply", () -> Expression.parse("(".repeat(4000) + "x" + ")".repeat(4000)));
        refused("nested too deeply", () -> Expression.parse("-".repeat(9000) + "x"));
        refused("nested too deeply", () -> Expression.parse("2^".repeat(4000) + "2"));
        assertThrows(ExpressionException.class, () -> Expression.parse("sin(".repeat(2000) + "x" + ")".repeat(2000)));
    }
}
