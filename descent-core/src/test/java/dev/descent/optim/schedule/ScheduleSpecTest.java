package dev.descent.optim.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Schedules by name, as {@code descent train --schedule} and any other face spell them. */
class ScheduleSpecTest {

    @Test
    void eachFormNamesItsSchedule() {
        assertNull(ScheduleSpec.parse("constant", 0.1, 10));
        LearningRateSchedule step = (LearningRateSchedule) ScheduleSpec.parse("step:2:0.5", 0.1, 10);
        assertEquals(0.025, step.learningRate(4), 1e-15);
        LearningRateSchedule exp = (LearningRateSchedule) ScheduleSpec.parse("Exponential:0.9", 1, 10);
        assertEquals(0.81, exp.learningRate(2), 1e-15);
        LearningRateSchedule cosine = (LearningRateSchedule) ScheduleSpec.parse("cosine", 1, 10);
        assertEquals(0.0, cosine.learningRate(10), 1e-15);
        ReduceOnPlateau plateau = (ReduceOnPlateau) ScheduleSpec.parse("plateau:3:0.2", 1, 10);
        assertEquals(3, plateau.config().patience());
        assertEquals(0.2, plateau.config().factor());
        LearningRateSchedule warm = (LearningRateSchedule) ScheduleSpec.parse("warmup:2+step:1:0.5", 1, 10);
        assertEquals(0.1, warm.learningRate(0), 1e-15);
        assertEquals(0.5, warm.learningRate(3), 1e-15);
    }

    @Test
    void aTextOffTheGrammarSaysWhatAndTheGrammar() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScheduleSpec.parse("step:x", 0.1, 10));
        assertTrue(e.getMessage().startsWith("schedule 'step:x': 'step' takes 2 ':'-separated values, got 1; expected"
                + " constant, step:EVERY:GAMMA"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ScheduleSpec.parse("warmup:2+plateau", 1, 10))
                .getMessage().contains("warm-up can only be followed by"));
    }
}
