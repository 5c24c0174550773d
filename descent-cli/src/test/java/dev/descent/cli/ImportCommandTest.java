package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.io.Checkpoint;
import dev.descent.io.Json;
import dev.descent.io.Safetensors;
import dev.descent.loss.Losses;
import dev.descent.nn.Mlp;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code descent import torch-weights}, through the real command line, on a state dict PyTorch wrote: the fixture in
 * {@code src/test/resources/interop}, made by {@code descent-core/src/test/python/torch_interop.py fixture} (an
 * {@code nn.Sequential(Linear(4, 5), ReLU(), Linear(5, 3))}, six inputs and PyTorch's softmax of its outputs).
 */
class ImportCommandTest {
    @TempDir
    Path tmp;

    static Path resource(String name) throws Exception {
        return Path.of(ImportCommandTest.class.getResource("/interop/" + name).toURI());
    }

    private String torchWeights() throws Exception {
        return resource("torch-4-5-3.safetensors").toString();
    }

    @Test
    void aPyTorchStateDictPredictsAsPyTorchDid() throws Exception {
        Path run = tmp.resolve("torch");
        CommandRun imported = CommandRun.of("import", "torch-weights", torchWeights(), "--model", "4-5-3",
                "--activation", "relu", "--out", run.toString());
        assertEquals(0, imported.exitCode(), imported.err());
        assertTrue(imported.out().contains("wrote: " + run.resolve(Checkpoint.FILE_NAME)), imported.out());
        CommandRun r = CommandRun.of("predict", run.toString(), resource("torch-4-5-3-inputs.csv").toString(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        List<?> predictions = (List<?>) Json.parse(r.out()).get("predictions");
        List<String> expected = Files.readAllLines(resource("torch-4-5-3-probabilities.csv"));
        assertEquals(expected.size(), predictions.size());
        for (int i = 0; i < expected.size(); i++) {
            double[] torch = Arrays.stream(expected.get(i).split(",")).mapToDouble(Double::parseDouble).toArray();
            double[] descent = ((List<?>) ((Map<?, ?>) predictions.get(i)).get("probabilities")).stream()
                    .mapToDouble(v -> ((Number) v).doubleValue()).toArray();
            assertArrayEquals(torch, descent, 1e-6, "row " + i);
        }
    }

    @Test
    void anImportedRunEvaluatesAndTrainsOn() throws Exception {
        Path csv = tmp.resolve("four.csv");
        StringBuilder rows = new StringBuilder("a,b,c,d,label\n");
        Rng rng = Rng.of(5);
        for (int i = 0; i < 60; i++) {
            double a = rng.nextGaussian();
            double b = rng.nextGaussian();
            rows.append(String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%.4f,%d%n", a, b, rng.nextGaussian(),
                    rng.nextGaussian(), a > 0.5 ? 0 : b > 0 ? 1 : 2));
        }
        Files.writeString(csv, rows);
        Path run = tmp.resolve("torch");
        String data = "csv=" + csv;
        assertEquals(0, CommandRun.of("import", "torch-weights", torchWeights(), "--model", "4-5-3", "--data", data,
                "--optimizer", "adam", "--lr", "0.01", "--out", run.toString()).exitCode());
        CommandRun eval = CommandRun.of("eval", run.toString(), "--json");
        assertEquals(0, eval.exitCode(), eval.err());
        assertEquals(12L, ((Number) Json.parse(eval.out()).get("examples")).longValue());
        CommandRun noEpochs = CommandRun.of("train", "--resume", run.toString());
        assertEquals(2, noEpochs.exitCode(), noEpochs.err());
        assertTrue(noEpochs.err().contains("pass --epochs N"), noEpochs.err());
        CommandRun resumed = CommandRun.of("train", "--resume", run.toString(), "--epochs", "2", "--json");
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertEquals(2, Checkpoint.load(run).history().epochs().size());
    }

    @Test
    void withoutDataEvalAsksForItAndResumeSaysWhy() throws Exception {
        Path run = tmp.resolve("torch");
        assertEquals(0, CommandRun.of("import", "torch-weights", torchWeights(), "--model", "4-5-3", "--out",
                run.toString()).exitCode());
        CommandRun eval = CommandRun.of("eval", run.toString());
        assertEquals(2, eval.exitCode());
        assertTrue(eval.oneLineError() && eval.err().contains("pass --data SPEC"), eval.err());
        CommandRun resume = CommandRun.of("train", "--resume", run.toString(), "--epochs", "2");
        assertEquals(2, resume.exitCode());
        assertTrue(resume.oneLineError() && resume.err().contains("has no training settings (data)"), resume.err());
    }

    @Test
    void aLibraryCheckpointIsReadByEvalAndPredict() throws Exception {
        Path run = tmp.resolve("library");
        Checkpoint.of(Mlp.of(2, 8, 2).withSeed(3).build(), Losses.crossEntropy(), "moons").save(run);
        CommandRun eval = CommandRun.of("eval", run.toString(), "--json");
        assertEquals(0, eval.exitCode(), eval.err());
        CommandRun text = CommandRun.of("eval", run.toString());
        assertTrue(text.out().contains("(2-8-2 relu, cross-entropy, not trained by descent train)"), text.out());
        Path points = tmp.resolve("points.csv");
        Files.writeString(points, "0.5,0.25\n-1,1.5\n");
        CommandRun predict = CommandRun.of("predict", run.toString(), points.toString(), "--json");
        assertEquals(0, predict.exitCode(), predict.err());
        assertEquals(2, ((List<?>) Json.parse(predict.out()).get("predictions")).size());
    }

    @Test
    void aCheckpointWithoutRunSettingsSaysHowToSaveOneThatEvalReads() throws Exception {
        Path run = tmp.resolve("bare");
        Checkpoint.save(run, new Checkpoint(Mlp.of(2, 2).build(), null, null, null, Map.of()));
        CommandRun eval = CommandRun.of("eval", run.toString());
        assertEquals(1, eval.exitCode());
        assertTrue(eval.oneLineError() && eval.err().contains("save with Checkpoint.of(model, loss, data)"),
                eval.err());
    }

    @Test
    void tensorsThatDoNotFitGiveOneLineNamingTheTensor() throws Exception {
        Path out = tmp.resolve("bad");
        expectError("missing tensor 4.weight", "import", "torch-weights", torchWeights(), "--model", "4-5-3-3",
                "--out", out.toString());
        expectError("tensor 0.weight has shape [5, 4], layer 0 Linear(in=4, out=6, bias=true) needs [6, 4]",
                "import", "torch-weights", torchWeights(), "--model", "4-6-3", "--out", out.toString());
        Map<String, Tensor> extra = new LinkedHashMap<>(Safetensors.read(Path.of(torchWeights())).tensors());
        extra.put("4.weight", Tensor.zeros(2, 3));
        Path extraFile = tmp.resolve("extra.safetensors");
        Safetensors.write(extraFile, extra);
        expectError("unexpected tensor 4.weight", "import", "torch-weights", extraFile.toString(), "--model", "4-5-3",
                "--out", out.toString());
        Map<String, Tensor> held = new LinkedHashMap<>();
        Safetensors.read(Path.of(torchWeights())).tensors().forEach((k, v) -> held.put("net." + k, v));
        Path prefixed = tmp.resolve("prefixed.safetensors");
        Safetensors.write(prefixed, held);
        expectError("add --prefix net.", "import", "torch-weights", prefixed.toString(), "--model", "4-5-3",
                "--out", out.toString());
        assertEquals(0, CommandRun.of("import", "torch-weights", prefixed.toString(), "--model", "4-5-3",
                "--prefix", "net.", "--out", out.toString()).exitCode());
        Path integers = tmp.resolve("int64.safetensors");
        Files.write(integers, int64File());
        expectError("tensor '0.weight': unsupported dtype 'I64'", "import", "torch-weights", integers.toString(),
                "--model", "4-5-3", "--out", tmp.resolve("int").toString());
        assertTrue(!Files.exists(tmp.resolve("int")), "no run directory for a refused file");
    }

    /** A state dict whose first tensor holds 64-bit integers, as torch.long parameters would be saved. */
    private static byte[] int64File() {
        String header = "{\"0.weight\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + 8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h)
                .putLong(7).array();
    }

    private static void expectError(String expected, String... args) throws IOException {
        CommandRun r = CommandRun.of(args);
        assertEquals(1, r.exitCode(), r.out() + r.err());
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains(expected), r.err());
    }
}
