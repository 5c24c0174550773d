package dev.descent.cli;

import dev.descent.data.Dataset;
import dev.descent.io.Checkpoint;
import dev.descent.nn.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reading back a run directory that {@code descent train} wrote: its checkpoint and its settings. */
final class Runs {
    private Runs() {
    }

    /** A loaded run: the checkpoint and the settings it was trained with. */
    record Loaded(Checkpoint checkpoint, RunSettings settings) {
    }

    static Loaded load(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            throw new IllegalArgumentException("no run directory " + dir + " (train one with: descent train --out "
                    + dir + ")");
        }
        Checkpoint c = Checkpoint.load(dir);
        RunSettings settings = RunSettings.fromInfo(c.info(), dir.toString());
        // the tensors are the model; a 'model' setting that disagrees (hand-edited) would cut or misread its outputs
        if (settings.model().convolutional()) {
            // compared without the activations, which the settings name apart ('activation', and the loss's output)
            String expected = layers(settings.model().build(dev.descent.nn.Activation.identity(),
                    dev.descent.nn.Activation.identity(), settings.init(), settings.dtype(), dev.descent.tensor.Rng.of(0)));
            String actual = layers(c.model());
            if (!expected.equals(actual)) {
                throw new IllegalArgumentException(dir + ": the checkpoint's 'model' setting says " + settings.model()
                        + " but its layers are " + actual + " (damaged or hand-edited checkpoint?)");
            }
            return new Loaded(c, settings);
        }
        List<Integer> widths = new ArrayList<>();
        for (dev.descent.nn.Module m : c.model().layers()) {
            if (m instanceof dev.descent.nn.Linear l) {
                if (widths.isEmpty()) {
                    widths.add(l.inputs());
                }
                widths.add(l.outputs());
            }
        }
        int[] fromTensors = widths.stream().mapToInt(Integer::intValue).toArray();
        if (!java.util.Arrays.equals(fromTensors, settings.model().widths())) {
            throw new IllegalArgumentException(dir + ": the checkpoint's 'model' setting says "
                    + settings.model() + " but its tensors are "
                    + (fromTensors.length < 2 ? java.util.Arrays.toString(fromTensors)
                    : ModelSpec.perceptron(fromTensors).toString()) + " (damaged or hand-edited checkpoint?)");
        }
        return new Loaded(c, settings);
    }

    private static String layers(dev.descent.nn.Sequential model) {
        List<String> kept = new ArrayList<>();
        for (String layer : dev.descent.nn.Architecture.describe(model).split(",")) {
            if (!dev.descent.nn.Activation.Kind.labels().contains(layer)) {
                kept.add(layer);
            }
        }
        return String.join(",", kept);
    }

    /** The info key holding the class names, tab-separated, when the data set named its classes. */
    static final String CLASS_NAMES = "class_names";

    /** The class names a run was trained with, or 0, 1, 2, … when the data did not name them. */
    static List<String> classNames(Loaded run, int classes) {
        String names = run.checkpoint().info().get(CLASS_NAMES);
        if (names != null && !names.isEmpty()) {
            List<String> list = List.of(names.split("\t", -1));
            if (list.size() == classes) {
                return list;
            }
        }
        return classLabels(null, classes);
    }

    /** The class names to show: the data set's own, or 0, 1, 2, …. */
    static List<String> classLabels(Dataset data, int classes) {
        if (data != null && data.classNames().size() == classes) {
            return data.classNames();
        }
        List<String> labels = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            labels.add(Integer.toString(k));
        }
        return labels;
    }
}
