package dev.descent.tensor;

import dev.descent.tensor.kernel.Convolution;
import dev.descent.tensor.kernel.Convolution.Geometry;

/**
 * 2-d convolution over NCHW tensors on the im2col kernel. Three ops close under differentiation: the convolution
 * y = conv(x, w), its input gradient convT(dy, w) (the transposed convolution) and its weight gradient wgrad(x, dy);
 * each one's backward rule is made of the other two, so second-order gradients work too.
 */
final class Convolutions {
    private Convolutions() {
    }

    static Tensor conv2d(Tensor x, Tensor w, Tensor b, int stride, int padding, int dilation, int groups) {
        Arithmetic.checkDtypes("conv2d", x, w);
        if (b != null) {
            Arithmetic.checkDtypes("conv2d", x, b);
        }
        if (x.dim() != 4 || w.dim() != 4) {
            throw new IllegalArgumentException("conv2d: expected input [N, C, H, W] and weight [O, C/groups, kH, kW],"
                    + " got " + Shapes.str(x.shape) + " and " + Shapes.str(w.shape));
        }
        if (stride < 1 || padding < 0 || dilation < 1 || groups < 1) {
            throw new IllegalArgumentException("conv2d: need stride >= 1, padding >= 0, dilation >= 1, groups >= 1,"
                    + " got " + stride + ", " + padding + ", " + dilation + ", " + groups);
        }
        int channels = x.shape[1];
        int out = w.shape[0];
        if (channels % groups != 0 || out % groups != 0 || w.shape[1] * groups != channels) {
            throw new IllegalArgumentException("conv2d: input " + Shapes.str(x.shape) + " with weight "
                    + Shapes.str(w.shape) + " and groups=" + groups + ": channels " + channels + " and out channels "
                    + out + " must divide by groups, and the weight's second dimension must be channels/groups");
        }
        if (b != null && (b.dim() != 1 || b.shape[0] != out)) {
            throw new IllegalArgumentException("conv2d: bias must be [" + out + "], got " + Shapes.str(b.shape));
        }
        Geometry g = new Geometry(x.shape[0], channels, x.shape[2], x.shape[3], out, w.shape[2], w.shape[3], stride,
                padding, dilation, groups);
        if (g.outHeight() < 1 || g.outWidth() < 1) {
            throw new IllegalArgumentException("conv2d: a " + w.shape[2] + "x" + w.shape[3] + " kernel (dilation "
                    + dilation + ", padding " + padding + ") does not fit input " + Shapes.str(x.shape));
        }
        return conv(x, w, b, g);
    }

    private static Object data(Tensor t) {
        return t.f != null ? t.f : t.d;
    }

    private static int[] outShape(Geometry g) {
        return new int[] {g.batch(), g.outChannels(), g.outHeight(), g.outWidth()};
    }

    private static int[] inShape(Geometry g) {
        return new int[] {g.batch(), g.channels(), g.height(), g.width()};
    }

    private static Tensor conv(Tensor x, Tensor w, Tensor b, Geometry g) {
        Tensor y = Tensor.emptyCopying(x.dtype, outShape(g));
        Convolution.forward(data(x), data(w), b == null ? null : data(b), data(y), g);
        if (Tensor.untracked(y, x, w) && (b == null || !b.requiresGrad)) {
            return y;
        }
        // dx = convT(dy, w), dw = wgrad(x, dy), db = dy summed over samples and positions
        return Tensor.record(y, "conv2d", dy -> new Tensor[] {
            x.requiresGrad ? inputGrad(dy, w, g) : null,
            w.requiresGrad ? weightGrad(x, dy, w.shape, g) : null,
            b != null && b.requiresGrad ? biasGrad(dy, b.shape, g) : null}, x, w, b);
    }

    /** convT(dy, w): the gradient of conv(x, w) with respect to x. Linear in dy and in w. */
    private static Tensor inputGrad(Tensor dy, Tensor w, Geometry g) {
        Tensor dx = Tensor.emptyCopying(dy.dtype, inShape(g));
        Convolution.inputGrad(data(dy), data(w), data(dx), g);
        if (Tensor.untracked(dx, dy, w)) {
            return dx;
        }
        // ⟨z, convT(dy, w)⟩ = ⟨conv(z, w), dy⟩: so d/d(dy) = conv(z, w) and d/dw = wgrad(z, dy)
        return Tensor.record(dx, "conv2dInputGrad", z -> new Tensor[] {
            dy.requiresGrad ? conv(z, w, null, g) : null,
            w.requiresGrad ? weightGrad(z, dy, w.shape, g) : null}, dy, w);
    }

    /** wgrad(x, dy): the gradient of ⟨dy, conv(x, w)⟩ with respect to w. Linear in x and in dy. */
    private static Tensor weightGrad(Tensor x, Tensor dy, int[] weightShape, Geometry g) {
        Tensor dw = Tensor.emptyCopying(x.dtype, weightShape);
        Convolution.weightGrad(data(x), data(dy), data(dw), g);
        if (Tensor.untracked(dw, x, dy)) {
            return dw;
        }
        // ⟨z, wgrad(x, dy)⟩ = ⟨dy, conv(x, z)⟩: so d/dx = convT(dy, z) and d/d(dy) = conv(x, z)
        return Tensor.record(dw, "conv2dWeightGrad", z -> new Tensor[] {
            x.requiresGrad ? inputGrad(dy, z, g) : null,
            dy.requiresGrad ? conv(x, z, null, g) : null}, x, dy);
    }

    private static Tensor biasGrad(Tensor dy, int[] biasShape, Geometry g) {
        if (Pointwise.fusedBackward()) {
            Tensor db = Tensor.emptyCopying(dy.dtype, biasShape);
            Convolution.biasGrad(data(dy), data(db), g.batch(), g.outChannels(), g.outHeight() * g.outWidth());
            return db;
        }
        return dy.sum(0, false).sum(1, false).sum(1, false);
    }
}
