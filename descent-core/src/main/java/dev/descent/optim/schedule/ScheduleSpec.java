package dev.descent.optim.schedule;

import java.util.Locale;

/**
 * Schedules by name: the one-line grammar of {@code descent train --schedule} (and of any face that names a schedule
 * in text), all per epoch, relative to the base learning rate:
 * <pre>
 *   constant                   the same rate every epoch (default)
 *   step:EVERY:GAMMA           multiply by GAMMA every EVERY epochs            step:10:0.5
 *   exponential:GAMMA          multiply by GAMMA every epoch                   exponential:0.9
 *   cosine[:MIN]               cosine annealing from lr to MIN (default 0) over the run's epochs
 *   plateau[:PATIENCE[:FACTOR]] multiply by FACTOR (0.5) when the test loss has not improved for PATIENCE (2) epochs
 *   warmup:N+SCHEDULE          linear warm-up from lr/10 to lr over N epochs, then SCHEDULE (constant if omitted)
 * </pre>
 */
public final class ScheduleSpec {
    /** The grammar in one line, for help texts and errors. */
    public static final String GRAMMAR = "constant, step:EVERY:GAMMA, exponential:GAMMA, cosine[:MIN], "
            + "plateau[:PATIENCE[:FACTOR]], warmup:N[+SCHEDULE]";

    private ScheduleSpec() {
    }

    /**
     * The schedule {@code text} names for base rate {@code lr} over {@code epochs} epochs; null for constant. A text
     * that does not follow the grammar is an {@link IllegalArgumentException} "schedule 'TEXT': what; expected …".
     */
    public static Schedule parse(String text, double lr, int epochs) {
        String spec = text.strip().toLowerCase(Locale.ROOT);
        try {
            return parseOne(spec, lr, epochs);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("schedule '" + text + "': " + e.getMessage() + "; expected " + GRAMMAR,
                    e);
        }
    }

    private static Schedule parseOne(String spec, double lr, int epochs) {
        if (spec.startsWith("warmup:")) {
            int plus = spec.indexOf('+');
            String head = plus < 0 ? spec : spec.substring(0, plus);
            int warm = integer(head.substring("warmup:".length()), "warm-up epochs");
            LearningRateSchedule ramp = LearningRateSchedule.linear(lr, 0.1, 1.0, warm);
            Schedule rest = plus < 0 ? null : parseOne(spec.substring(plus + 1), lr, Math.max(1, epochs - warm));
            if (rest == null) {
                return ramp;
            }
            if (!(rest instanceof LearningRateSchedule after)) {
                throw new IllegalArgumentException("warm-up can only be followed by constant, step, exponential or cosine");
            }
            return ramp.then(warm, after);
        }
        String[] f = spec.split(":", -1);
        return switch (f[0]) {
            case "constant", "none" -> {
                arity(f, 1, 1);
                yield null;
            }
            case "step" -> {
                arity(f, 3, 3);
                yield LearningRateSchedule.step(lr, integer(f[1], "EVERY"), number(f[2], "GAMMA"));
            }
            case "exponential", "exp" -> {
                arity(f, 2, 2);
                yield LearningRateSchedule.exponential(lr, number(f[1], "GAMMA"));
            }
            case "cosine" -> {
                arity(f, 1, 2);
                yield LearningRateSchedule.cosine(lr, Math.max(1, epochs), f.length > 1 ? number(f[1], "MIN") : 0);
            }
            case "plateau" -> {
                arity(f, 1, 3);
                yield ReduceOnPlateau.of(f.length > 2 ? number(f[2], "FACTOR") : 0.5,
                        f.length > 1 ? integer(f[1], "PATIENCE") : 2);
            }
            default -> throw new IllegalArgumentException("unknown schedule '" + f[0] + "'");
        };
    }

    private static void arity(String[] fields, int min, int max) {
        if (fields.length < min || fields.length > max) {
            throw new IllegalArgumentException("'" + fields[0] + "' takes " + (min == max ? min - 1 : (min - 1) + " to " + (max - 1))
                    + " ':'-separated values, got " + (fields.length - 1));
        }
    }

    private static int integer(String text, String what) {
        try {
            int v = Integer.parseInt(text.strip());
            if (v < 1) {
                throw new IllegalArgumentException(what + " must be >= 1, was " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a whole number, was '" + text + "'");
        }
    }

    private static double number(String text, String what) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a number, was '" + text + "'");
        }
    }
}
