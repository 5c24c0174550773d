package dev.descent.autograd;

import dev.descent.tensor.Backprop;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.function.Function;

/**
 * Second derivatives from the engine: the gradient is computed with a recorded backward pass and differentiated
 * again. Used by Newton's method; the full Hessian costs one backward pass per parameter, so it is for small
 * problems, while {@link #vectorProduct} costs two passes at any size.
 */
public final class Hessian {
    private Hessian() {
    }

    /** The gradient of a scalar function at {@code x} (a fresh leaf copy of it is differentiated). */
    public static Tensor gradient(Function<Tensor, Tensor> f, Tensor x) {
        Tensor v = x.copy().requiresGrad(true);
        Tensor y = scalar(f.apply(v));
        return Backprop.gradients(y, List.of(v), false).get(0);
    }

    /** The n×n Hessian of a scalar function of an n-element tensor (flattened row-major). */
    public static Tensor of(Function<Tensor, Tensor> f, Tensor x) {
        Tensor v = x.copy().requiresGrad(true);
        Tensor y = scalar(f.apply(v));
        Tensor g = Backprop.gradients(y, List.of(v), true).get(0).reshape(-1);
        int n = v.numel();
        Tensor h = Tensor.zeros(x.dtype(), n, n);
        for (int i = 0; i < n; i++) {
            Tensor gi = g.slice(0, i, i + 1).sum();
            if (!gi.requiresGrad()) {
                continue; // this gradient entry is constant in x: its row of the Hessian is zero
            }
            Tensor row = Backprop.gradients(gi, List.of(v), false).get(0);
            for (int j = 0; j < n; j++) {
                h.setFlat(i * n + j, row.getFlat(j));
            }
        }
        return h;
    }

    /** H·v without forming H: the gradient of (∇f · v). */
    public static Tensor vectorProduct(Function<Tensor, Tensor> f, Tensor x, Tensor vector) {
        Tensor v = x.copy().requiresGrad(true);
        Tensor y = scalar(f.apply(v));
        Tensor g = Backprop.gradients(y, List.of(v), true).get(0);
        Tensor dot = g.mul(vector.reshape(g.shape())).sum();
        if (!dot.requiresGrad()) {
            return x.zerosLike();
        }
        return Backprop.gradients(dot, List.of(v), false).get(0);
    }

    private static Tensor scalar(Tensor y) {
        if (y.numel() != 1) {
            throw new IllegalArgumentException("hessian: the function must return a scalar, got shape "
                    + java.util.Arrays.toString(y.shape()));
        }
        return y;
    }
}
