package dev.descent.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    @Test
    void aHugeDamagedArchitectureIsNotEchoedWhole() {
        String spec = "linear:2:4," + "x".repeat(8 << 20);
        var e = assertThrows(IllegalArgumentException.class, () -> Architecture.build(spec, DType.F32, Rng.of(0)));
        assertTrue(e.getMessage().length() < 1000, "message of " + e.getMessage().length() + " characters");
        assertTrue(e.getMessage().contains("(8388619 characters)"), e.getMessage().substring(0, 300));
    }

    @Test
    void nullLayersNameTheParameter() {
        var e = assertThrows(IllegalArgumentException.class, () -> Sequential.of((Module) null));
        assertTrue(e.getMessage().contains("layer 0 is null"), e.getMessage());
        var all = assertThrows(IllegalArgumentException.class, () -> Sequential.of((Module[]) null));
        assertTrue(all.getMessage().contains("layers is null"), all.getMessage());
    }
}
