package dev.descent.io;

import static dev.descent.io.SafetensorsTest.build;
import static dev.descent.io.SafetensorsTest.floatsLe;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged and malicious files: each must give an IllegalArgumentException naming the file and the tensor. */
class SafetensorsHostileInputTest {
    private static final String SOURCE = "safetensors bytes";

    @TempDir
    Path dir;

    private static IllegalArgumentException rejects(byte[] file, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Safetensors.fromBytes(file));
        assertTrue(e.getMessage().startsWith(SOURCE + ": "), e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
        }
        return e;
    }

    private static IllegalArgumentException rejects(String header, byte[] data, String... fragments) {
        return rejects(build(header, data), fragments);
    }

    private static String entry(String name, String dtype, String shape, String offsets) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":" + offsets
                + "}";
    }

    private static byte[] smallValidFile() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("w", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        tensors.put("b", Tensor.of(new double[] {0.5, -0.5}, 2));
        tensors.put("s", Tensor.scalar(3));
        return Safetensors.toBytes(tensors, Map.of("format", "test"));
    }

    @Test
    void everyTruncationOfAValidFileIsAClearError() {
        byte[] valid = smallValidFile();
        Safetensors.fromBytes(valid);
        for (int length = 0; length < valid.length; length++) {
            rejects(Arrays.copyOf(valid, length));
        }
    }

    @Test
    void everyTruncationOnDiskIsAClearErrorNamingTheFile() throws IOException {
        byte[] valid = smallValidFile();
        for (int length = 0; length < valid.length; length++) {
            Path file = dir.resolve("cut-" + length + ".safetensors");
            Files.write(file, Arrays.copyOf(valid, length));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Safetensors.read(file));
            assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        }
    }

    @Test
    void truncatedDataNamesTheTensor() {
        byte[] valid = smallValidFile();
        rejects(Arrays.copyOf(valid, valid.length - 1), "tensor 's'", "run past the end", "truncated");
    }

    @Test
    void extraBytesAfterTheLastTensorAreAnError() {
        byte[] valid = smallValidFile();
        rejects(Arrays.copyOf(valid, valid.length + 3), "3 bytes after the end of the last tensor");
    }

    @Test
    void absurdHeaderLengthsAreRefusedWithoutAllocating() {
        for (long length : new long[] {Long.MAX_VALUE, -1L, Long.MIN_VALUE, 100_000_001L}) {
            byte[] file = ByteBuffer.allocate(100).order(ByteOrder.LITTLE_ENDIAN).putLong(length).array();
            rejects(file, "header length " + Long.toUnsignedString(length), "exceeds the limit");
        }
        byte[] file = ByteBuffer.allocate(100).order(ByteOrder.LITTLE_ENDIAN).putLong(50_000_000L).array();
        rejects(file, "header length 50000000 runs past the end of the 100-byte file");
    }

    @Test
    void sizesAHeaderClaimsAreCheckedAgainstTheFileBeforeAllocating() {
        // 2^31 - 100 F32 values would be 8 GB; the file has 4 bytes of data.
        rejects("{" + entry("big", "F32", "[2147483548]", "[0,8589934192]") + "}", floatsLe(1f),
                "tensor 'big'", "run past the end");
        rejects("{" + entry("wide", "F64", "[65536,65536]", "[0,34359738368]") + "}", floatsLe(1f),
                "tensor 'wide'", "more than", "elements");
    }

    @Test
    void dimensionsMustBeNonNegativeIntegersOfSaneSize() {
        byte[] data = floatsLe(1f, 2f);
        rejects("{" + entry("neg", "F32", "[-1,-2]", "[0,8]") + "}", data, "tensor 'neg'", "negative");
        rejects("{" + entry("huge", "F32", "[4294967296]", "[0,8]") + "}", data, "tensor 'huge'", "too large");
        rejects("{" + entry("bigint", "F32", "[123456789012345678901234567890]", "[0,8]") + "}", data,
                "tensor 'bigint'", "too large");
        rejects("{" + entry("frac", "F32", "[2.0]", "[0,8]") + "}", data, "tensor 'frac'", "integers");
        rejects("{" + entry("str", "F32", "[\"2\"]", "[0,8]") + "}", data, "tensor 'str'", "integers");
        // product overflows 64 bits if computed naively
        rejects("{" + entry("overflow", "F32", "[2147483647,2147483647,2147483647,0]", "[0,8]") + "}", data,
                "tensor 'overflow'", "elements");
        String tooManyDims = "[" + "1,".repeat(64) + "2]";
        rejects("{" + entry("rank", "F32", tooManyDims, "[0,8]") + "}", data, "tensor 'rank'", "64 dimensions");
    }

    @Test
    void offsetsThatLieAboutTheDataAreErrors() {
        byte[] eight = floatsLe(1f, 2f);
        rejects("{" + entry("short", "F32", "[2]", "[0,4]") + "}", eight, "tensor 'short'", "needs 8 bytes", "hold 4");
        rejects("{" + entry("back", "F32", "[0]", "[8,0]") + "}", eight, "tensor 'back'", "end before they begin");
        rejects("{" + entry("neg", "F32", "[1]", "[-4,0]") + "}", eight, "tensor 'neg'", "negative");
        rejects("{" + entry("three", "F32", "[2]", "[0,8,16]") + "}", eight, "tensor 'three'", "exactly two");
        rejects("{" + entry("one", "F32", "[2]", "[8]") + "}", eight, "tensor 'one'", "exactly two");
        rejects("{" + entry("past", "F32", "[2]", "[8,16]") + "}", eight, "tensor 'past'", "run past the end");
        rejects("{" + entry("a", "F32", "[2]", "[0,8]") + "," + entry("b", "F32", "[1]", "[4,8]") + "}", eight,
                "tensor 'b'", "overlap tensor 'a'");
        rejects("{" + entry("a", "F32", "[1]", "[0,4]") + "," + entry("b", "F32", "[1]", "[0,4]") + "}", eight,
                "overlap");
        rejects("{" + entry("g", "F32", "[1]", "[4,8]") + "}", eight, "tensor 'g'", "gap of 4 bytes");
        rejects("{" + entry("a", "F32", "[0]", "[0,0]") + "," + entry("b", "F32", "[1]", "[4,8]") + "}", eight,
                "tensor 'b'", "gap of 4 bytes after tensor 'a'");
    }

    @Test
    void headerStructureIsChecked() {
        byte[] four = floatsLe(1f);
        rejects("{" + entry("x", "F16", "[2]", "[0,4]") + "}", four, "tensor 'x'", "unsupported dtype 'F16'");
        rejects("{" + entry("x", "I64", "[]", "[0,8]") + "}", floatsLe(1f, 2f), "tensor 'x'", "unsupported dtype");
        rejects("{\"x\":{\"dtype\":\"F32\",\"shape\":[1]}}", four, "tensor 'x'", "missing field 'data_offsets'");
        rejects("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"extra\":1}}", four,
                "tensor 'x'", "unknown field 'extra'");
        rejects("{\"x\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", four,
                "tensor 'x'", "'dtype' appears twice");
        rejects("{" + entry("x", "F32", "[1]", "[0,4]") + "," + entry("x", "F32", "[0]", "[4,4]") + "}", four,
                "tensor 'x'", "appears twice");
        rejects("{\"x\":[1,2]}", four, "tensor 'x'", "expected an object");
        rejects("{\"x\":{\"dtype\":7,\"shape\":[1],\"data_offsets\":[0,4]}}", four, "tensor 'x'", "dtype");
        rejects("[1,2,3]", four, "must be a JSON object");
        rejects("", four, "must be a JSON object");
        rejects("{}{}", new byte[0], "after the header");
    }

    @Test
    void metadataMustBeAnObjectOfStrings() {
        rejects("{\"__metadata__\":{\"epoch\":3}}", new byte[0], "'__metadata__' entry 'epoch' must be a string");
        rejects("{\"__metadata__\":[\"a\"]}", new byte[0], "'__metadata__' must be an object");
        rejects("{\"__metadata__\":{},\"__metadata__\":{}}", new byte[0], "'__metadata__' twice");
        rejects("{\"__metadata__\":{\"k\":\"a\",\"k\":\"b\"}}", new byte[0], "key 'k' twice");
    }

    @Test
    void malformedJsonSaysWhatAndWhere() {
        rejects("{" + entry("x", "F32", "[1]", "[0,4]") + ",}", floatsLe(1f), "malformed header JSON", "column");
        rejects("{\"x\":{\"dtype\":\"F32\",\"shape\":[1], data_offsets:[0,4]}}", floatsLe(1f), "tensor 'x'",
                "malformed header JSON");
        rejects("{\"x\":{\"dtype\":\"F3", new byte[0], "malformed header JSON");
    }

    @Test
    void headerMustBeUtf8() {
        byte[] file = build("{\"__metadata__\":{\"k\":\"??\"}}", new byte[0]);
        int at = new String(file, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("??");
        file[at] = (byte) 0xC3;
        file[at + 1] = (byte) 0x28; // an invalid two-byte sequence
        rejects(file, "not valid UTF-8");
    }

    @Test
    void deeplyNestedJsonIsRefusedWithoutRecursing() {
        int depth = 10_000;
        String arrays = "[".repeat(depth) + "]".repeat(depth);
        rejects(arrays, new byte[0], "must be a JSON object");
        rejects("{\"x\":" + arrays + "}", new byte[0], "tensor 'x'", "expected an object");
        rejects("{\"x\":{\"shape\":" + arrays + "}}", new byte[0], "tensor 'x'", "shape must hold integers");
        rejects("{\"__metadata__\":{\"k\":" + arrays + "}}", new byte[0], "must be a string");
        String objects = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
        rejects(objects, new byte[0], "tensor 'a'", "unknown field 'a'");
    }

    @Test
    void aFileThatIsNotSafetensorsAtAllIsRefused() {
        rejects("PK\u0003\u0004 this is a zip file".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                "header length");
        rejects(new byte[8], "must be a JSON object"); // header length 0
    }

    @Test
    void aLargeValidTensorNextToATinyFileCannotBeFaked() {
        // Correct-looking header for 10^8 doubles; only the header is present.
        String header = "{" + entry("x", "F64", "[100000000]", "[0,800000000]") + "}";
        rejects(header, new byte[16], "tensor 'x'", "run past the end");
        Tensor ok = Tensor.zeros(DType.F64, 2);
        Safetensors.fromBytes(Safetensors.toBytes(Map.of("x", ok), Map.of()));
    }
}
