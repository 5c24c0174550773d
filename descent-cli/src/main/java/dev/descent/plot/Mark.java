package dev.descent.plot;

/** A labelled point drawn on a {@link ContourChart}, such as a minimum or a starting point. */
public record Mark(String label, double x, double y) {

    /** Checks that the label is present (it may be empty) and the point is finite. */
    public Mark {
        Render.require(label, "label");
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("mark '" + label + "': x and y must be finite, were " + x + ", " + y);
        }
    }

    /** A point at (x, y) with the given label. */
    public static Mark of(String label, double x, double y) {
        return new Mark(label, x, y);
    }
}
