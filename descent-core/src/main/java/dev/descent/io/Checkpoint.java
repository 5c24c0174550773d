package dev.descent.io;

import dev.descent.nn.Architecture;
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

/**
 * Everything needed to use or resume a training run, in one safetensors file written atomically
 * ({@code model.safetensors}): the weights as {@code model.<name>} (e.g. {@code model.0.weight}), the optimizer
 * state as {@code optimizer.<key>}, a learning-rate schedule's state (if it keeps one) as {@code schedule.<key>}, the
 * history as {@code history.*} F64 tensors, and in the JSON metadata the
 * architecture and the run's settings ({@code info}). One file means a crash leaves either the old or the new
 * checkpoint, never a mix; Python's {@code safetensors.numpy.load_file} reads it as it is. A checkpoint is a
 * {@link SavedRun}: {@code Trainer.resume} continues it.
 */
public record Checkpoint(Sequential model, String architecture, Map<String, Tensor> optimizerState, History history,
                         Map<String, String> info, Map<String, Tensor> scheduleState) implements SavedRun {
    /** The file name inside a run directory. */
    public static final String FILE_NAME = "model.safetensors";
    private static final String FORMAT = "descent-checkpoint-1";
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

    /** Writes the checkpoint into {@code dir} (created if needed), replacing any previous one atomically. */
    public static Path save(Path dir, Checkpoint checkpoint) throws IOException {
        Files.createDirectories(dir);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Parameter p : checkpoint.model.parameters()) {
            tensors.put("model." + p.name(), p.value());
        }
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
        List<Tensor> parameters = checkpoint.model.parameterTensors();
        // A model of activations only has no weights to take the dtype from; F32 is what it would be built with.
        metadata.put("dtype", (parameters.isEmpty() ? DType.F32 : parameters.get(0).dtype()).name());
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
        if (!FORMAT.equals(meta.get("format"))) {
            throw new IllegalArgumentException(file + ": not a Descent checkpoint (metadata format is "
                    + meta.get("format") + ", expected " + FORMAT + ")");
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
        Map<String, Tensor> optimizer = withPrefix(tensors, "optimizer.");
        History history = readHistory(tensors);
        Map<String, String> info = new LinkedHashMap<>();
        String infoJson = meta.get("info");
        if (infoJson != null) {
            Json.parse(infoJson).forEach((k, v) -> info.put(k, String.valueOf(v)));
        }
        return new Checkpoint(model, architecture, optimizer, history, info, withPrefix(tensors, "schedule."));
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
            if (f.length >= 3 && f[0].equals("linear")) {
                try {
                    long in = Integer.parseInt(f[1].trim());
                    long out = Integer.parseInt(f[2].trim());
                    if (in > 0 && out > 0) {
                        needed = Math.min(Long.MAX_VALUE / 2, needed + in * out + out);
                    }
                } catch (NumberFormatException e) {
                    // Architecture.build names the layer it cannot read
                }
            }
        }
        if (needed > held) {
            throw new IllegalArgumentException(file + ": the architecture '" + shorten(architecture) + "' needs "
                    + needed + " weights, but the file holds only " + held + " model values (damaged or"
                    + " hand-edited checkpoint?)");
        }
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
