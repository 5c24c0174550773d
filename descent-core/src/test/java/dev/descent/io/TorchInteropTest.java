package dev.descent.io;

import static dev.descent.io.CheckpointTest.assertClose;
import static dev.descent.io.CheckpointTest.outputs;
import static dev.descent.io.CheckpointTest.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.loss.Losses;
import dev.descent.nn.Activation;
import dev.descent.nn.Mlp;
import dev.descent.nn.Sequential;
import dev.descent.tensor.DType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weights exchanged with PyTorch both ways. The fixture {@code torch-4-5-3*} was made by
 * {@code src/test/python/torch_interop.py fixture} with Debian's python3-torch 1.13.1: a state dict of
 * {@code nn.Sequential(Linear(4, 5), ReLU(), Linear(5, 3))}, six inputs and PyTorch's outputs, so that test needs
 * no Python. The other direction runs the script itself and is skipped where {@code /usr/bin/python3} has no torch.
 */
class TorchInteropTest {
    /** Debian's python3 (where python3-torch installs); {@code -Ddescent.python=PATH} names another. */
    private static final Path PYTHON = Path.of(System.getProperty("descent.python", "/usr/bin/python3"));
    private static final Path SCRIPT = Path.of("src/test/python/torch_interop.py");

    @TempDir
    Path dir;

    static float[][] floats(List<double[]> rows) {
        float[][] out = new float[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = new float[rows.get(i).length];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = (float) rows.get(i)[j];
            }
        }
        return out;
    }

    static List<double[]> csv(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank())
                .map(l -> java.util.Arrays.stream(l.split(",")).mapToDouble(Double::parseDouble).toArray()).toList();
    }

    @Test
    void aPyTorchStateDictPredictsAsPyTorchDid() throws Exception {
        Sequential model = Mlp.of(4, 5, 3).build();
        model.loadStateDict(Safetensors.read(resource("torch-4-5-3.safetensors")).tensors());
        float[][] inputs = floats(csv(resource("torch-4-5-3-inputs.csv")));
        double[][] expected = csv(resource("torch-4-5-3-logits.csv")).toArray(double[][]::new);
        assertClose(expected, outputs(model, inputs), 1e-6);
    }

    @Test
    void pyTorchLoadsADescentCheckpointStrictlyAndPredictsTheSame() throws Exception {
        assumeTrue(torchAvailable(), PYTHON + " cannot import torch (Debian: apt-get install python3-torch)");
        float[][] inputs = {{0.5f, -1f, 2f, 0.25f}, {-3f, 0.125f, 1f, -0.5f}, {0f, 0f, 0f, 0f}};
        Path csv = dir.resolve("inputs.csv");
        StringBuilder text = new StringBuilder();
        for (float[] row : inputs) {
            for (int j = 0; j < row.length; j++) {
                text.append(j == 0 ? "" : ",").append(row[j]);
            }
            text.append('\n');
        }
        Files.writeString(csv, text);
        List<String> args = new java.util.ArrayList<>(List.of(SCRIPT.toString(), "predict"));
        Map<DType, Sequential> models = new java.util.EnumMap<>(DType.class);
        for (DType dtype : DType.values()) { // one Python process for both: importing torch takes seconds
            Sequential model = Mlp.of(4, 7, 5, 3).withActivation(Activation.tanh()).withDType(dtype).withSeed(11)
                    .build();
            Path run = dir.resolve(dtype.name());
            Checkpoint.of(model, Losses.crossEntropy(), "blobs").save(run);
            models.put(dtype, model);
            args.addAll(List.of(run.toString(), csv.toString()));
        }
        List<String> lines = run(args.toArray(String[]::new)).lines().toList();
        assertEquals(DType.values().length, lines.size(), String.join("\n", lines));
        for (DType dtype : DType.values()) {
            Map<String, Object> result = Json.parse(lines.get(dtype.ordinal()));
            @SuppressWarnings("unchecked")
            List<List<Number>> rows = (List<List<Number>>) result.get("outputs");
            double[][] torch = rows.stream().map(r -> r.stream().mapToDouble(Number::doubleValue).toArray())
                    .toArray(double[][]::new);
            assertClose(outputs(models.get(dtype), inputs), torch, 1e-6);
            @SuppressWarnings("unchecked")
            Map<String, Object> meta = (Map<String, Object>) result.get("metadata");
            assertEquals(dtype.name(), meta.get("dtype"));
            assertEquals("cross-entropy", meta.get("loss"));
            assertEquals("tanh", meta.get("activation"));
            assertEquals("blobs", meta.get("data"));
        }
    }

    static boolean torchAvailable() {
        try {
            run("-c", "import torch");
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs /usr/bin/python3 with {@code args}; its stdout, or an IOException with its stderr. */
    static String run(String... args) throws IOException {
        if (!Files.isExecutable(PYTHON)) {
            throw new IOException(PYTHON + " not found");
        }
        List<String> command = new java.util.ArrayList<>(List.of(PYTHON.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("python", ".out");
        Path err = Files.createTempFile("python", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("python did not finish in 120 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException("python " + args[0] + " failed: " + Files.readString(err));
            }
            return Files.readString(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
