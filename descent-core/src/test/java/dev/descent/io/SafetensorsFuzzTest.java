package dev.descent.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.descent.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * Coverage-guided fuzzing of the safetensors reader (header JSON, dtypes, shapes, data offsets against the real
 * size). First byte even: the rest is the whole file. Odd: the next two bytes give a header length h, the next h
 * bytes are the header and the rest the data, and the 8-byte length prefix is written correctly, so the fuzzer
 * spends its time on the header rather than on guessing the prefix. Whatever parses must write back to the same
 * tensors and metadata; everything else must be an {@link IllegalArgumentException} with a message.
 * Seeds: {@code SafetensorsFuzzTestInputs/}.
 */
class SafetensorsFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void readsOrRejects(byte[] input) {
        if (input.length == 0) {
            return;
        }
        byte[] file = (input[0] & 1) == 0 ? java.util.Arrays.copyOfRange(input, 1, input.length) : framed(input);
        Safetensors.SafetensorsFile parsed;
        try {
            parsed = Safetensors.fromBytes(file);
        } catch (IllegalArgumentException e) {
            assertNotNull(e.getMessage());
            assertFalse(e.getMessage().isBlank());
            return;
        }
        Safetensors.SafetensorsFile again = Safetensors.fromBytes(Safetensors.toBytes(parsed.tensors(),
                parsed.metadata()));
        assertEquals(parsed.metadata(), again.metadata());
        assertEquals(parsed.tensors().keySet(), again.tensors().keySet());
        for (Map.Entry<String, Tensor> e : parsed.tensors().entrySet()) {
            Tensor a = e.getValue();
            Tensor b = again.tensors().get(e.getKey());
            assertEquals(a.dtype(), b.dtype());
            assertArrayEquals(a.shape(), b.shape());
            assertArrayEquals(a.toDoubleArray(), b.toDoubleArray()); // NaN payloads aside, bit-for-bit
        }
    }

    /** [1 byte mode][2 bytes header length h, big-endian][h bytes header][data] → a file with a correct prefix. */
    static byte[] framed(byte[] input) {
        if (input.length < 3) {
            return new byte[0];
        }
        int h = Math.min(((input[1] & 0xFF) << 8) | (input[2] & 0xFF), input.length - 3);
        ByteBuffer out = ByteBuffer.allocate(8 + input.length - 3).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(h);
        out.put(input, 3, input.length - 3);
        return out.array();
    }
}
