package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class OptimizerErrorsTest {
    private final List<Tensor> params = List.of(Tensor.zeros(DType.F64, 3).requiresGrad(true));

    private static void fails(String message, Executable action) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, action).getMessage());
    }

    @Test
    void argumentsAreValidatedWithNamedMessages() {
        fails("learningRate must be > 0, was -1.0", () -> Adam.of(params, -1));
        fails("learningRate must be > 0, was 0.0", () -> Sgd.of(params, 0));
        fails("learningRate must be finite, was Infinity", () -> GradientDescent.of(params, Double.POSITIVE_INFINITY));
        fails("learningRate must be > 0, was NaN", () -> Adagrad.of(params, Double.NaN));
        fails("nesterov requires momentum > 0 and dampening = 0, was momentum=0.0, dampening=0.0",
                () -> Sgd.of(params, new Sgd.Config(0.1, 0, 0, 0, true)));
        fails("nesterov requires momentum > 0 and dampening = 0, was momentum=0.9, dampening=0.1",
                () -> Sgd.of(params, new Sgd.Config(0.1, 0.9, 0.1, 0, true)));
        fails("beta2 must be in [0, 1), was 1.0", () -> new Adam.Config(1e-3, 0.9, 1.0, 1e-8, 0, false));
        fails("momentum must be in [0, 1), was -0.5", () -> Sgd.momentum(params, 0.1, -0.5));
        fails("weightDecay must be >= 0, was -0.1", () -> new AdamW.Config(1e-3, 0.9, 0.999, 1e-8, -0.1, false));
        fails("rho must be in [0, 1], was 1.5", () -> new Adadelta.Config(1, 1.5, 1e-6, 0));
        fails("eps must be > 0, was 0.0", () -> new RmsProp.Config(0.01, 0.99, 0, 0, 0, false));
        fails("historySize must be > 0, was 0", () -> Lbfgs.Config.of(1, 20, 0, Lbfgs.LineSearch.NONE));
        fails("damping must be >= 0, was -1.0", () -> Newton.of(params, 1, -1));
        fails("maxNorm must be > 0, was 0.0", () -> GradientClipping.clipByNorm(params, 0));
    }

    @Test
    void parameterListsAreChecked() {
        Tensor p = Tensor.zeros(2).requiresGrad(true);
        fails("parameters must not be empty", () -> Adam.of(List.of(), 1e-3));
        fails("parameter 1 is the same tensor as parameter 0", () -> Adam.of(List.of(p, p), 1e-3));
        fails("parameter 0 is not a leaf tensor (it was made by 'mul'); optimizers update leaf tensors",
                () -> Adam.of(List.of(p.mul(p)), 1e-3));
    }

    @Test
    void optimizersByName() {
        fails("unknown optimizer 'adamax'; expected one of gd, sgd, momentum, nesterov, adagrad, adadelta, "
                + "rmsprop, adam, adamw, lbfgs, newton", () -> OptimizerKind.parse("adamax"));
        assertEquals("Sgd(learningRate=0.05, momentum=0.9, dampening=0.0, weightDecay=0.0, nesterov=true)",
                OptimizerKind.parse("Nesterov").create(params, 0.05).toString());
        assertEquals(0.001, OptimizerKind.parse("adam").create(params).learningRate());
    }

    @Test
    void toStringShowsTheConfiguration() {
        assertEquals("Adam(learningRate=0.001, beta1=0.9, beta2=0.999, eps=1e-08, weightDecay=0.0, amsgrad=false)",
                Adam.of(params).toString());
        assertEquals("AdamW(learningRate=0.001, beta1=0.9, beta2=0.999, eps=1e-08, weightDecay=0.01, "
                + "amsgrad=false)", AdamW.of(params).toString());
        assertEquals("GradientDescent(learningRate=0.1)", GradientDescent.of(params, 0.1).toString());
        assertEquals("Adagrad(learningRate=0.01, lrDecay=0.0, weightDecay=0.0, initialAccumulator=0.0, eps=1e-10)",
                Adagrad.of(params, 0.01).toString());
        assertEquals("Adadelta(learningRate=1.0, rho=0.9, eps=1e-06, weightDecay=0.0)", Adadelta.of(params).toString());
        assertEquals("RmsProp(learningRate=0.01, alpha=0.99, eps=1e-08, weightDecay=0.0, momentum=0.0, "
                + "centered=false)", RmsProp.of(params, 0.01).toString());
        assertEquals("Lbfgs(learningRate=1.0, maxIterations=20, maxEvaluations=25, toleranceGrad=1e-07, "
                + "toleranceChange=1e-09, historySize=100, lineSearch=NONE)", Lbfgs.of(params).toString());
        assertEquals("Newton(learningRate=1.0, damping=0.0)", Newton.of(params).toString());
        assertEquals("1.5e-10", Args.show(1.5e-10));
        assertEquals("1e+20", Args.show(1e20));
        assertEquals("12345.678", Args.show(12345.678));
        assertEquals("0.0001", Args.show(1e-4));
    }

    @Test
    void closuresMustReturnOneValue() {
        Tensor x = params.get(0);
        fails("closure must return a one-element loss tensor, got shape [3]", () -> Adam.of(params).step(() -> x.mul(2)));
    }
}
