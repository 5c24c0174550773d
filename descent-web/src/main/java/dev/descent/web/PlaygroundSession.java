package dev.descent.web;

import dev.descent.data.Batch;
import dev.descent.data.DataPair;
import dev.descent.data.Dataset;
import dev.descent.io.Checkpoint;
import dev.descent.loss.Loss;
import dev.descent.loss.LossKind;
import dev.descent.nn.Activation;
import dev.descent.nn.Init;
import dev.descent.nn.Linear;
import dev.descent.nn.Module;
import dev.descent.nn.Sequential;
import dev.descent.optim.Optimizer;
import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One browser page's training: its points, its network (a {@link Sequential} multi-layer perceptron), the loss and the
 * optimizer from the core's registries, trained one step at a time with the optimizer loop the {@code Trainer} runs
 * ({@code zeroGrad}, forward, loss, {@code backward}, {@code step}). A {@link #snapshot} is what the page draws: the
 * losses, the decision boundary and every hidden neuron over a grid, the weights. All methods are synchronized: the
 * training job and the page's requests take turns.
 */
final class PlaygroundSession {
    /** Cells per side of the decision-boundary grid. */
    static final int BOUNDARY_GRID = 64;
    /** Cells per side of each hidden neuron's heat map. */
    static final int NEURON_GRID = 24;
    /** The history keeps at most this many rows; past it, every other row goes and rows are taken half as often. */
    static final int MAX_HISTORY_ROWS = 500;
    /** Largest number of parameters Newton's method is offered for (it builds the n×n Hessian). */
    static final int MAX_NEWTON_PARAMETERS = 300;
    /** Largest weight a person may type. */
    static final double MAX_WEIGHT = 100;

    final String id;
    private PlaygroundSetup setup;
    private Dataset uploaded;
    private DataPair data;
    private Sequential model;
    private Loss loss;
    private Optimizer optimizer;
    private Iterator<Batch> batches;
    private int epoch;
    private long step;
    private boolean diverged;
    private double[] extent;
    /** Rows of step, train loss, test loss, train accuracy, test accuracy, taken every {@code every} steps. */
    private final List<double[]> history = new ArrayList<>();
    private int every;
    private int historyVersion;
    /** How many times the session started over: the page ignores a late state from before its last reset. */
    private int generation;

    PlaygroundSession(String id, PlaygroundSetup setup) {
        this.id = id;
        reset(setup);
    }

    /** Starts over with {@code newSetup}: new points (unless uploaded ones are in use), fresh weights, step 0. */
    synchronized void reset(PlaygroundSetup newSetup) {
        if (newSetup.uploaded() && uploaded == null) {
            throw new IllegalArgumentException("data upload: no points were uploaded to this page yet");
        }
        DataPair pair = newSetup.uploaded() ? PlaygroundData.split(uploaded, newSetup)
                : PlaygroundData.generate(newSetup);
        int classes = pair.train().classes();
        int[] sizes = new int[newSetup.layers().length + 2];
        sizes[0] = 2;
        System.arraycopy(newSetup.layers(), 0, sizes, 1, newSetup.layers().length);
        sizes[sizes.length - 1] = classes;
        Activation.Kind hidden = newSetup.activation();
        Activation output = newSetup.loss().takesLogits() ? Activation.identity() : Activation.sigmoid();
        Sequential newModel = Sequential.mlp(sizes, hidden.create(), output, Init.forActivation(hidden), DType.F32,
                Rng.of(newSetup.seed()));
        long count = newModel.parameterCount();
        if (newSetup.optimizer().buildsHessian() && count > MAX_NEWTON_PARAMETERS) {
            throw new IllegalArgumentException("optimizer newton builds the n×n Hessian: at most "
                    + MAX_NEWTON_PARAMETERS + " parameters, this network has " + count);
        }
        setup = newSetup;
        data = pair;
        model = newModel;
        loss = newSetup.loss().create();
        optimizer = newSetup.optimizer().create(model.parameterTensors(), newSetup.learningRate());
        epoch = 0;
        batches = null;
        step = 0;
        diverged = false;
        extent = extent(pair);
        history.clear();
        every = 1;
        historyVersion++;
        generation++;
        record();
    }

    /** Replaces the points with uploaded ones and starts over on them ({@code data=upload}). */
    synchronized void upload(Dataset points, PlaygroundSetup newSetup) {
        Dataset previous = uploaded;
        uploaded = points;
        try {
            reset(newSetup.uploaded() ? newSetup : withData(newSetup, "upload"));
        } catch (RuntimeException e) {
            uploaded = previous;
            throw e;
        }
    }

    synchronized PlaygroundSetup setup() {
        return setup;
    }

    synchronized long step() {
        return step;
    }

    synchronized boolean diverged() {
        return diverged;
    }

    /** Takes up to {@code count} optimizer steps, stopping early when the loss stops being a finite number. */
    synchronized int train(int count) {
        int done = 0;
        while (done < count && !diverged) {
            oneStep();
            done++;
        }
        return done;
    }

    private void oneStep() {
        Dataset train = data.train();
        Tensor x;
        Tensor y;
        if (setup.optimizer().fullBatch()) {
            x = train.features();
            y = train.targets();
        } else {
            if (batches == null || !batches.hasNext()) {
                int size = Math.min(setup.batchSize(), train.size());
                batches = train.batches(size, true, setup.seed() + epoch, false).iterator();
                epoch++;
            }
            Batch batch = batches.next();
            x = batch.inputs();
            y = batch.targets();
        }
        double value;
        if (optimizer.reevaluatesLoss()) {
            value = optimizer.step(() -> objective(x, y));
        } else {
            optimizer.zeroGrad();
            Tensor l = objective(x, y);
            l.backward();
            value = l.item();
            optimizer.step();
        }
        step++;
        if (!Double.isFinite(value)) {
            diverged = true;
        }
        if (step % every == 0) {
            record();
        }
    }

    /** The training loss of a batch plus the regularisation penalty on the weights (not the biases). */
    private Tensor objective(Tensor x, Tensor y) {
        Tensor l = loss.apply(model.forward(x), y);
        double rate = setup.regularizationRate();
        if (setup.regularization() == PlaygroundSetup.Regularization.NONE || rate == 0) {
            return l;
        }
        for (Module m : model.layers()) {
            if (m instanceof Linear linear) {
                Tensor w = linear.weight();
                Tensor penalty = setup.regularization() == PlaygroundSetup.Regularization.L2
                        ? w.mul(w).sum().mul(rate / 2) : w.abs().sum().mul(rate);
                l = l.add(penalty);
            }
        }
        return l;
    }

    /** Adds a history row for the current step, thinning the history when it is full. */
    private void record() {
        double[] train = evaluate(data.train());
        double[] test = evaluate(data.test());
        history.add(new double[] {step, train[0], test[0], train[1], test[1]});
        if (history.size() > MAX_HISTORY_ROWS) {
            every *= 2;
            history.removeIf(row -> (long) row[0] % every != 0);
            historyVersion++;
        }
    }

    /** The data loss (no penalty) and the accuracy of the model on {@code set}. */
    private double[] evaluate(Dataset set) {
        try (var ignored = Tensor.noGrad()) {
            Tensor out = model.forward(set.features());
            double value = loss.apply(out, set.targets()).item();
            int[] predicted = argmax(out.toFloatArray(), set.classes());
            int correct = 0;
            for (int i = 0; i < predicted.length; i++) {
                if (predicted[i] == set.label(i)) {
                    correct++;
                }
            }
            return new double[] {value, (double) correct / set.size()};
        }
    }

    private static int[] argmax(float[] rows, int width) {
        int[] out = new int[rows.length / width];
        for (int i = 0; i < out.length; i++) {
            int best = 0;
            for (int k = 1; k < width; k++) {
                if (rows[i * width + k] > rows[i * width + best]) {
                    best = k;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** The square around every point, 10% wider on each side, so the boundary is drawn where the data are. */
    private static double[] extent(DataPair pair) {
        double[] box = box(pair);
        double centerX = (box[0] + box[1]) / 2;
        double centerY = (box[2] + box[3]) / 2;
        // one square for both axes, centred on the points' bounding box
        double half = Math.max(Math.max(box[1] - box[0], box[3] - box[2]), 1e-3) * 0.6;
        return new double[] {centerX - half, centerX + half, centerY - half, centerY + half};
    }

    private static double[] box(DataPair pair) {
        double[] b = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY};
        for (Dataset set : List.of(pair.train(), pair.test())) {
            float[] f = set.featureValues();
            for (int i = 0; i + 1 < f.length; i += 2) {
                b[0] = Math.min(b[0], f[i]);
                b[1] = Math.max(b[1], f[i]);
                b[2] = Math.min(b[2], f[i + 1]);
                b[3] = Math.max(b[3], f[i + 1]);
            }
        }
        return b;
    }

    /** Sets one weight of Linear layer {@code layer} (0 = the first): from input {@code from} to output {@code to}. */
    synchronized void setWeight(int layer, int from, int to, double value) {
        List<Linear> linears = linears();
        if (layer < 0 || layer >= linears.size()) {
            throw new IllegalArgumentException("layer must be between 0 and " + (linears.size() - 1) + ", was "
                    + layer);
        }
        Linear linear = linears.get(layer);
        if (from < 0 || from >= linear.inputs()) {
            throw new IllegalArgumentException("from must be between 0 and " + (linear.inputs() - 1) + ", was "
                    + from);
        }
        if (to < 0 || to >= linear.outputs()) {
            throw new IllegalArgumentException("to must be between 0 and " + (linear.outputs() - 1) + ", was " + to);
        }
        if (!(Math.abs(value) <= MAX_WEIGHT)) {
            throw new IllegalArgumentException("value must be a number between -" + (int) MAX_WEIGHT + " and "
                    + (int) MAX_WEIGHT + ", was " + value);
        }
        // Descent computes with [in, out] weights
        linear.weight().setFlat(from * linear.outputs() + to, value);
        diverged = false;
    }

    /** The weight from input {@code from} to output {@code to} of Linear layer {@code layer}. */
    synchronized double weight(int layer, int from, int to) {
        Linear linear = linears().get(layer);
        return linear.weight().getFlat(from * linear.outputs() + to);
    }

    private List<Linear> linears() {
        List<Linear> out = new ArrayList<>();
        for (Module m : model.layers()) {
            if (m instanceof Linear l) {
                out.add(l);
            }
        }
        return out;
    }

    /**
     * What the page draws: the step, the current losses and accuracies, the history rows from {@code historyFrom} on
     * (all of them when {@code historyVersion} is not the current one), the decision boundary and the hidden neurons
     * over their grids, and the weights; with {@code points}, the training and test points too.
     */
    synchronized Map<String, Object> snapshot(int historyFrom, int knownVersion, boolean points) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("setup", setup.toMap());
        out.put("generation", generation);
        out.put("step", step);
        out.put("epoch", epoch);
        out.put("diverged", diverged);
        double[] train = evaluate(data.train());
        double[] test = evaluate(data.test());
        out.put("trainLoss", train[0]);
        out.put("testLoss", test[0]);
        out.put("trainAccuracy", train[1]);
        out.put("testAccuracy", test[1]);
        int from = knownVersion == historyVersion ? Math.max(0, Math.min(historyFrom, history.size())) : 0;
        out.put("historyVersion", historyVersion);
        out.put("historyFrom", from);
        List<Object> rows = new ArrayList<>();
        for (double[] row : history.subList(from, history.size())) {
            rows.add(row.clone());
        }
        out.put("history", rows);
        out.put("extent", extent.clone());
        out.put("classes", data.train().classes());
        out.put("layerSizes", layerSizes());
        out.put("parameters", model.parameterCount());
        pictures(out);
        out.put("weights", weights());
        if (points) {
            out.put("train", pointsOf(data.train()));
            out.put("test", pointsOf(data.test()));
        }
        return out;
    }

    private int[] layerSizes() {
        List<Linear> linears = linears();
        int[] sizes = new int[linears.size() + 1];
        sizes[0] = linears.get(0).inputs();
        for (int i = 0; i < linears.size(); i++) {
            sizes[i + 1] = linears.get(i).outputs();
        }
        return sizes;
    }

    /** The boundary's class probabilities and each hidden neuron's output over the grid, as base64 bytes. */
    private void pictures(Map<String, Object> out) {
        try (var ignored = Tensor.noGrad()) {
            Tensor grid = grid(BOUNDARY_GRID);
            Tensor scores = model.forward(grid);
            out.put("boundary", Map.of("size", BOUNDARY_GRID, "probabilities", encodeProbabilities(scores)));
            Tensor x = grid(NEURON_GRID);
            List<Module> layers = model.layers();
            List<Object> neurons = new ArrayList<>();
            int linearsSeen = 0;
            int hiddenLayers = linears().size() - 1;
            for (Module layer : layers) {
                if (layer instanceof Linear && linearsSeen > 0) {
                    neurons.add(encodeNeurons(x)); // the output of hidden layer linearsSeen - 1
                }
                if (layer instanceof Linear) {
                    linearsSeen++;
                }
                x = layer.forward(x);
            }
            out.put("neurons", Map.of("size", NEURON_GRID, "layers", neurons.subList(0, hiddenLayers)));
        }
    }

    /** Cell centres of a {@code size}×{@code size} grid over the extent, row 0 at the top (largest y). */
    private Tensor grid(int size) {
        float[] xy = new float[2 * size * size];
        double dx = (extent[1] - extent[0]) / size;
        double dy = (extent[3] - extent[2]) / size;
        for (int row = 0; row < size; row++) {
            for (int col = 0; col < size; col++) {
                int k = 2 * (row * size + col);
                xy[k] = (float) (extent[0] + (col + 0.5) * dx);
                xy[k + 1] = (float) (extent[3] - (row + 0.5) * dy);
            }
        }
        return Tensor.of(xy, size * size, 2);
    }

    /** Per cell, per class, the probability the model gives that class, as a byte 0..255. */
    private String encodeProbabilities(Tensor scores) {
        int classes = scores.size(1);
        Tensor p;
        if (setup.loss() == LossKind.CROSS_ENTROPY) {
            p = scores.softmax(-1);
        } else if (setup.loss().takesLogits()) {
            p = scores.sigmoid();
        } else {
            p = scores;
        }
        float[] v = p.toFloatArray();
        byte[] bytes = new byte[v.length];
        for (int i = 0; i < v.length; i += classes) {
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                sum += Math.max(0, Float.isFinite(v[i + k]) ? v[i + k] : 0);
            }
            for (int k = 0; k < classes; k++) {
                double q = sum > 0 ? Math.max(0, Float.isFinite(v[i + k]) ? v[i + k] : 0) / sum : 1.0 / classes;
                bytes[i + k] = (byte) Math.round(q * 255);
            }
        }
        return Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * One hidden layer's outputs over the neuron grid: per neuron its largest magnitude {@code scale} and its values
     * as bytes, 0 for {@code -scale}, 128 near 0, 255 for {@code +scale}.
     */
    private static Map<String, Object> encodeNeurons(Tensor outputs) {
        int cells = outputs.size(0);
        int width = outputs.size(1);
        float[] v = outputs.toFloatArray();
        List<Object> list = new ArrayList<>();
        for (int n = 0; n < width; n++) {
            double scale = 0;
            for (int c = 0; c < cells; c++) {
                float a = v[c * width + n];
                if (Float.isFinite(a)) {
                    scale = Math.max(scale, Math.abs(a));
                }
            }
            byte[] bytes = new byte[cells];
            for (int c = 0; c < cells; c++) {
                float a = v[c * width + n];
                double q = scale > 0 && Float.isFinite(a) ? a / scale : 0;
                bytes[c] = (byte) Math.round((q + 1) / 2 * 255);
            }
            list.add(Map.of("scale", scale, "values", Base64.getEncoder().encodeToString(bytes)));
        }
        return Map.of("neurons", list);
    }

    /** Per Linear layer: its weights as rows per input ({@code [in][out]}) and its biases. */
    private List<Object> weights() {
        List<Object> out = new ArrayList<>();
        for (Linear l : linears()) {
            float[] w = l.weight().toFloatArray();
            List<Object> rows = new ArrayList<>();
            for (int i = 0; i < l.inputs(); i++) {
                rows.add(java.util.Arrays.copyOfRange(w, i * l.outputs(), (i + 1) * l.outputs()));
            }
            Map<String, Object> layer = new LinkedHashMap<>();
            layer.put("weights", rows);
            layer.put("biases", l.bias() == null ? new float[0] : l.bias().toFloatArray());
            out.add(layer);
        }
        return out;
    }

    private static Map<String, Object> pointsOf(Dataset set) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("xy", set.featureValues());
        out.put("labels", set.labels());
        return out;
    }

    /** The trained model as the core's checkpoint file (weights in PyTorch's {@code state_dict} layout). */
    synchronized byte[] safetensors() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("descent-playground");
            Path file = Checkpoint.of(model, loss, setup.uploaded() ? null : setup.data()).save(dir);
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (dir != null) {
                try {
                    Files.deleteIfExists(dir.resolve(Checkpoint.FILE_NAME));
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // a temporary directory left behind is harmless
                }
            }
        }
    }

    /** The history as CSV: {@code step,train_loss,test_loss,train_accuracy,test_accuracy}. */
    synchronized String historyCsv() {
        StringBuilder sb = new StringBuilder("step,train_loss,test_loss,train_accuracy,test_accuracy\n");
        for (double[] row : history) {
            sb.append((long) row[0]);
            for (int k = 1; k < row.length; k++) {
                sb.append(',').append(String.format(Locale.ROOT, "%.6g", row[k]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The model itself, for tests. */
    synchronized Sequential model() {
        return model;
    }

    private static PlaygroundSetup withData(PlaygroundSetup s, String data) {
        return new PlaygroundSetup(data, s.noise(), s.classes(), s.points(), s.trainPercent(), s.seed(), s.layers(),
                s.activation(), s.loss(), s.optimizer(), s.learningRate(), s.batchSize(), s.regularization(),
                s.regularizationRate());
    }
}
