package dev.descent.cli;

import dev.descent.data.DataSources;
import dev.descent.io.Checkpoint;
import dev.descent.io.Safetensors;
import dev.descent.loss.LossKind;
import dev.descent.nn.Activation;
import dev.descent.nn.Init;
import dev.descent.nn.ModelSpec;
import dev.descent.nn.Sequential;
import dev.descent.optim.OptimizerKind;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import dev.descent.train.History;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code descent import torch-weights FILE …}: a PyTorch state dict becomes a run directory. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Turn weights made elsewhere into a Descent run directory.",
        subcommands = {ImportCommand.TorchWeights.class})
public final class ImportCommand implements Runnable {
    @Spec
    CommandSpec spec;

    /** With no subcommand: the usage help, which lists them. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Reads {@code safetensors.torch.save_file(model.state_dict(), FILE)} of a {@code torch.nn.Sequential} of Linear
     * layers with one activation between them (Linear at 0, 2, 4, …, weights [out_features, in_features]) and writes
     * a run that eval, predict and {@code train --resume} take.
     */
    @Command(name = "torch-weights", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Make a run directory from a PyTorch state dict saved as safetensors.",
                "FILE holds nn.Sequential(Linear, activation, Linear, …, Linear).state_dict(), e.g. from",
                "safetensors.torch.save_file(model.state_dict(), FILE): Linear layers at 0, 2, 4, … with weights",
                "[out_features, in_features], F32 or F64. The outputs are the last layer's (logits)."},
            footer = {"", "Example: descent import torch-weights mnist.safetensors --model 784-128-10 --activation relu"
                + " --data digits --out runs/torch",
                "then:    descent eval runs/torch   |   descent predict runs/torch seven.png"})
    static final class TorchWeights implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The state dict (.safetensors).")
        Path file;

        @Option(names = "--model", required = true, paramLabel = "SIZES",
                description = "Layer widths, input to output, as the PyTorch model has them, e.g. 784-128-10.")
        String model;

        @Option(names = "--activation", defaultValue = "relu", paramLabel = "NAME",
                converter = Choices.ActivationConverter.class, completionCandidates = Choices.ActivationNames.class,
                description = "The activation between the Linear layers: relu, tanh, sigmoid, leaky-relu, softplus (default: ${DEFAULT-VALUE}).")
        Activation.Kind activation;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "The run directory to write.")
        Path out;

        @Option(names = "--prefix", defaultValue = "", paramLabel = "TEXT",
                description = "What the tensor names start with before 0.weight, e.g. 'net.' for a Sequential held as self.net (default: none).")
        String prefix;

        @Option(names = "--loss", defaultValue = "cross-entropy", paramLabel = "NAME",
                converter = Choices.LossConverter.class, completionCandidates = Choices.LossNames.class,
                description = "The loss the model was trained with; predict reads cross-entropy outputs as logits (default: ${DEFAULT-VALUE}).")
        LossKind loss;

        @Option(names = "--data", paramLabel = "SPEC",
                description = "The data set, as train's --data names it (needed by eval without --data and by train --resume).")
        String data;

        @Option(names = "--optimizer", defaultValue = "sgd", paramLabel = "NAME",
                converter = Choices.OptimizerConverter.class, completionCandidates = Choices.OptimizerNames.class,
                description = "How 'train --resume' continues (default: ${DEFAULT-VALUE}); see 'descent train --help'.")
        OptimizerKind optimizer;

        @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate for 'train --resume' (default: the optimizer's).")
        Double learningRate;

        @Option(names = "--batch", defaultValue = "10", paramLabel = "N", description = "Mini-batch size for 'train --resume' (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--dtype", defaultValue = "F32", paramLabel = "f32|f64",
                description = "Number type of the imported weights (default: f32).")
        dev.descent.tensor.DType dtype;

        @Mixin
        CommonOptions common;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            common.apply();
            ModelSpec modelSpec = RunSettings.parseModel(model);
            if (!modelSpec.hasInput()) {
                throw new UsageException("--model " + modelSpec + " is convolutional: give the input image shape first,"
                        + " e.g. 1x28x28-" + modelSpec);
            }
            double lr = learningRate != null ? learningRate : optimizer.defaultLearningRate(loss.squaredError());
            if (!(lr > 0) || Double.isInfinite(lr)) {
                throw new UsageException("--lr must be a positive number, was " + lr);
            }
            if (data != null) {
                Setup.checkKnown(data);
            }
            if (batch < 1) {
                throw new UsageException("--batch must be >= 1, was " + batch);
            }
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no such file: " + file);
            }
            Map<String, Tensor> state = Safetensors.read(file).tensors();
            Sequential net = modelSpec.build(activation.create(), Activation.identity(), Init.forActivation(activation),
                    dtype, Rng.of(common.seed()));
            try {
                net.loadStateDict(state, prefix);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage() + hint(state), e);
            }
            RunDirectory.prepare(out);
            Map<String, String> info = settings(modelSpec, lr).toInfo();
            Path written = Checkpoint.save(out, new Checkpoint(net, null, Map.of(), new History(), info));
            PrintWriter o = spec.commandLine().getOut();
            if (common.json()) {
                try (JsonOutput j = JsonOutput.to(o)) {
                    j.field("command", "import torch-weights").field("source", file.toString())
                            .field("run", out.toString()).field("checkpoint", written.toString())
                            .field("parameters", net.parameterCount());
                }
            } else {
                o.println(net);
                o.println("parameters: " + Numbers.count(net.parameterCount()));
                o.println("wrote: " + written);
                o.println("next: descent predict " + out + " INPUT…   |   descent eval " + out
                        + (data == null ? " --data SPEC" : "") + "   |   descent train --resume " + out
                        + " --epochs N" + (data == null ? "  (after importing again with --data SPEC)" : ""));
            }
            o.flush();
            return 0;
        }

        private RunSettings settings(ModelSpec spec, double lr) {
            // epochs 0: nothing trained here yet, so 'train --resume' asks for --epochs N
            return new RunSettings(data == null ? null : DataSources.withAbsolutePaths(data), 0, spec, activation, Init.forActivation(activation), loss, optimizer, lr,
                    batch, dtype, common.seed(), "constant", Double.NaN, 0);
        }

        /** When the names share a prefix the user did not give, say which. */
        private String hint(Map<String, Tensor> state) {
            if (!prefix.isEmpty() || state.isEmpty()) {
                return "";
            }
            String first = state.keySet().iterator().next();
            int digit = 0;
            while (digit < first.length() && !Character.isDigit(first.charAt(digit))) {
                digit++;
            }
            String common = first.substring(0, digit);
            if (common.isEmpty() || !common.endsWith(".")) {
                return "";
            }
            for (String name : state.keySet()) {
                if (!name.startsWith(common)) {
                    return "";
                }
            }
            return " (the file's names start with '" + common + "': add --prefix " + common + ")";
        }
    }
}
