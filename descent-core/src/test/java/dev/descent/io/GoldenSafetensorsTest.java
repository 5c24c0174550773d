package dev.descent.io;

import static dev.descent.io.SafetensorsTest.assertSameTensors;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.io.Safetensors.SafetensorsFile;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Format compatibility, both ways. {@code golden-v1.safetensors} was written by this code and checked with
 * {@code check_safetensors.py} and with Python's {@code safetensors} 0.8.0; {@code python-v1.safetensors} was
 * written by Python's {@code safetensors.numpy.save_file}. Both must keep reading the same, and writing the golden
 * tensors must keep giving the golden bytes.
 */
class GoldenSafetensorsTest {
    static Map<String, Tensor> goldenTensors() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("linear.weight", Tensor.of(new float[] {1f, -2f, 0.5f, 0.1f, Float.MIN_VALUE, -0.0f}, 2, 3));
        tensors.put("linear.bias", Tensor.of(new double[] {0.1, -1e300, Double.POSITIVE_INFINITY}, 3));
        tensors.put("step", Tensor.scalar(42, DType.F64));
        tensors.put("empty", Tensor.zeros(DType.F32, 0, 4));
        tensors.put("loss", Tensor.scalar(0.6931472f));
        return tensors;
    }

    static Map<String, String> goldenMetadata() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "descent-golden-1");
        metadata.put("note", "ünïcode ∂L/∂w");
        return metadata;
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(GoldenSafetensorsTest.class.getResource("/io/" + name).toURI());
    }

    @Test
    void goldenFileReadsBackTheGoldenTensors() throws Exception {
        SafetensorsFile file = Safetensors.read(resource("golden-v1.safetensors"));
        assertSameTensors(goldenTensors(), file.tensors());
        assertEquals(goldenMetadata(), file.metadata());
    }

    @Test
    void writingTheGoldenTensorsGivesTheGoldenBytes() throws Exception {
        byte[] golden = Files.readAllBytes(resource("golden-v1.safetensors"));
        assertArrayEquals(golden, Safetensors.toBytes(goldenTensors(), goldenMetadata()));
    }

    @Test
    void readsAFileWrittenByPythonSafetensors() throws Exception {
        SafetensorsFile file = Safetensors.read(resource("python-v1.safetensors"));
        Map<String, Tensor> expected = new LinkedHashMap<>();
        // safetensors orders its header and data by dtype size, then name
        expected.put("b", Tensor.of(new double[] {0.25, -1.5, 1e-300}, 3));
        expected.put("s", Tensor.scalar(-3.5, DType.F64));
        expected.put("a", Tensor.of(new float[] {0f, 1f, 2f, 3f, 4f, 5f}, 2, 3));
        expected.put("e", Tensor.zeros(DType.F32, 0));
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(file.tensors().keySet()), "header order");
        expected.forEach((name, t) -> SafetensorsTest.assertSameTensor(t, file.tensor(name)));
        assertEquals(Map.of("framework", "numpy", "written_by", "python"), file.metadata());
    }

    /** Regenerates golden-v1.safetensors; run by hand only when the format version changes. */
    static void writeGolden(Path file) throws IOException {
        Safetensors.write(file, goldenTensors(), goldenMetadata());
    }
}
