package dev.descent.tensor;

import dev.descent.tensor.kernel.Pooling;
import dev.descent.tensor.kernel.Pooling.Geometry;

/**
 * 2-d max and average pooling over NCHW tensors. Both are linear in their input once the max's winners are fixed,
 * so each backward is an op whose own backward is the forward again (max: scatter to the winners, and gather from
 * them; average: spread over the window, and average again): second-order gradients work.
 */
final class Pools {
    private Pools() {
    }

    private static Geometry geometry(String op, Tensor x, int kernel, int stride, int padding) {
        if (x.dim() != 4) {
            throw new IllegalArgumentException(op + ": expected input [N, C, H, W], got " + Shapes.str(x.shape));
        }
        if (kernel < 1 || stride < 1 || padding < 0 || padding > kernel / 2) {
            throw new IllegalArgumentException(op + ": need kernel >= 1, stride >= 1 and 0 <= padding <= kernel/2,"
                    + " got kernel " + kernel + ", stride " + stride + ", padding " + padding);
        }
        Geometry g = new Geometry(x.shape[0] * x.shape[1], x.shape[2], x.shape[3], kernel, stride, padding);
        if (g.outHeight() < 1 || g.outWidth() < 1) {
            throw new IllegalArgumentException(op + ": a " + kernel + "x" + kernel + " window (padding " + padding
                    + ") does not fit input " + Shapes.str(x.shape));
        }
        return g;
    }

    private static Object data(Tensor t) {
        return t.f != null ? t.f : t.d;
    }

    private static int[] pooledShape(int[] in, Geometry g) {
        return new int[] {in[0], in[1], g.outHeight(), g.outWidth()};
    }

    static Tensor maxPool2d(Tensor x, int kernel, int stride, int padding) {
        Geometry g = geometry("maxPool2d", x, kernel, stride, padding);
        int[] inShape = x.shape;
        int[] outShape = pooledShape(inShape, g);
        Tensor y = Tensor.emptyCopying(x.dtype, outShape);
        // the winners' positions, kept as numbers in a tensor so a workspace recycles them with the result
        Tensor argmax = Tensor.emptyCopying(x.dtype, outShape);
        Pooling.maxForward(data(x), data(y), data(argmax), g);
        if (Tensor.untracked(y, x, null)) {
            return y;
        }
        return Tensor.record(y, "maxPool2d", dy -> new Tensor[] {scatter(dy, argmax, inShape, g)}, x);
    }

    /** Sends dy to the winners (the gradient of max pooling); its own gradient gathers from them. */
    private static Tensor scatter(Tensor dy, Tensor argmax, int[] inShape, Geometry g) {
        Tensor dx = Tensor.emptyCopying(dy.dtype, inShape);
        Pooling.maxBackward(data(dy), data(argmax), data(dx), g);
        if (Tensor.untracked(dx, dy, null)) {
            return dx;
        }
        return Tensor.record(dx, "maxPool2dBackward", z -> new Tensor[] {gather(z, argmax, dy.shape, g)}, dy);
    }

    private static Tensor gather(Tensor dx, Tensor argmax, int[] outShape, Geometry g) {
        Tensor y = Tensor.emptyCopying(dx.dtype, outShape);
        Pooling.maxGather(data(dx), data(argmax), data(y), g);
        if (Tensor.untracked(y, dx, null)) {
            return y;
        }
        return Tensor.record(y, "maxPool2dGather", z -> new Tensor[] {scatter(z, argmax, dx.shape, g)}, dx);
    }

    static Tensor avgPool2d(Tensor x, int kernel, int stride, int padding) {
        return average(x, geometry("avgPool2d", x, kernel, stride, padding));
    }

    private static Tensor average(Tensor x, Geometry g) {
        int[] inShape = x.shape;
        Tensor y = Tensor.emptyCopying(x.dtype, pooledShape(inShape, g));
        Pooling.avgForward(data(x), data(y), g);
        if (Tensor.untracked(y, x, null)) {
            return y;
        }
        return Tensor.record(y, "avgPool2d", dy -> new Tensor[] {spread(dy, inShape, g)}, x);
    }

    /** Spreads dy evenly over each window (the gradient of average pooling); its own gradient averages again. */
    private static Tensor spread(Tensor dy, int[] inShape, Geometry g) {
        Tensor dx = Tensor.emptyCopying(dy.dtype, inShape);
        Pooling.avgBackward(data(dy), data(dx), g);
        if (Tensor.untracked(dx, dy, null)) {
            return dx;
        }
        return Tensor.record(dx, "avgPool2dBackward", z -> new Tensor[] {average(z, g)}, dy);
    }
}
