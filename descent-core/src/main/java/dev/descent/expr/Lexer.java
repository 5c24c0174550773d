package dev.descent.expr;

/**
 * Splits expression text into tokens, one at a time as the parser asks for them, so that the error reported is the
 * first one in the text.
 */
final class Lexer {

    enum Kind {
        NUMBER, NAME, PLUS, MINUS, STAR, SLASH, CARET, LPAREN, RPAREN, COMMA, END
    }

    /** One token: its kind, where it sits in the source ({@code [start, end)}) and, for numbers, the value. */
    record Token(Kind kind, int start, int end, String text, double value) {
        /** How the token is named in messages: {@code ')'}, {@code 'sin'}, or "end of input". */
        String describe() {
            return kind == Kind.END ? "end of input" : "'" + text + "'";
        }
    }

    private final String source;
    private int at;

    Lexer(String source) {
        this.source = source;
    }

    /** The next token; at the end of the source, an {@link Kind#END} token (again on every further call). */
    Token next() {
        while (at < source.length() && Character.isWhitespace(source.codePointAt(at))) {
            at += Character.charCount(source.codePointAt(at));
        }
        int start = at;
        if (at == source.length()) {
            return new Token(Kind.END, start, start, "", 0);
        }
        int c = source.codePointAt(at);
        if (isDigit(c) || (c == '.' && isDigit(charAt(at + 1)))) {
            return number();
        }
        if (Character.isLetter(c) || c == '_') {
            while (at < source.length() && isNamePart(source.codePointAt(at))) {
                at += Character.charCount(source.codePointAt(at));
            }
            return token(Kind.NAME, start);
        }
        at++;
        switch (c) {
            case '+':
                return token(Kind.PLUS, start);
            case '-':
                return token(Kind.MINUS, start);
            case '*':
                if (charAt(at) == '*') { // Python's power operator, the same as '^'
                    at++;
                    return token(Kind.CARET, start);
                }
                return token(Kind.STAR, start);
            case '/':
                return token(Kind.SLASH, start);
            case '^':
                return token(Kind.CARET, start);
            case '(':
                return token(Kind.LPAREN, start);
            case ')':
                return token(Kind.RPAREN, start);
            case ',':
                return token(Kind.COMMA, start);
            default:
                String shown = Character.isISOControl(c) || Character.isWhitespace(c)
                        ? String.format("U+%04X", c)
                        : "'" + new String(Character.toChars(c)) + "'";
                throw new ExpressionException(source, start, "unexpected character " + shown, lookalike(c));
        }
    }

    // digits ['.' digits] [('e'|'E') ['+'|'-'] digits], or '.' digits ...; an 'e' not followed by digits is left
    // alone so that "2e" reads as 2 then the constant e (and is then refused as implicit multiplication).
    private Token number() {
        int start = at;
        skipDigits();
        if (charAt(at) == '.') {
            at++;
            skipDigits();
        }
        int e = charAt(at);
        if (e == 'e' || e == 'E') {
            int sign = charAt(at + 1);
            int firstDigit = sign == '+' || sign == '-' ? at + 2 : at + 1;
            if (isDigit(charAt(firstDigit))) {
                at = firstDigit;
                skipDigits();
            }
        }
        if (charAt(at) == '.') {
            int end = at;
            while (isDigit(charAt(end)) || charAt(end) == '.') {
                end++;
            }
            throw new ExpressionException(source, start,
                    "malformed number '" + source.substring(start, end) + "'", null);
        }
        String text = source.substring(start, at);
        double value = Double.parseDouble(text);
        if (Double.isInfinite(value)) {
            throw new ExpressionException(source, start, "number " + text + " is too large for a double", null);
        }
        return new Token(Kind.NUMBER, start, at, text, value);
    }

    /** A hint for characters pasted from typeset maths, or null. */
    private static String lookalike(int c) {
        switch (c) {
            case '\u2212':
                return "write '-'";
            case '\u00d7':
            case '\u00b7':
            case '\u22c5':
                return "write '*'";
            case '\u00f7':
                return "write '/'";
            case '\u00b2':
                return "write '^2'";
            case '\u00b3':
                return "write '^3'";
            default:
                return null;
        }
    }

    private void skipDigits() {
        while (isDigit(charAt(at))) {
            at++;
        }
    }

    private Token token(Kind kind, int start) {
        return new Token(kind, start, at, source.substring(start, at), 0);
    }

    private int charAt(int i) {
        return i < source.length() ? source.charAt(i) : -1;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isNamePart(int c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
