package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class NewtonTest {

    @Test
    void solvesAQuadraticInOneStep() {
        // f(x) = ½ xᵀAx − bᵀx, minimum at A⁻¹b = (1, −2, 3)
        Tensor matrix = Tensor.of(new double[] {4, 1, 0, 1, 3, -1, 0, -1, 2}, 3, 3);
        Tensor b = Tensor.of(new double[] {2, -8, 8}, 3);
        Tensor x = Tensor.of(new double[] {10, 10, -10}, 3).requiresGrad(true);
        Newton newton = Newton.of(List.of(x));
        newton.step(() -> matrix.matmul(x).mul(x).sum().mul(0.5).sub(b.mul(x).sum()));
        assertArrayEquals(new double[] {1, -2, 3}, x.toDoubleArray(), 1e-12);
        assertEquals(0.0, newton.lastDamping());
    }

    @Test
    void convergesOnRosenbrockFromTheClassicStart() {
        Tensor xy = Tensor.of(new double[] {-1.2, 1}, 2).requiresGrad(true);
        Newton newton = Newton.of(List.of(xy));
        LossClosure rosenbrock = () -> {
            Tensor x = xy.slice(0, 0, 1);
            Tensor y = xy.slice(0, 1, 2);
            return x.rsub(1).pow(2).add(y.sub(x.pow(2)).pow(2).mul(100)).sum();
        };
        for (int i = 0; i < 50; i++) {
            newton.step(rosenbrock);
        }
        assertArrayEquals(new double[] {1, 1}, xy.toDoubleArray(), 1e-10);
    }

    @Test
    void dampsAnIndefiniteHessianIntoADescentStep() {
        // f = x² − y² + y⁴ at (1, 0.1): H = diag(2, −1.88) is indefinite; pure Newton would head for the saddle.
        Tensor v = Tensor.of(new double[] {1, 0.1}, 2).requiresGrad(true);
        LossClosure f = () -> {
            Tensor x = v.slice(0, 0, 1);
            Tensor y = v.slice(0, 1, 2);
            return x.pow(2).sub(y.pow(2)).add(y.pow(4)).sum();
        };
        Newton newton = Newton.of(List.of(v));
        double before = f.evaluate().item();
        newton.step(f);
        assertTrue(newton.lastDamping() > 1.88, "damping " + newton.lastDamping());
        assertTrue(f.evaluate().item() < before);
        assertTrue(Math.abs(v.toDoubleArray()[1]) > 0.1, "moved away from the saddle");
    }

    @Test
    void needsAClosureThatLeavesTheGraph() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Newton newton = Newton.of(List.of(x));
        assertThrows(IllegalStateException.class, newton::step);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> newton.step(() -> {
            Tensor loss = x.mul(x).sum();
            loss.backward();
            return loss;
        }));
        assertTrue(e.getMessage().contains("without calling backward"), e.getMessage());
    }
}
