package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.io.Checkpoint;
import dev.descent.io.Json;
import dev.descent.nn.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
    @TempDir
    Path tmp;

    private static final String[] MOONS = {"--data", "moons", "--model", "2-16-2", "--activation", "tanh", "--loss",
        "cross-entropy", "--optimizer", "adam", "--lr", "0.05", "--threads", "1"};

    private static String[] with(String[] base, String... more) {
        String[] all = new String[base.length + more.length + 1];
        all[0] = "train";
        System.arraycopy(base, 0, all, 1, base.length);
        System.arraycopy(more, 0, all, 1 + base.length, more.length);
        return all;
    }

    @Test
    void moonsReachHighAccuracyAndWriteTheRunDirectory() {
        Path out = tmp.resolve("moons");
        CommandRun r = CommandRun.of(with(MOONS, "--epochs", "20", "--out", out.toString()));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.percentAfter("test accuracy:") >= 95, r.out());
        assertTrue(r.out().contains("parameters: 82"), r.out());
        assertTrue(r.out().contains("learning-rate diagnosis"), r.out());
        for (String f : List.of("model.safetensors", "history.csv", "steps.csv", "loss.png")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        assertTrue(r.err().isEmpty(), r.err());
    }

    @Test
    void digitsLearnInAFewEpochs() throws Exception {
        Path out = tmp.resolve("digits");
        CommandRun r = CommandRun.of("train", "--limit", "2000", "--epochs", "3", "--threads", "1", "--out",
                out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("parameters: 13,002"), r.out());
        assertTrue(r.out().contains("784-16-16-10") || r.out().contains("Linear(in=784, out=16"), r.out());
        assertTrue(r.percentAfter("test accuracy:") > 60, r.out());
        List<String> history = Files.readAllLines(out.resolve("history.csv"));
        assertEquals(4, history.size(), "header and 3 epochs");
        assertTrue(history.get(0).startsWith("epoch,train_loss"));
        assertEquals(1 + 3 * 200, Files.readAllLines(out.resolve("steps.csv")).size());
    }

    @Test
    void resumedRunEndsWithTheSameWeightsAsAStraightOne() throws Exception {
        Path straight = tmp.resolve("straight");
        Path resumed = tmp.resolve("resumed");
        String[] settings = {"--data", "moons", "--limit", "400", "--model", "2-8-2", "--activation", "tanh",
            "--loss", "cross-entropy", "--optimizer", "momentum", "--schedule", "step:1:0.8", "--seed", "7",
            "--threads", "1"};
        assertEquals(0, CommandRun.of(with(settings, "--epochs", "4", "--out", straight.toString())).exitCode());
        assertEquals(0, CommandRun.of(with(settings, "--epochs", "2", "--out", resumed.toString())).exitCode());
        CommandRun r = CommandRun.of("train", "--resume", resumed.toString(), "--epochs", "4", "--threads", "1");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("resuming after epoch 2"), r.out());
        Checkpoint a = Checkpoint.load(straight);
        Checkpoint b = Checkpoint.load(resumed);
        List<Parameter> pa = a.model().parameters();
        List<Parameter> pb = b.model().parameters();
        assertEquals(pa.size(), pb.size());
        for (int i = 0; i < pa.size(); i++) {
            assertArrayEquals(pa.get(i).value().toDoubleArray(), pb.get(i).value().toDoubleArray(), 0.0,
                    pa.get(i).name());
        }
        assertEquals(4, b.history().epochs().size());
        assertArrayEquals(a.history().stepLosses(), b.history().stepLosses(), 0.0);
    }

    @Test
    void jsonIsOneObjectWithSettingsEpochsAndFiles() {
        Path out = tmp.resolve("json");
        CommandRun r = CommandRun.of(with(MOONS, "--epochs", "3", "--json", "--out", out.toString()));
        assertEquals(0, r.exitCode(), r.err());
        Map<String, Object> json = Json.parse(r.out());
        assertEquals("train", json.get("command"));
        assertEquals(3, ((List<?>) json.get("epochs")).size());
        assertTrue(((Number) json.get("testAccuracy")).doubleValue() > 0.5);
        assertTrue(json.get("diagnosis") instanceof Map);
        assertTrue(((Map<?, ?>) json.get("files")).containsKey("lossPng"));
        assertEquals("adam", ((Map<?, ?>) json.get("settings")).get("optimizer"));
    }

    @Test
    void untilStopsEarly() {
        CommandRun r = CommandRun.of(with(MOONS, "--epochs", "50", "--until", "loss<0.5", "--out",
                tmp.resolve("until").toString()));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("below 0.5"), r.out());
    }

    @Test
    void unknownOptionIsAUsageError() {
        CommandRun r = CommandRun.of("train", "--epocs", "3");
        assertEquals(2, r.exitCode());
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("--epocs"), r.err());
    }

    @Test
    void sparkWithoutTheSparkModuleSaysHowToBuildItBeforeTraining() {
        Path out = tmp.resolve("spark");
        CommandRun r = CommandRun.of(with(MOONS, "--spark", "local[2]", "--out", out.toString()));
        assertEquals(1, r.exitCode());
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("descent-spark is not on the class path")
                && r.err().contains("-pl descent-spark -am package"), r.err());
        assertTrue(r.out().isEmpty(), r.out());
        assertTrue(!Files.exists(out), "no run directory");
    }

    @Test
    void unknownDataSetNamesTheKnownOnes() {
        CommandRun r = CommandRun.of("train", "--data", "nosuch", "--out", tmp.resolve("x").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("unknown data set 'nosuch'") && r.err().contains("moons"), r.err());
    }

    @Test
    void missingDataSetSaysHowToGetIt() {
        CommandRun r = CommandRun.of("train", "--data", "fashion-mnist=" + tmp.resolve("empty"), "--out",
                tmp.resolve("x").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("apt-get install dataset-fashion-mnist"), r.err());
    }

    @Test
    void modelThatDoesNotFitTheDataSaysWhichWidthsToUse() {
        CommandRun r = CommandRun.of("train", "--data", "moons", "--model", "784-30-10", "--out",
                tmp.resolve("x").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("use --model 2-30-2"), r.err());
    }

    @Test
    void unwritableOutputDirectoryFailsBeforeTraining() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        CommandRun r = CommandRun.of("train", "--data", "moons", "--out", file.resolve("run").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("cannot write to output directory"), r.err());
        assertTrue(r.out().isEmpty(), r.out());
    }

    @Test
    void badOptionValuesAreUsageErrors() {
        for (String[] args : List.of(new String[] {"train", "--optimizer", "adamx"},
                new String[] {"train", "--schedule", "step:x"}, new String[] {"train", "--until", "loss>3"},
                new String[] {"train", "--model", "784-a-10"}, new String[] {"train", "--loss", "nll"})) {
            CommandRun r = CommandRun.of(args);
            assertEquals(2, r.exitCode(), String.join(" ", args) + "\n" + r.err());
            assertTrue(r.oneLineError(), r.err());
        }
    }

    @Test
    void mistypedChoicesAreUsageErrorsNamingTheNearestChoice() {
        String[][] cases = {{"--loss", "mse2", "did you mean mse?"}, {"--activation", "tanhh", "did you mean tanh?"},
            {"--init", "xavir", "did you mean xavier?"}, {"--optimizer", "adamx", "did you mean adam?"},
            {"--optimizer", "rmsprob", "did you mean rmsprop?"}};
        for (String[] c : cases) {
            CommandRun r = CommandRun.of("train", c[0], c[1]);
            assertEquals(2, r.exitCode(), String.join(" ", c) + "\n" + r.err());
            assertTrue(r.oneLineError(), r.err());
            assertTrue(r.err().contains(c[2]) && r.err().contains(c[0]), r.err());
            assertTrue(r.out().isEmpty(), r.out());
        }
    }

    @Test
    void helpNamesTheRegistrysChoicesAndDefaultRates() {
        String help = CommandRun.of("train", "--help").out().replaceAll("\\s+", " ");
        for (var k : Choices.optimizers()) {
            assertTrue(help.contains(k.label()), k.label());
        }
        for (var k : Choices.losses()) {
            assertTrue(help.contains(k.label()), k.label());
        }
        for (var k : Choices.hiddenActivations()) {
            assertTrue(help.contains(k.label()), k.label());
        }
        for (var k : dev.descent.nn.Init.values()) {
            assertTrue(help.contains(k.label()), k.label());
        }
        // the rates train uses when --lr is not given, from the registry (RMSprop's was 0.01 in another list)
        assertTrue(help.contains("gd/sgd 3 with a squared-error loss (mse, sse, quadratic), else 0.1"), help);
        assertTrue(help.contains("rmsprop/adam/adamw 0.001"), help);
    }

    @Test
    void settingsOfOlderCheckpointsStillRead() {
        Map<String, String> info = new java.util.HashMap<>(Map.of("data", "moons", "limit", "0", "model", "2-8-2",
                "activation", "Tanh", "loss", "CE", "optimizer", "Adam", "lr", "0.05", "batch", "10", "seed", "7"));
        RunSettings old = RunSettings.fromInfo(info, "old");
        assertEquals(dev.descent.nn.Activation.Kind.TANH, old.activation());
        assertEquals(dev.descent.loss.LossKind.CROSS_ENTROPY, old.loss());
        assertEquals(dev.descent.optim.OptimizerKind.ADAM, old.optimizer());
        assertEquals(dev.descent.nn.Init.XAVIER_UNIFORM, old.init()); // no init: auto, Xavier for tanh
        info.put("init", "he_normal");
        info.put("activation", "leaky_relu");
        assertEquals(dev.descent.nn.Init.HE_NORMAL, RunSettings.fromInfo(info, "old").init());
        assertEquals("leaky-relu", RunSettings.fromInfo(info, "old").toInfo().get("activation"));
        info.put("loss", "hinge");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> RunSettings.fromInfo(info, "old"));
        assertTrue(e.getMessage().startsWith("old: run settings are damaged: unknown loss 'hinge'"), e.getMessage());
    }

    @Test
    void resumedPlateauRunEndsWithTheSameWeightsAsAStraightOne() throws Exception {
        Path straight = tmp.resolve("straight");
        Path resumed = tmp.resolve("resumed");
        String[] settings = {"--data", "moons", "--limit", "400", "--model", "2-8-2", "--activation", "tanh",
            "--loss", "cross-entropy", "--optimizer", "momentum", "--lr", "0.5", "--schedule", "plateau:1:0.5",
            "--seed", "7", "--threads", "1"};
        assertEquals(0, CommandRun.of(with(settings, "--epochs", "6", "--out", straight.toString())).exitCode());
        assertEquals(0, CommandRun.of(with(settings, "--epochs", "3", "--out", resumed.toString())).exitCode());
        assertEquals(0, CommandRun.of("train", "--resume", resumed.toString(), "--epochs", "6", "--threads", "1")
                .exitCode());
        Checkpoint a = Checkpoint.load(straight);
        Checkpoint b = Checkpoint.load(resumed);
        assertEquals(a.history(), b.history());
        for (int i = 0; i < a.model().parameters().size(); i++) {
            assertArrayEquals(a.model().parameters().get(i).value().toDoubleArray(),
                    b.model().parameters().get(i).value().toDoubleArray(), 0.0);
        }
    }

    @Test
    void resumeRefusesToChangeTheRunsSettings() {
        Path out = tmp.resolve("r");
        assertEquals(0, CommandRun.of(with(MOONS, "--epochs", "1", "--out", out.toString())).exitCode());
        CommandRun r = CommandRun.of("train", "--resume", out.toString(), "--lr", "0.1", "--epochs", "2");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--lr cannot be changed"), r.err());
        CommandRun again = CommandRun.of("train", "--resume", out.toString());
        assertEquals(2, again.exitCode());
        assertTrue(again.err().contains("already has 1 epochs"), again.err());
    }

    @Test
    void debugPrintsTheStackTrace() {
        CommandRun r = CommandRun.of("train", "--data", "nosuch", "--debug", "--out", tmp.resolve("x").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("\tat "), r.err());
    }

    @Test
    void divergenceInTheFirstEpochListsNoCheckpointAndSuggestsALowerRate() {
        Path out = tmp.resolve("diverged");
        CommandRun r = CommandRun.of("train", "--data", "line", "--model", "1-1", "--activation", "identity", "--loss",
                "mse", "--optimizer", "sgd", "--lr", "50", "--epochs", "5", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("diverged"), r.out());
        assertTrue(!Files.exists(out.resolve("model.safetensors")));
        assertTrue(!r.out().contains("model.safetensors") && !r.out().contains("--resume"), r.out());
        assertTrue(r.out().contains("change the learning rate"), r.out());
    }

    @Test
    void detectAnomalyNamesTheOpThatMadeTheFirstNaN() {
        CommandRun r = CommandRun.of("train", "--data", "line", "--model", "1-1", "--activation", "identity", "--loss",
                "mse", "--optimizer", "sgd", "--lr", "1e30", "--epochs", "3", "--detect-anomaly", "--out",
                tmp.resolve("anomaly").toString());
        assertEquals(1, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().startsWith("descent: anomaly in forward: 'pow' produced Infinity"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void aModelAtChanceLevelIsNotLearningWhateverTheRate() {
        // zero weights keep every hidden unit the same: the loss stays at ln 2 and the accuracy at 50%
        CommandRun r = CommandRun.of("train", "--data", "moons", "--model", "2-16-2", "--activation", "relu", "--init",
                "zeros", "--loss", "cross-entropy", "--optimizer", "adam", "--lr", "0.05", "--threads", "1", "--epochs",
                "10", "--out", tmp.resolve("zeros").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("learning-rate diagnosis (mean training loss of 10 epochs): not learning"), r.out());
        assertTrue(r.out().contains("chance level 0.693"), r.out());
        assertTrue(!r.out().contains("learning rate fine") && !r.out().contains("NaN"), r.out());
    }

    @Test
    void saturatedOutputsWithVanishedGradientsAreNotLearningNotATooLargeRate() {
        // 5,000 sigmoid units into one output with N(0, 1) weights: its input is ~N(0, 50²), so the output saturates,
        // the gradient vanishes (~1e-13) and accuracy stays at 50%; this was called "learning rate too large"
        CommandRun r = CommandRun.of("train", "--data", "moons", "--model", "2-5000-2", "--threads", "1", "--epochs",
                "3", "--out", tmp.resolve("saturated").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("learning-rate diagnosis (loss of 300 steps in chunk means): not learning"), r.out());
        assertTrue(r.out().contains("chance level 0.250"), r.out());
        assertTrue(!r.out().contains("learning rate too large"), r.out());
    }

    @Test
    void chanceLevelOfTheQuadraticCostAndMseIsGuessingEveryClassEqually() {
        dev.descent.data.Dataset two = dev.descent.data.DataSources.resolve("moons", 1).train();
        assertEquals(0.25, TrainCommand.chanceLoss(dev.descent.loss.Losses.quadratic(), two), 1e-15);
        assertEquals(0.25, TrainCommand.chanceLoss(dev.descent.loss.Losses.mse(), two), 1e-15);
        assertEquals(Math.log(2), TrainCommand.chanceLoss(dev.descent.loss.Losses.crossEntropy(), two), 1e-15);
        assertTrue(Double.isNaN(TrainCommand.chanceLoss(dev.descent.loss.Losses.sse(), two)));
    }

    @Test
    void closingDiagnosisReadsGradientNormsAndChanceLevel() {
        double[] flat = new double[20];
        java.util.Arrays.fill(flat, Math.log(10));
        dev.descent.train.History h = dev.descent.train.History.restore(flat, new double[20], new double[20], List.of());
        dev.descent.train.Diagnosis d = TrainCommand.diagnose(h, Math.log(10));
        assertEquals(dev.descent.train.Diagnosis.Verdict.NOT_LEARNING, d.verdict());
        assertEquals(0, d.gradientNorm());
        assertEquals(Math.log(10), d.chanceLoss());
    }
}
