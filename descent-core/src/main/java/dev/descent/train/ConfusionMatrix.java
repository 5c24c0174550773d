package dev.descent.train;

import java.util.Locale;

/**
 * Counts of (true class, predicted class) pairs, with the per-class precision, recall and F1 derived from them.
 * Row = true class, column = predicted class.
 */
public record ConfusionMatrix(int[][] counts) {
    /**
     * The most classes a matrix holds: it is dense, classes² counts, so one stray label of 65535 must not ask for
     * 17 GB. ImageNet's 1000 classes fit.
     */
    public static final int MAX_CLASSES = 1000;

    public ConfusionMatrix {
        counts = deepCopy(counts);
    }

    /** Tallies predictions against labels over {@code classes} classes. */
    public static ConfusionMatrix of(int[] labels, int[] predictions, int classes) {
        if (labels.length != predictions.length) {
            throw new IllegalArgumentException("confusion matrix: " + labels.length + " labels but "
                    + predictions.length + " predictions");
        }
        if (classes < 1 || classes > MAX_CLASSES) {
            throw new IllegalArgumentException("confusion matrix: " + classes + " classes; expected 1 to "
                    + MAX_CLASSES);
        }
        int[][] c = new int[classes][classes];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes || predictions[i] < 0 || predictions[i] >= classes) {
                throw new IllegalArgumentException("confusion matrix: example " + i + " has label " + labels[i]
                        + " and prediction " + predictions[i] + "; both must be classes 0 to " + (classes - 1));
            }
            c[labels[i]][predictions[i]]++;
        }
        return new ConfusionMatrix(c);
    }

    private static int[][] deepCopy(int[][] a) {
        int[][] c = new int[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    @Override
    public int[][] counts() {
        return deepCopy(counts);
    }

    public int classes() {
        return counts.length;
    }

    public long total() {
        long t = 0;
        for (int[] row : counts) {
            for (int v : row) {
                t += v;
            }
        }
        return t;
    }

    /** Fraction of examples on the diagonal. */
    public double accuracy() {
        long right = 0;
        for (int i = 0; i < counts.length; i++) {
            right += counts[i][i];
        }
        long t = total();
        return t == 0 ? Double.NaN : (double) right / t;
    }

    /** Of the examples predicted as {@code k}, the fraction that are {@code k} (NaN if none predicted). */
    public double precision(int k) {
        long predicted = 0;
        for (int[] row : counts) {
            predicted += row[k];
        }
        return predicted == 0 ? Double.NaN : (double) counts[k][k] / predicted;
    }

    /** Of the examples of class {@code k}, the fraction predicted as {@code k}. */
    public double recall(int k) {
        long actual = 0;
        for (int v : counts[k]) {
            actual += v;
        }
        return actual == 0 ? Double.NaN : (double) counts[k][k] / actual;
    }

    /** Harmonic mean of precision and recall for class {@code k}. */
    public double f1(int k) {
        double p = precision(k);
        double r = recall(k);
        return p + r == 0 || Double.isNaN(p) || Double.isNaN(r) ? 0 : 2 * p * r / (p + r);
    }

    /** Unweighted mean F1 over classes. */
    public double macroF1() {
        double s = 0;
        for (int k = 0; k < counts.length; k++) {
            s += f1(k);
        }
        return s / counts.length;
    }

    /** A fixed-width text table with per-class recall. */
    public String toTable() {
        int width = Math.max(5, Long.toString(total()).length() + 1);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-8s", "true\\pred"));
        for (int k = 0; k < counts.length; k++) {
            sb.append(String.format(Locale.ROOT, "%" + width + "d", k));
        }
        sb.append("   recall\n");
        for (int i = 0; i < counts.length; i++) {
            sb.append(String.format(Locale.ROOT, "%-8d", i));
            for (int v : counts[i]) {
                sb.append(String.format(Locale.ROOT, "%" + width + "d", v));
            }
            sb.append(String.format(Locale.ROOT, "   %.3f%n", recall(i)));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionMatrix m && java.util.Arrays.deepEquals(counts, m.counts);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.deepHashCode(counts);
    }

    @Override
    public String toString() {
        return "ConfusionMatrix(" + counts.length + " classes, accuracy " + accuracy() + ")";
    }
}
