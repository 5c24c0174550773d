package dev.descent.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.FeatureStats;
import dev.descent.loss.Losses;
import dev.descent.nn.Activation;
import dev.descent.nn.Linear;
import dev.descent.nn.Mlp;
import dev.descent.nn.Sequential;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint layout: PyTorch's state_dict names and shapes, plain metadata, and the first format still read. */
class CheckpointTest {
    @TempDir
    Path dir;

    static Path resource(String name) throws URISyntaxException {
        return Path.of(CheckpointTest.class.getResource("/io/" + name).toURI());
    }

    static double[][] outputs(Sequential model, float[][] rows) {
        int features = rows[0].length;
        float[] x = new float[rows.length * features];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, x, i * features, features);
        }
        Tensor y;
        try (var ignored = Tensor.noGrad()) {
            Tensor in = Tensor.of(x, rows.length, features);
            y = model.forward(in.to(model.parameterTensors().get(0).dtype()));
        }
        double[][] out = new double[rows.length][y.size(1)];
        for (int i = 0; i < rows.length; i++) {
            for (int c = 0; c < y.size(1); c++) {
                out[i][c] = y.get(i, c);
            }
        }
        return out;
    }

    static void assertClose(double[][] expected, double[][] actual, double tolerance) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual[i], tolerance, "row " + i);
        }
    }

    /**
     * checkpoint-v1.safetensors: written by 'descent train --data moons --model 2-4-3-2 --activation tanh --loss
     * cross-entropy --optimizer adam --lr 0.05 --epochs 2 --limit 40 --seed 3' before the layout changed (weights
     * [in, out]); the outputs were computed from the file's raw numbers in PyTorch (F64).
     */
    @Test
    void formatOneCheckpointStillLoads() throws Exception {
        Checkpoint c = Checkpoint.load(resource("checkpoint-v1.safetensors"));
        assertEquals("linear:2:4,tanh,linear:4:3,tanh,linear:3:2", c.architecture());
        assertEquals("moons", c.info().get("data"));
        assertEquals(2, c.history().epochs().size());
        assertTrue(c.optimizerState().containsKey("0.exp_avg"));
        double[][] expected = {{0.06923963683077575, 0.19125622245395973},
            {-0.009275124774583365, -2.531705982491496}};
        assertClose(expected, outputs(c.model(), new float[][] {{0.5f, 0.25f}, {-1f, 1.5f}}), 1e-6);
    }

    @Test
    void modelTensorsAreAPyTorchStateDictUnderTheModelPrefix() throws IOException {
        Sequential model = Mlp.of(4, 5, 3).withSeed(7).build();
        Path file = Checkpoint.of(model, Losses.crossEntropy(), "blobs").save(dir);
        Safetensors.SafetensorsFile st = Safetensors.read(file);
        Map<String, Tensor> modelTensors = new LinkedHashMap<>();
        st.tensors().forEach((k, v) -> {
            if (k.startsWith(Checkpoint.MODEL_PREFIX)) {
                modelTensors.put(k, v);
            }
        });
        assertEquals(List.of("model.0.weight", "model.0.bias", "model.2.weight", "model.2.bias"),
                List.copyOf(modelTensors.keySet()));
        assertArrayEquals(new int[] {5, 4}, modelTensors.get("model.0.weight").shape());
        assertArrayEquals(new int[] {3, 5}, modelTensors.get("model.2.weight").shape());
        assertEquals(DType.F32, modelTensors.get("model.0.weight").dtype());
        Linear first = (Linear) model.layers().get(0);
        Tensor saved = modelTensors.get("model.0.weight");
        for (int i = 0; i < 4; i++) {
            for (int o = 0; o < 5; o++) {
                assertEquals(first.weight().get(i, o), saved.get(o, i), 0.0, "weight [" + o + ", " + i + "]");
            }
        }
        Map<String, String> meta = st.metadata();
        assertEquals("descent-checkpoint-2", meta.get("format"));
        assertEquals("linear:4:5,relu,linear:5:3", meta.get("architecture"));
        assertEquals("F32", meta.get("dtype"));
        assertEquals("cross-entropy", meta.get("loss"));
        assertEquals("relu", meta.get("activation"));
        assertEquals("blobs", meta.get("data"));
    }

    @Test
    void savedAndLoadedModelsPredictTheSameInBothDtypes() throws IOException {
        for (DType dtype : DType.values()) {
            Sequential model = Mlp.of(3, 6, 4, 2).withActivation(Activation.tanh()).withDType(dtype).withSeed(5)
                    .build();
            Path file = Checkpoint.of(model, Losses.mse(), null).save(dir.resolve(dtype.name()));
            assertEquals(dtype.name(), Safetensors.read(file).metadata().get("dtype"));
            Checkpoint back = Checkpoint.load(file);
            float[][] x = {{0.1f, -2f, 3f}, {1f, 0.5f, -0.25f}};
            assertClose(outputs(model, x), outputs(back.model(), x), 0.0);
            assertEquals("3-6-4-2", back.info().get("model"));
            assertEquals("tanh", back.info().get("activation"));
            assertEquals(dtype.name(), back.info().get("dtype"));
        }
    }

    @Test
    void inputNormalizationRoundTripsExactlyAndIsAbsentFromOlderCheckpoints() throws Exception {
        FeatureStats stats = new FeatureStats(new float[] {0.13066062f, -2.5e-7f}, new float[] {0.30810776f, 3f});
        Map<String, String> info = new LinkedHashMap<>(Checkpoint.of(Sequential.mlp(2, 2), Losses.mse(), null).info());
        info.put(Checkpoint.NORMALIZATION, Checkpoint.normalizationInfo(stats));
        Path file = new Checkpoint(Sequential.mlp(2, 2), null, null, null, info).save(dir);
        Checkpoint back = Checkpoint.load(dir);
        assertEquals(stats, back.normalization().orElseThrow());
        // a plain metadata key too, for Python's json.loads
        Map<String, Object> plain = Json.parse(Safetensors.read(file).metadata().get("normalization"));
        assertEquals(List.of(0.13066062, -2.5e-7), plain.get("mean"));
        assertTrue(Checkpoint.load(resource("checkpoint-v1.safetensors")).normalization().isEmpty());

        info.put(Checkpoint.NORMALIZATION, "{\"mean\":[0.5],\"std\":[0]}");
        new Checkpoint(Sequential.mlp(2, 2), null, null, null, info).save(dir);
        IllegalArgumentException damaged = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(dir));
        assertTrue(damaged.getMessage().contains("input normalization is damaged"), damaged.getMessage());
    }

    @Test
    void nullArgumentsNameTheParameterAndTheRightCall() {
        Sequential model = Sequential.mlp(2, 2);
        IllegalArgumentException noLoss = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.of(model, null, "moons"));
        assertTrue(noLoss.getMessage().contains("loss is null") && noLoss.getMessage().contains("Losses."),
                noLoss.getMessage());
        IllegalArgumentException noModel = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.of(null, Losses.mse(), "moons"));
        assertTrue(noModel.getMessage().contains("model is null"), noModel.getMessage());
    }

    @Test
    void aWeightStoredTheOldWayInTheNewFormatIsRefusedNamingTheTensor() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("model.0.weight", Tensor.zeros(4, 5)); // [in, out]: the first format's layout
        tensors.put("model.0.bias", Tensor.zeros(5));
        Path file = dir.resolve("mixed.safetensors");
        Safetensors.write(file, tensors, Map.of("format", "descent-checkpoint-2", "architecture", "linear:4:5"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(file));
        assertTrue(e.getMessage().contains("tensor model.0.weight has shape [4, 5]")
                && e.getMessage().contains("needs [5, 4]"), e.getMessage());
    }
}
