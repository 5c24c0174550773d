package dev.descent.cli;

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

    @Option(names = "--model", paramLabel = "SIZES",
            description = "Layer widths, input to output, e.g. 784-30-10 (default: INPUTS-16-16-OUTPUTS, so 784-16-16-10 for digits).")
    String model;

    @Option(names = "--activation", defaultValue = "sigmoid", paramLabel = "NAME",
            description = {"Hidden-layer activation: sigmoid, tanh, relu, leaky-relu, softplus (default: ${DEFAULT-VALUE}).",
                "The output layer is sigmoid for quadratic/mse/sse/bce losses and raw logits for cross-entropy."})
    String activation;

    @Option(names = "--init", defaultValue = "auto", paramLabel = "NAME",
            description = "Initial weights: normal (Nielsen), uniform (PyTorch), xavier, xavier_normal, he, he_normal; "
                    + "auto = normal for sigmoid, he for relu, xavier otherwise (default: ${DEFAULT-VALUE}).")
    String init;

    @Option(names = "--loss", defaultValue = "quadratic", paramLabel = "NAME",
            description = "Loss: quadratic (Nielsen's ½‖y−a‖²), mse, sse, l1, huber, bce, bce-logits, cross-entropy (default: ${DEFAULT-VALUE}).")
    String loss;

    @Option(names = "--optimizer", defaultValue = "sgd", paramLabel = "NAME", converter = OptimizerChoice.Converter.class,
            description = "sgd, momentum, nesterov, adagrad, adadelta, rmsprop, adam, adamw, lbfgs, gd (full batch) (default: ${DEFAULT-VALUE}).")
    OptimizerChoice optimizer;

    @Option(names = "--lr", paramLabel = "RATE",
            description = "Learning rate (default: 3.0 for sgd/gd with quadratic loss as Nielsen, 0.1 for sgd otherwise, "
                    + "0.3/0.01 for momentum/nesterov, 0.001 for adam/adamw/rmsprop, 0.01 adagrad, 1.0 adadelta/lbfgs).")
    Double learningRate;

    @Option(names = "--batch", defaultValue = "10", paramLabel = "N",
            description = "Mini-batch size (default: ${DEFAULT-VALUE}; gd and lbfgs use the whole training set).")
    int batch;

    @Option(names = "--dtype", defaultValue = "F32", paramLabel = "f32|f64",
            description = "Number type of the weights and the arithmetic (default: f32).")
    DType dtype;
}
