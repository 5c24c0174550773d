package dev.descent.web;

import dev.descent.data.FeatureStats;
import dev.descent.io.Checkpoint;
import dev.descent.nn.Filters;
import dev.descent.nn.Linear;
import dev.descent.nn.Module;
import dev.descent.text.DiagnosisText;
import dev.descent.text.Messages;
import dev.descent.train.Diagnosis;
import dev.descent.train.EpochResult;
import dev.descent.train.History;
import dev.descent.train.RunDiagnosis;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the dashboard shows of one training run, as JSON-ready columns (one array per curve, as the charts draw
 * them): the settings, the per-step and per-epoch curves, the per-layer samples of a live run, and the diagnosis in
 * the page's language. A finished run, a running one and {@code descent report} all go through here, so they show
 * the same numbers.
 */
public final class RunView {
    /** A run with more steps is drawn from this many chunk means of its step curves (a page stays small). */
    public static final int MAX_STEP_POINTS = 4000;
    /** Info keys that are not settings a user typed. */
    private static final List<String> HIDDEN_SETTINGS = List.of("class_names");

    private RunView() {
    }

    /** The status of a run as the page shows it. */
    public enum Status { FINISHED, RUNNING }

    /** The view of the run saved in {@code checkpoint}, as {@code descent serve} and {@code descent report} show it. */
    public static Map<String, Object> of(String name, Checkpoint checkpoint, Messages messages) {
        History history = checkpoint.history();
        double chance = chanceLoss(checkpoint.info(), checkpoint.model(), history);
        Map<String, Object> view = of(name, Status.FINISHED, checkpoint.info(), history, chance, messages);
        view.put("filters", filters(Filters.firstConvolution(checkpoint.model()).orElse(null)));
        return view;
    }

    /**
     * The first convolution's weights for the page to draw, one small image per output channel:
     * {@code {"shape": [out, in, kH, kW], "values": [...], "scale": max |w|}}; null for a run without convolutions.
     */
    static Map<String, Object> filters(Filters filters) {
        if (filters == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("shape", filters.shape());
        out.put("values", filters.values());
        out.put("scale", filters.scale());
        return out;
    }

    /** The view of a run known by its settings and its history so far. */
    public static Map<String, Object> of(String name, Status status, Map<String, String> info, History history,
                                         double chanceLoss, Messages messages) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", name);
        view.put("status", status);
        view.put("settings", settings(info));
        view.put("classification", isClassification(history));
        view.put("steps", steps(history.stepLosses(), history.stepLearningRates(), history.stepGradientNorms()));
        view.put("epochs", epochs(history.epochs()));
        view.put("diagnosis", diagnosis(RunDiagnosis.of(history, chanceLoss), history.stepCount(), messages));
        if (history.stop() != null) {
            view.put("stop", dev.descent.text.StopText.explain(history.stop(), messages));
        }
        return view;
    }

    /** The settings as the options {@code descent train} takes: {@code [{"option": "--lr", "value": "0.1"}]}. */
    static List<Map<String, Object>> settings(Map<String, String> info) {
        List<Map<String, Object>> out = new ArrayList<>();
        info.forEach((key, value) -> {
            boolean unset = value == null || value.isEmpty() || value.equals("NaN")
                    || key.equals("limit") && value.equals("0");
            if (!HIDDEN_SETTINGS.contains(key) && !unset) {
                Map<String, Object> row = new LinkedHashMap<>();
                boolean normalized = key.equals(Checkpoint.NORMALIZATION);
                row.put("option", normalized ? "--normalize" : "--" + key.replace('_', '-'));
                row.put("value", normalized ? normalization(value) : value);
                out.add(row);
            }
        });
        return out;
    }

    /** {@code train --normalize}'s statistics in short: {@code mean 0.1307, std 0.3081} (the first three of many). */
    private static String normalization(String info) {
        try {
            FeatureStats stats = Checkpoint.parseNormalization(info);
            return "mean " + shortList(stats.mean()) + ", std " + shortList(stats.std());
        } catch (IllegalArgumentException e) {
            return info;
        }
    }

    private static String shortList(float[] values) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.min(3, values.length); i++) {
            out.add(String.format(java.util.Locale.ROOT, "%.4g", values[i]));
        }
        return String.join(" ", out) + (values.length > 3 ? " … (" + values.length + ")" : "");
    }

    static boolean isClassification(History history) {
        EpochResult first = history.epochs().isEmpty() ? null : history.epochs().get(0);
        return first != null && !Double.isNaN(first.trainAccuracy());
    }

    /**
     * The step curves with the step number of each point (1-based); more than {@link #MAX_STEP_POINTS} steps are
     * drawn as chunk means, each at the step that ends its chunk.
     */
    static Map<String, Object> steps(double[] loss, double[] learningRate, double[] gradientNorm) {
        int n = loss.length;
        int points = Math.min(n, MAX_STEP_POINTS);
        double[] step = new double[points];
        for (int p = 0; p < points; p++) {
            step[p] = (double) (long) (p + 1) * n / points;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", n);
        out.put("step", step);
        out.put("loss", RunDiagnosis.chunkMeans(loss, points));
        out.put("learningRate", RunDiagnosis.chunkMeans(learningRate, points));
        out.put("gradientNorm", RunDiagnosis.chunkMeans(gradientNorm, points));
        return out;
    }

    static Map<String, Object> epochs(List<EpochResult> epochs) {
        int n = epochs.size();
        double[][] columns = new double[8][n];
        for (int i = 0; i < n; i++) {
            EpochResult e = epochs.get(i);
            double[] row = {e.epoch(), e.trainLoss(), e.trainAccuracy(), e.validationLoss(), e.validationAccuracy(),
                e.learningRate(), e.gradientNorm(), e.seconds()};
            for (int c = 0; c < row.length; c++) {
                columns[c][i] = row[c];
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        String[] names = {"epoch", "trainLoss", "trainAccuracy", "validationLoss", "validationAccuracy",
            "learningRate", "gradientNorm", "seconds"};
        for (int c = 0; c < names.length; c++) {
            out.put(names[c], columns[c]);
        }
        return out;
    }

    /** The verdict and its evidence in the page's language, or null before the run has taken a step. */
    static Map<String, Object> diagnosis(Diagnosis d, int steps, Messages messages) {
        if (steps == 0) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("verdict", d.verdict());
        out.put("sentence", DiagnosisText.verdict(d, messages));
        out.put("evidence", DiagnosisText.evidence(d, messages));
        return out;
    }

    /**
     * The loss of guessing for a saved run: its class count is the number of class names it saved, else the width
     * of its last linear layer; NaN for a regression (no accuracy in its history).
     */
    static double chanceLoss(Map<String, String> info, dev.descent.nn.Sequential model, History history) {
        if (!isClassification(history) || info.get("loss") == null) {
            return Double.NaN;
        }
        String names = info.get("class_names");
        int classes = names != null && !names.isEmpty() ? names.split("\t", -1).length : 0;
        if (classes == 0) {
            for (Module m : model.layers()) {
                if (m instanceof Linear l) {
                    classes = l.outputs();
                }
            }
        }
        return RunDiagnosis.chanceLoss(lossName(info.get("loss")), classes);
    }

    /** The loss's {@code name()} from its label as saved (the same words; older runs saved what the user typed). */
    private static String lossName(String label) {
        try {
            return dev.descent.loss.LossKind.parse(label).create().name();
        } catch (RuntimeException e) {
            return label;
        }
    }
}
