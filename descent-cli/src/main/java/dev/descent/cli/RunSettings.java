package dev.descent.cli;

import dev.descent.loss.LossKind;
import dev.descent.nn.Activation;
import dev.descent.nn.Init;
import dev.descent.nn.ModelSpec;
import dev.descent.optim.OptimizerKind;
import dev.descent.tensor.DType;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Everything that defines a training run, as stored in the checkpoint's {@code info} so that {@code --resume},
 * {@code eval} and {@code predict} can rebuild the data, the loss and the optimizer. {@code limit} 0 means the data
 * set's default size; {@code clipNorm} NaN means no clipping; {@code schedule} uses {@link ScheduleSpec}'s grammar.
 */
record RunSettings(String data, int limit, ModelSpec model, Activation.Kind activation, Init init, LossKind loss,
                   OptimizerKind optimizer, double learningRate, int batch, DType dtype, long seed, String schedule,
                   double clipNorm, int epochs) {

    /** The settings as the checkpoint stores them (strings). */
    Map<String, String> toInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        if (data != null) {
            info.put("data", data); // null: a library or imported checkpoint that names no data set
        }
        info.put("limit", Integer.toString(limit));
        info.put("model", model.toString());
        info.put("activation", activation.label());
        info.put("init", init.name().toLowerCase(Locale.ROOT));
        info.put("loss", loss.label());
        info.put("optimizer", optimizer.label());
        info.put("lr", Double.toString(learningRate));
        info.put("batch", Integer.toString(batch));
        info.put("dtype", dtype.name());
        info.put("seed", Long.toString(seed));
        info.put("schedule", schedule);
        info.put("clip_norm", Double.toString(clipNorm));
        info.put("epochs", Integer.toString(epochs));
        return info;
    }

    /**
     * The settings only training needs: a checkpoint saved by the library ({@code Checkpoint.of}) or imported
     * without {@code --data} lacks them; eval and predict do without, {@code train --resume} cannot.
     */
    static final java.util.List<String> TRAINING_KEYS = java.util.List.of("data", "optimizer", "lr", "batch", "seed");

    /**
     * Reads settings written by {@link #toInfo()}, also by older versions (names as the user typed them, an init of
     * {@code auto} or none); {@code where} names the checkpoint in errors. Missing {@link #TRAINING_KEYS} read as:
     * data null, sgd, NaN, 10, 0 (see {@link #missingTraining}).
     */
    static RunSettings fromInfo(Map<String, String> info, String where) {
        String data = info.get("data");
        String limit = info.getOrDefault("limit", "0");
        String model = require(info, "model", where);
        String activation = require(info, "activation", where);
        String loss = require(info, "loss", where);
        String optimizer = info.getOrDefault("optimizer", "sgd");
        String lr = info.getOrDefault("lr", "NaN");
        String batch = info.getOrDefault("batch", "10");
        String seed = info.getOrDefault("seed", "0");
        try {
            Activation.Kind hidden = Activation.Kind.parse(activation);
            String init = info.getOrDefault("init", Choices.InitConverter.AUTO);
            return new RunSettings(data, Integer.parseInt(limit), parseModel(model), hidden,
                    init.equalsIgnoreCase(Choices.InitConverter.AUTO) ? Init.forActivation(hidden) : Init.parse(init),
                    LossKind.parse(loss), OptimizerKind.parse(optimizer), Double.parseDouble(lr),
                    Integer.parseInt(batch), DType.valueOf(info.getOrDefault("dtype", "F32")), Long.parseLong(seed),
                    info.getOrDefault("schedule", "constant"),
                    Double.parseDouble(info.getOrDefault("clip_norm", "NaN")),
                    Integer.parseInt(info.getOrDefault("epochs", "1")));
        } catch (IllegalArgumentException | UsageException e) {
            throw new IllegalArgumentException(where + ": run settings are damaged: " + e.getMessage(), e);
        }
    }

    /** The {@link #TRAINING_KEYS} that {@code info} lacks, joined by ", " (empty when it has them all). */
    static String missingTraining(Map<String, String> info) {
        return String.join(", ", TRAINING_KEYS.stream().filter(k -> !info.containsKey(k)).toList());
    }

    private static String require(Map<String, String> info, String key, String where) {
        String v = info.get(key);
        if (v == null) {
            throw new IllegalArgumentException(where + ": the checkpoint has no '" + key
                    + "' setting; it was not written by 'descent train' (from Java, save with Checkpoint.of(model,"
                    + " loss, data) for eval and predict to read it)");
        }
        return v;
    }

    RunSettings withEpochs(int count) {
        return new RunSettings(data, limit, model, activation, init, loss, optimizer, learningRate, batch, dtype, seed,
                schedule, clipNorm, count);
    }

    RunSettings withModel(ModelSpec spec) {
        return new RunSettings(data, limit, spec, activation, init, loss, optimizer, learningRate, batch, dtype, seed,
                schedule, clipNorm, epochs);
    }

    /**
     * {@code 784-16-16-10} (a perceptron) or {@code conv8-pool-conv16-pool-10} (a convolutional network), in
     * {@link ModelSpec}'s grammar; a usage error naming the part that is wrong.
     */
    static ModelSpec parseModel(String text) {
        try {
            return ModelSpec.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + e.getMessage());
        }
    }

    /** One line for the log: {@code sgd lr=3 batch=10 loss=quadratic activation=sigmoid seed=42}. */
    String summary() {
        return String.format(Locale.ROOT, "%s lr=%s batch=%d loss=%s activation=%s init=%s schedule=%s%s seed=%d",
                optimizer.label(), Numbers.compact(learningRate), batch, loss.label(), activation.label(),
                init.name().toLowerCase(Locale.ROOT), schedule,
                Double.isNaN(clipNorm) ? "" : " clip-norm=" + Numbers.compact(clipNorm), seed);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunSettings r && toInfo().equals(r.toInfo());
    }

    @Override
    public int hashCode() {
        return toInfo().hashCode();
    }

    @Override
    public String toString() {
        return "RunSettings" + toInfo();
    }
}
