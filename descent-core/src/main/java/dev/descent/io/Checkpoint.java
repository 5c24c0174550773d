package dev.descent.io;

import dev.descent.data.FeatureStats;
import dev.descent.loss.Loss;
import dev.descent.nn.Activation;
import dev.descent.nn.Architecture;
import dev.descent.nn.Linear;
import dev.descent.nn.Module;
import dev.descent.nn.Parameter;
import dev.descent.nn.Sequential;
import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import dev.descent.train.EpochResult;
import dev.descent.train.History;
import dev.descent.train.SavedRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything needed to use or resume a training run, in one safetensors file written atomically
 * ({@code model.safetensors}): the weights in PyTorch's {@code state_dict} layout under the prefix {@code model.}
 * ({@code model.0.weight} [out_features, in_features], {@code model.0.bias}, {@code model.2.weight}, … as
 * {@link Sequential#stateDict()} gives them), the optimizer state as {@code optimizer.<key>} (Descent's own layout),
 * a learning-rate schedule's state (if it keeps one) as {@code schedule.<key>}, the history as {@code history.*} F64
 * tensors, and in the JSON metadata the architecture, the dtype, the loss, the hidden activation, the data set and
 * the run's settings ({@code info}), each a plain string that Python reads without Descent. One file means a crash
 * leaves either the old or the new checkpoint, never a mix. A checkpoint is a {@link SavedRun}:
 * {@code Trainer.resume} continues it.
 *
 * <p>Format versions (metadata {@code format}): {@code descent-checkpoint-2} is the layout above;
 * {@code descent-checkpoint-1} stored Linear weights as Descent computes with them, [in, out], and still loads.
 */
public record Checkpoint(Sequential model, String architecture, Map<String, Tensor> optimizerState, History history,
                         Map<String, String> info, Map<String, Tensor> scheduleState) implements SavedRun {
    /** The file name inside a run directory. */
    public static final String FILE_NAME = "model.safetensors";
    /** What every model tensor's name starts with; strip it and {@code load_state_dict(strict=True)} takes the rest. */
    public static final String MODEL_PREFIX = "model.";
    private static final String FORMAT = "descent-checkpoint-2";
    /** The first format: the same file, but Linear weights [in, out] as Descent computes with them. */
    private static final String FORMAT_V1 = "descent-checkpoint-1";
    /** The run settings copied from {@code info} to top-level metadata keys, so Python reads them directly. */
    private static final List<String> PLAIN_KEYS = List.of("loss", "activation", "data", "normalization");
    /**
     * The {@code info} key of the statistics the inputs were standardized with before the first layer
     * ({@link #normalization()}); absent when the inputs are used as they are.
     */
    public static final String NORMALIZATION = "normalization";
    private static final int EPOCH_COLUMNS = 8;

    public Checkpoint {
        optimizerState = optimizerState == null ? Map.of() : Map.copyOf(optimizerState);
        scheduleState = scheduleState == null ? Map.of() : Map.copyOf(scheduleState);
        info = info == null ? Map.of() : Map.copyOf(info);
        if (architecture == null) {
            architecture = Architecture.describe(model);
        }
        if (history == null) {
            history = new History();
        }
    }

    /** A checkpoint of a run whose schedule keeps no state. */
    public Checkpoint(Sequential model, String architecture, Map<String, Tensor> optimizerState, History history,
                      Map<String, String> info) {
        this(model, architecture, optimizerState, history, info, Map.of());
    }

    /**
     * A checkpoint of a model trained with the library, carrying what {@code descent eval} and {@code descent predict}
     * read: the {@code loss} it was trained with (which tells predict whether outputs are logits) and the data set
     * {@code data} as {@code descent train --data} names it (e.g. {@code "moons"}; null if it has no such name, and
     * eval then needs {@code --data}). No optimizer state and no history: {@code descent train --resume} needs a run
     * written by {@code descent train}.
     */
    public static Checkpoint of(Sequential model, Loss loss, String data) {
        if (model == null) {
            throw new IllegalArgumentException("Checkpoint.of: model is null; pass the trained Sequential");
        }
        if (loss == null) {
            throw new IllegalArgumentException("Checkpoint.of: loss is null; pass the loss the model was trained"
                    + " with, e.g. Losses.crossEntropy()");
        }
        Map<String, String> info = new LinkedHashMap<>();
        if (data != null) {
            info.put("data", data);
        }
        info.put("model", sizes(model));
        info.put("activation", hiddenActivation(model));
        info.put("loss", loss.name());
        info.put("dtype", dtypeOf(model).name());
        return new Checkpoint(model, null, null, null, info);
    }

    /**
     * The statistics this run standardized its inputs with ({@code descent train --normalize}), to apply to every
     * input before {@link #model()} sees it; empty for a run that used its inputs as they are (older runs too).
     */
    public Optional<FeatureStats> normalization() {
        String text = info.get(NORMALIZATION);
        return text == null ? Optional.empty() : Optional.of(parseNormalization(text));
    }

    /** The statistics in a {@link #NORMALIZATION} info value, as {@link #normalizationInfo} writes it. */
    public static FeatureStats parseNormalization(String text) {
        Map<String, Object> tree = Json.parse(text);
        return new FeatureStats(floats(tree.get("mean"), "mean"), floats(tree.get("std"), "std"));
    }

    /**
     * {@code stats} as the {@link #NORMALIZATION} info value: {@code {"mean":[0.13066062],"std":[0.30810776]}}, one
     * value per feature or per channel, each float's shortest exact decimal (Python: {@code json.loads}).
     */
    public static String normalizationInfo(FeatureStats stats) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("mean", stats.mean());
        tree.put("std", stats.std());
        return Json.toJson(tree);
    }

    private static float[] floats(Object value, String name) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException("'" + name + "' must be a non-empty array of numbers");
        }
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Number n)) {
                throw new IllegalArgumentException("'" + name + "' holds " + list.get(i) + ", not a number");
            }
            out[i] = n.floatValue();
        }
        return out;
    }

    /** Writes this checkpoint into {@code dir}; see {@link #save(Path, Checkpoint)}. Returns the file written. */
    public Path save(Path dir) throws IOException {
        return save(dir, this);
    }

    /** Writes the checkpoint into {@code dir} (created if needed), replacing any previous one atomically. */
    public static Path save(Path dir, Checkpoint checkpoint) throws IOException {
        if (dir == null || checkpoint == null) {
            throw new IllegalArgumentException("Checkpoint.save: " + (dir == null ? "dir" : "checkpoint")
                    + " is null; pass a run directory and a checkpoint, e.g. Checkpoint.of(model, loss, \"moons\")");
        }
        Files.createDirectories(dir);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        checkpoint.model.stateDict().forEach((name, value) -> tensors.put(MODEL_PREFIX + name, value));
        checkpoint.optimizerState.forEach((k, v) -> tensors.put("optimizer." + k, v));
        checkpoint.scheduleState.forEach((k, v) -> tensors.put("schedule." + k, v));
        History h = checkpoint.history;
        List<EpochResult> epochs = h.epochs();
        double[] table = new double[epochs.size() * EPOCH_COLUMNS];
        for (int i = 0; i < epochs.size(); i++) {
            EpochResult e = epochs.get(i);
            double[] row = {e.epoch(), e.trainLoss(), e.trainAccuracy(), e.validationLoss(), e.validationAccuracy(),
                e.learningRate(), e.gradientNorm(), e.seconds()};
            System.arraycopy(row, 0, table, i * EPOCH_COLUMNS, EPOCH_COLUMNS);
        }
        tensors.put("history.epochs", Tensor.of(table, epochs.size(), EPOCH_COLUMNS));
        tensors.put("history.step_loss", Tensor.of(h.stepLosses(), h.stepCount()));
        tensors.put("history.step_learning_rate", Tensor.of(h.stepLearningRates(), h.stepCount()));
        tensors.put("history.step_gradient_norm", Tensor.of(h.stepGradientNorms(), h.stepCount()));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", FORMAT);
        metadata.put("architecture", checkpoint.architecture);
        metadata.put("dtype", dtypeOf(checkpoint.model).name());
        for (String key : PLAIN_KEYS) {
            String value = checkpoint.info.get(key);
            if (value != null) {
                metadata.put(key, value);
            }
        }
        metadata.put("epochs_done", Integer.toString(epochs.size()));
        metadata.put("info", Json.toJson(checkpoint.info));
        Path file = dir.resolve(FILE_NAME);
        Safetensors.write(file, tensors, metadata);
        return file;
    }

    /** Reads a checkpoint from a run directory or directly from its safetensors file. */
    public static Checkpoint load(Path dirOrFile) throws IOException {
        Path file = Files.isDirectory(dirOrFile) ? dirOrFile.resolve(FILE_NAME) : dirOrFile;
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no checkpoint at " + file + " (expected a run directory written by"
                    + " 'descent train --out DIR')");
        }
        Safetensors.SafetensorsFile st = Safetensors.read(file);
        Map<String, String> meta = st.metadata();
        String format = meta.get("format");
        if (!FORMAT.equals(format) && !FORMAT_V1.equals(format)) {
            throw new IllegalArgumentException(file + ": not a Descent checkpoint (metadata format is " + format
                    + ", expected " + FORMAT + " or " + FORMAT_V1 + "); a PyTorch state dict is read by"
                    + " 'descent import torch-weights'");
        }
        String architecture = meta.get("architecture");
        if (architecture == null) {
            throw new IllegalArgumentException(file + ": the metadata has no 'architecture', so the model cannot be"
                    + " rebuilt (damaged or hand-edited checkpoint?)");
        }
        DType dtype = dtype(file, meta.getOrDefault("dtype", "F32"));
        Map<String, Tensor> tensors = st.tensors();
        checkSize(file, architecture, tensors);
        Sequential model = Architecture.build(architecture, dtype, Rng.of(0));
        if (FORMAT.equals(format)) {
            try {
                model.loadStateDict(tensors, MODEL_PREFIX);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
        } else {
            loadV1(file, architecture, model, tensors);
        }
        checkFinite(file, model);
        Map<String, Tensor> optimizer = withPrefix(tensors, "optimizer.");
        History history = readHistory(tensors);
        Map<String, String> info = new LinkedHashMap<>();
        String infoJson = meta.get("info");
        if (infoJson != null) {
            Json.parse(infoJson).forEach((k, v) -> info.put(k, String.valueOf(v)));
        }
        if (info.containsKey(NORMALIZATION)) {
            try {
                parseNormalization(info.get(NORMALIZATION));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": the input normalization is damaged: " + e.getMessage(), e);
            }
        }
        return new Checkpoint(model, architecture, optimizer, history, info, withPrefix(tensors, "schedule."));
    }

    /**
     * Refuses weights that are NaN or infinite, naming the tensor: such a model answers at chance with no error, and
     * training from it blames the learning rate.
     */
    private static void checkFinite(Path file, Sequential model) {
        model.stateDict().forEach((name, value) -> {
            double[] values = value.toDoubleArray();
            for (int i = 0; i < values.length; i++) {
                if (!Double.isFinite(values[i])) {
                    throw new IllegalArgumentException(file + ": tensor " + MODEL_PREFIX + name + " holds " + values[i]
                            + " at index " + i + "; a model's weights must be finite numbers (a diverged or damaged"
                            + " checkpoint?)");
                }
            }
        });
    }

    /** The tensors whose names start with {@code prefix}, under the rest of their names. */
    private static Map<String, Tensor> withPrefix(Map<String, Tensor> tensors, String prefix) {
        Map<String, Tensor> found = new LinkedHashMap<>();
        tensors.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                found.put(k.substring(prefix.length()), v);
            }
        });
        return found;
    }

    /** Format 1: model tensors named as the parameters, Linear weights [in, out] as Descent computes with them. */
    private static void loadV1(Path file, String architecture, Sequential model, Map<String, Tensor> tensors) {
        DType dtype = dtypeOf(model);
        for (Parameter p : model.parameters()) {
            Tensor saved = tensors.get("model." + p.name());
            if (saved == null) {
                throw new IllegalArgumentException(file + ": missing tensor model." + p.name());
            }
            if (!java.util.Arrays.equals(saved.shape(), p.value().shape())) {
                throw new IllegalArgumentException(file + ": tensor model." + p.name() + " has shape "
                        + java.util.Arrays.toString(saved.shape()) + ", the architecture needs "
                        + java.util.Arrays.toString(p.value().shape()));
            }
            p.value().copyFrom(saved.to(dtype));
        }
        java.util.Set<String> expected = new java.util.HashSet<>();
        model.parameters().forEach(p -> expected.add("model." + p.name()));
        for (String name : tensors.keySet()) {
            if (name.startsWith("model.") && !expected.contains(name)) {
                throw new IllegalArgumentException(file + ": tensor " + name + " belongs to no layer of the"
                        + " architecture '" + shorten(architecture) + "' (damaged or hand-edited checkpoint?)");
            }
        }
    }

    private static DType dtype(Path file, String name) {
        for (DType t : DType.values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException(file + ": unknown dtype '" + name + "' in the metadata, expected one of "
                + java.util.Arrays.toString(DType.values()));
    }

    /**
     * Refuses an architecture whose linear layers need more weights than the file holds, before building it: a
     * 100-byte header saying {@code linear:50000:50000} would otherwise allocate gigabytes of fresh weights.
     * Layer text the check cannot read is left for {@link Architecture#build} to report.
     */
    private static void checkSize(Path file, String architecture, Map<String, Tensor> tensors) {
        long held = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().startsWith("model.")) {
                held += e.getValue().numel();
            }
        }
        long needed = 0;
        for (String part : architecture.split(",")) {
            String[] f = part.trim().split(":");
            try {
                if (f.length >= 3 && f[0].equals("linear")) {
                    long in = Integer.parseInt(f[1].trim());
                    long out = Integer.parseInt(f[2].trim());
                    if (in > 0 && out > 0) {
                        needed = Math.min(Long.MAX_VALUE / 2, needed + in * out + out);
                    }
                } else if (f.length >= 8 && f[0].equals("conv2d")) {
                    // weight [out, in/groups, k, k]: a damaged file must not make the loader allocate it first
                    long in = Integer.parseInt(f[1].trim());
                    long out = Integer.parseInt(f[2].trim());
                    long k = Integer.parseInt(f[3].trim());
                    long groups = Math.max(1, Integer.parseInt(f[7].trim()));
                    if (in > 0 && out > 0 && k > 0) {
                        needed = Math.min(Long.MAX_VALUE / 2, needed + out * Math.max(1, in / groups) * k * k);
                    }
                } else if (f.length >= 2 && f[0].startsWith("batchnorm")) {
                    long features = Integer.parseInt(f[1].trim());
                    if (features > 0) {
                        needed = Math.min(Long.MAX_VALUE / 2, needed + 4 * features);
                    }
                }
            } catch (NumberFormatException e) {
                // Architecture.build names the layer it cannot read
            }
        }
        if (needed > held) {
            throw new IllegalArgumentException(file + ": the architecture '" + shorten(architecture) + "' needs "
                    + needed + " weights, but the file holds only " + held + " model values (damaged or"
                    + " hand-edited checkpoint?)");
        }
    }

    /** A model of activations only has no weights to take the dtype from; F32 is what it would be built with. */
    private static DType dtypeOf(Sequential model) {
        List<Tensor> parameters = model.parameterTensors();
        return parameters.isEmpty() ? DType.F32 : parameters.get(0).dtype();
    }

    /** {@code 784-30-10}: the widths of the Linear layers, input to output. */
    private static String sizes(Sequential model) {
        StringBuilder sb = new StringBuilder();
        for (Module m : model.layers()) {
            if (m instanceof Linear l) {
                sb.append(sb.length() == 0 ? l.inputs() : "").append('-').append(l.outputs());
            }
        }
        return sb.toString();
    }

    /** The first activation before the last Linear layer ({@code identity} if none): the CLI's --activation. */
    private static String hiddenActivation(Sequential model) {
        List<Module> layers = model.layers();
        int last = layers.size() - 1;
        while (last >= 0 && !(layers.get(last) instanceof Linear)) {
            last--;
        }
        for (int i = 0; i < last; i++) {
            if (layers.get(i) instanceof Activation a) {
                return a.label();
            }
        }
        return "identity";
    }

    private static String shorten(String architecture) {
        return architecture.length() > 80 ? architecture.substring(0, 77) + "..." : architecture;
    }

    private static History readHistory(Map<String, Tensor> tensors) {
        Tensor table = tensors.get("history.epochs");
        List<EpochResult> epochs = new ArrayList<>();
        if (table != null && table.numel() > 0) {
            double[] v = table.toDoubleArray();
            for (int i = 0; i < v.length / EPOCH_COLUMNS; i++) {
                int o = i * EPOCH_COLUMNS;
                epochs.add(new EpochResult((int) v[o], v[o + 1], v[o + 2], v[o + 3], v[o + 4], v[o + 5], v[o + 6],
                        v[o + 7]));
            }
        }
        double[] loss = array(tensors.get("history.step_loss"));
        double[] rate = array(tensors.get("history.step_learning_rate"));
        double[] norm = array(tensors.get("history.step_gradient_norm"));
        if (rate.length != loss.length || norm.length != loss.length) {
            throw new IllegalArgumentException("checkpoint history: step arrays have different lengths");
        }
        return History.restore(loss, rate, norm, epochs);
    }

    private static double[] array(Tensor t) {
        return t == null ? new double[0] : t.toDoubleArray();
    }
}
