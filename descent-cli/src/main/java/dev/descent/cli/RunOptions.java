package dev.descent.cli;

import dev.descent.loss.LossKind;
import dev.descent.nn.Activation;
import dev.descent.nn.Init;
import dev.descent.optim.OptimizerKind;
import dev.descent.tensor.DType;
import picocli.CommandLine.Option;

/** What to train and how, shared by {@code train} and {@code lr-find}: data, model, loss, optimizer, batch. */
public final class RunOptions {
    @Option(names = "--data", defaultValue = "digits", paramLabel = "SPEC",
            description = {"Data set: digits (generated 28x28, the default), fashion-mnist[=DIR], mnist=DIR,",
                "csv=FILE[:label=COL][:header=yes|no] (split 80/20), moons, circles, spirals, xor, blobs, line.",
                "A CSV's first line is a header unless all its fields but the label are numbers (then it is data)."})
    String data;

    @Option(names = "--limit", paramLabel = "N",
            description = {"Use at most N training and N/4 test examples.",
                "Default: " + Setup.DIGITS_TRAIN + " + " + Setup.DIGITS_TEST + " generated digits; whole files; 1000 + 1000 points for the 2-D sets."})
    Integer limit;

    @Option(names = "--model", paramLabel = "SPEC",
            description = {"Layer widths, input to output, e.g. 784-30-10 (default: INPUTS-16-16-OUTPUTS, so 784-16-16-10 for digits),",
                "or a convolutional network for images, e.g. conv8-pool-conv16-pool-10: convN = 3x3 convolution to N",
                "channels (padding 1) then --activation, convNkK = KxK kernel, bn = batch norm after the layer before it,",
                "pool = 2x2 max pooling (avgpool: average), then the widths of linear layers, the last one the output."})
    String model;

    @Option(names = "--activation", defaultValue = "sigmoid", paramLabel = "NAME",
            converter = Choices.ActivationConverter.class, completionCandidates = Choices.ActivationNames.class,
            description = {"Hidden-layer activation: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
                "The output layer is sigmoid for quadratic/mse/sse/bce losses and raw logits for cross-entropy."})
    Activation.Kind activation;

    /** Null for {@code auto}: {@link Init#forActivation} of the hidden activation. */
    @Option(names = "--init", defaultValue = "auto", paramLabel = "NAME", converter = Choices.InitConverter.class,
            completionCandidates = Choices.InitNames.class,
            description = "Initial weights: ${COMPLETION-CANDIDATES}; normal is Nielsen's N(0, 1), uniform PyTorch's; "
                    + "auto = normal for sigmoid, he_normal for relu, xavier otherwise (default: ${DEFAULT-VALUE}).")
    Init init;

    @Option(names = "--loss", defaultValue = "quadratic", paramLabel = "NAME", converter = Choices.LossConverter.class,
            completionCandidates = Choices.LossNames.class,
            description = "Loss: ${COMPLETION-CANDIDATES}; quadratic is Nielsen's ½‖y−a‖² (default: ${DEFAULT-VALUE}).")
    LossKind loss;

    @Option(names = "--optimizer", defaultValue = "sgd", paramLabel = "NAME",
            converter = Choices.OptimizerConverter.class, completionCandidates = Choices.OptimizerNames.class,
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OptimizerKind optimizer;

    @Option(names = "--lr", paramLabel = "RATE", completionCandidates = Choices.LearningRateDefaults.class,
            description = "Learning rate (default: ${COMPLETION-CANDIDATES}).")
    Double learningRate;

    @Option(names = "--batch", defaultValue = "10", paramLabel = "N",
            description = "Mini-batch size (default: ${DEFAULT-VALUE}; gd and lbfgs use the whole training set).")
    int batch;

    @Option(names = "--normalize",
            description = {"Standardize the inputs with the training set's mean and standard deviation: per channel for",
                "images (PyTorch's transforms.Normalize), per feature otherwise. Saved in the checkpoint: eval, predict",
                "and --resume apply the same statistics."})
    boolean normalize;

    @Option(names = "--dtype", defaultValue = "F32", paramLabel = "f32|f64",
            description = "Number type of the weights and the arithmetic (default: f32).")
    DType dtype;
}
