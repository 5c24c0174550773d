package dev.descent.tensor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The grad-mode scopes: {@code noGrad()} and {@code enableGrad()} return one scope type and nest. */
class GradModeTest {

    @Test
    void enableGradInsideNoGradRecordsAndClosingRestores() {
        Tensor x = Tensor.scalar(2, DType.F64).requiresGrad(true);
        try (GradMode off = Tensor.noGrad()) {
            assertFalse(Tensor.isGradEnabled());
            assertNull(x.mul(x).node, "no graph under noGrad");
            try (GradMode recording = Tensor.enableGrad()) {
                assertTrue(Tensor.isGradEnabled());
                assertNotNull(x.mul(x).node, "graph recorded under enableGrad");
            }
            assertFalse(Tensor.isGradEnabled(), "closing enableGrad restores noGrad");
        }
        assertTrue(Tensor.isGradEnabled());
    }
}
