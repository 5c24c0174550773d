package dev.descent.cli;

import dev.descent.optim.schedule.Schedule;

/** {@code --schedule}: the core's {@link dev.descent.optim.schedule.ScheduleSpec}, its errors as usage errors. */
final class ScheduleSpec {
    static final String GRAMMAR = dev.descent.optim.schedule.ScheduleSpec.GRAMMAR;

    private ScheduleSpec() {
    }

    /** The schedule {@code text} names for base rate {@code lr} over {@code epochs} epochs; null for constant. */
    static Schedule parse(String text, double lr, int epochs) {
        try {
            return dev.descent.optim.schedule.ScheduleSpec.parse(text, lr, epochs);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + e.getMessage());
        }
    }
}
