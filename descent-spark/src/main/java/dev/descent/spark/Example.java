package dev.descent.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * One training example as read from a {@link Row}: its features, and its class label or its regression targets
 * (the other one is -1 or null).
 */
record Example(float[] features, int label, float[] target) implements Serializable {

    /**
     * Reads {@code row}'s features (an array of numbers) at {@code featuresAt} and its label (an integer) or target
     * (a number or an array of numbers) at {@code labelAt}.
     */
    static Example of(Row row, int featuresAt, int labelAt, boolean classification) {
        float[] features = numbers(row, featuresAt, "features");
        Object y = row.get(labelAt);
        if (classification) {
            if (!(y instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                throw new IllegalArgumentException("label column: expected an integer class, got " + y);
            }
            return new Example(features, n.intValue(), null);
        }
        return new Example(features, -1, y instanceof Number n ? new float[] {n.floatValue()}
                : numbers(row, labelAt, "target"));
    }

    /** The numbers of an array column: a Java array, or the list Spark gives for an array type. */
    private static float[] numbers(Row row, int at, String what) {
        Object v = row.get(at);
        if (v instanceof float[] f) {
            return f.clone();
        }
        if (v instanceof double[] d) {
            float[] out = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                out[i] = (float) d[i];
            }
            return out;
        }
        if (v == null) {
            throw new IllegalArgumentException(what + " column: a row has null");
        }
        List<Object> list = row.getList(at);
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Number n)) {
                throw new IllegalArgumentException(what + " column: expected numbers, got " + list.get(i));
            }
            out[i] = n.floatValue();
        }
        return out;
    }
}
