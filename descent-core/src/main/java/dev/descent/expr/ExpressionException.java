package dev.descent.expr;

/**
 * A malformed expression, or a value missing when one is used. The message names the problem and its column, then
 * shows the source with a caret under that column:
 *
 * <pre>
 * unexpected ')' at column 5
 *   x^2+)
 *       ^
 * </pre>
 *
 * Columns count characters (code points) from 1; line breaks and tabs in the source are shown as spaces, and a long
 * source is cut to a window around the caret.
 */
public final class ExpressionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    // Characters of source shown on either side of the caret before the line is cut with "...".
    private static final int WINDOW = 36;

    private final String source;
    private final int position;
    private final String problem;

    /**
     * @param position char index into {@code source}, 0 to {@code source.length()} (the end of input)
     * @param problem what is wrong, e.g. "unexpected ')'"
     * @param hint how to fix it, or null; printed after the column
     */
    ExpressionException(String source, int position, String problem, String hint) {
        super(render(source, position, problem, hint));
        this.source = source;
        this.position = position;
        this.problem = problem;
    }

    /** The expression text that was being parsed or used. */
    public String source() {
        return source;
    }

    /** Index of the offending character in {@link #source()}, from 0; {@code source().length()} means its end. */
    public int position() {
        return position;
    }

    /** The 1-based column of the offending character, counting code points. */
    public int column() {
        return columnOf(source, position);
    }

    /** What is wrong, in a few words and without position or source, e.g. {@code unexpected ')'}. */
    public String problem() {
        return problem;
    }

    private static int columnOf(String source, int position) {
        return source.codePointCount(0, position) + 1;
    }

    private static String render(String source, int position, String problem, String hint) {
        StringBuilder out = new StringBuilder(problem).append(" at column ").append(columnOf(source, position));
        if (hint != null) {
            out.append(": ").append(hint);
        }
        int start = Math.max(0, position - WINDOW);
        int end = Math.min(source.length(), position + WINDOW);
        // Never cut a surrogate pair in half.
        if (start > 0 && Character.isLowSurrogate(source.charAt(start))) {
            start--;
        }
        if (end < source.length() && Character.isLowSurrogate(source.charAt(end))) {
            end++;
        }
        String lead = start > 0 ? "..." : "";
        String tail = end < source.length() ? "..." : "";
        out.append("\n  ").append(lead);
        source.substring(start, end).codePoints()
                .forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        out.append(tail).append("\n  ");
        int offset = lead.length() + source.codePointCount(start, position);
        out.append(" ".repeat(offset)).append('^');
        return out.toString();
    }
}
