package dev.descent.tensor;

import dev.descent.tensor.kernel.Elementwise;
import java.util.Arrays;

/**
 * Movement ops (tinygrad's term), which move values without arithmetic, as opposed to {@link Shapes}, which does
 * arithmetic on the shapes themselves: reshape, broadcast (expand) and its reverse (sumTo), permute, slicing,
 * index selection, gather, concatenation and dtype conversion. Each pair of mutually inverse movements serves as
 * the other's backward rule, so all of them stay differentiable to any order.
 */
final class Movement {
    private Movement() {
    }

    static Tensor reshape(Tensor a, int... newShape) {
        int[] shape = newShape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("reshape: only one dimension can be -1 in " + Shapes.str(newShape));
                }
                infer = i;
            } else if (shape[i] < 0) {
                throw new IllegalArgumentException("reshape: negative dimension in " + Shapes.str(newShape));
            } else {
                known *= shape[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || a.numel() % known != 0) {
                throw new IllegalArgumentException("reshape: cannot infer -1 in " + Shapes.str(newShape)
                        + " for " + a.numel() + " elements (shape " + Shapes.str(a.shape) + ")");
            }
            shape[infer] = (int) (a.numel() / known);
            known *= shape[infer];
        }
        if (known != a.numel()) {
            throw new IllegalArgumentException("reshape: shape " + Shapes.str(a.shape) + " (" + a.numel()
                    + " elements) cannot become " + Shapes.str(newShape));
        }
        if (Shapes.sameShape(shape, a.shape)) {
            return a;
        }
        Tensor out = new Tensor(a.dtype, shape, a.f, a.d).sharingStorageOf(a);
        int[] original = a.shape;
        return Tensor.record(out, "reshape", g -> new Tensor[] {g.reshape(original)}, a);
    }

    static Tensor unsqueeze(Tensor a, int axis) {
        int ax = Shapes.axis("unsqueeze", axis, a.dim() + 1);
        int[] s = new int[a.dim() + 1];
        for (int i = 0, j = 0; i < s.length; i++) {
            s[i] = i == ax ? 1 : a.shape[j++];
        }
        return reshape(a, s);
    }

    static Tensor expand(Tensor a, int... target) {
        int[] shape = Shapes.broadcast("expand", a.shape, target);
        if (!Shapes.sameShape(shape, target)) {
            throw new IllegalArgumentException("expand: shape " + Shapes.str(a.shape) + " cannot expand to "
                    + Shapes.str(target));
        }
        if (Shapes.sameShape(a.shape, shape)) {
            return a;
        }
        Tensor out = Tensor.emptyCopying(a.dtype, shape);
        int n = out.numel();
        if (a.numel() == 1) {
            double v = a.at(0);
            for (int i = 0; i < n; i++) {
                out.put(i, v);
            }
        } else {
            int[] src = Shapes.broadcastStrides(a.shape, shape);
            int[] idx = new int[shape.length];
            int p = 0;
            for (int i = 0; i < n; i++) {
                out.put(i, a.at(p));
                for (int k = shape.length - 1; k >= 0; k--) {
                    p += src[k];
                    if (++idx[k] < shape[k]) {
                        break;
                    }
                    p -= src[k] * shape[k];
                    idx[k] = 0;
                }
            }
        }
        int[] original = a.shape;
        return Tensor.record(out, "expand", g -> new Tensor[] {g.sumTo(original)}, a);
    }

    static Tensor sumTo(Tensor a, int... target) {
        if (Shapes.sameShape(a.shape, target)) {
            return a;
        }
        if (!Shapes.broadcastsTo(target, a.shape)) {
            Shapes.broadcast("sumTo", target, a.shape); // throws when the two do not broadcast at all
            throw new IllegalArgumentException("sumTo: shape " + Shapes.str(a.shape) + " does not broadcast from "
                    + Shapes.str(target));
        }
        Tensor out = Tensor.emptyCopying(a.dtype, target);
        double[] acc = Tensor.scratch(out.numel());
        int[] shape = a.shape;
        int cols = shape.length == 0 ? 1 : shape[shape.length - 1];
        if (acc.length == cols && cols > 0 && target.length > 0 && target[target.length - 1] == cols) {
            // [r…, c] → [c] (a bias gradient): column sums, in the same order as the generic loop
            int rows = a.numel() / cols;
            if (a.f != null) {
                Elementwise.sumRows(a.f, rows, cols, acc);
                for (int i = 0; i < cols; i++) {
                    out.f[i] = (float) acc[i];
                }
            } else {
                Elementwise.sumRows(a.d, rows, cols, acc);
                System.arraycopy(acc, 0, out.d, 0, cols);
            }
            if (Tensor.untracked(out, a, null)) {
                return out;
            }
            return Tensor.record(out, "sumTo", g -> new Tensor[] {g.expand(shape)}, a);
        }
        int[] dst = Shapes.broadcastStrides(target, shape);
        int[] idx = new int[shape.length];
        int p = 0;
        for (int i = 0, n = a.numel(); i < n; i++) {
            acc[p] += a.at(i);
            for (int k = shape.length - 1; k >= 0; k--) {
                p += dst[k];
                if (++idx[k] < shape[k]) {
                    break;
                }
                p -= dst[k] * shape[k];
                idx[k] = 0;
            }
        }
        for (int i = 0; i < acc.length; i++) {
            out.put(i, acc[i]);
        }
        return Tensor.record(out, "sumTo", g -> new Tensor[] {g.expand(shape)}, a);
    }

    static Tensor transpose(Tensor a, int axis1, int axis2) {
        int[] perm = new int[a.dim()];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        int x = Shapes.axis("transpose", axis1, a.dim());
        int y = Shapes.axis("transpose", axis2, a.dim());
        perm[x] = y;
        perm[y] = x;
        return permute(a, perm);
    }

    static Tensor permute(Tensor a, int... axes) {
        int rank = a.dim();
        if (axes.length != rank) {
            throw new IllegalArgumentException("permute: " + axes.length + " axes for a " + rank + "-d tensor");
        }
        int[] perm = new int[rank];
        boolean[] used = new boolean[rank];
        boolean identity = true;
        for (int i = 0; i < rank; i++) {
            perm[i] = Shapes.axis("permute", axes[i], rank);
            if (used[perm[i]]) {
                throw new IllegalArgumentException("permute: axis " + perm[i] + " repeated in " + Shapes.str(axes));
            }
            used[perm[i]] = true;
            identity &= perm[i] == i;
        }
        if (identity) {
            return a;
        }
        int[] shape = new int[rank];
        int[] own = Shapes.strides(a.shape);
        int[] src = new int[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = a.shape[perm[i]];
            src[i] = own[perm[i]];
        }
        Tensor out = Tensor.empty(a.dtype, shape);
        if (rank == 2 && a.f != null) {
            transpose2d(a.f, out.f, a.shape[0], a.shape[1]);
        } else {
            int[] idx = new int[rank];
            int p = 0;
            for (int i = 0, n = out.numel(); i < n; i++) {
                out.put(i, a.at(p));
                for (int k = rank - 1; k >= 0; k--) {
                    p += src[k];
                    if (++idx[k] < shape[k]) {
                        break;
                    }
                    p -= src[k] * shape[k];
                    idx[k] = 0;
                }
            }
        }
        int[] inverse = new int[rank];
        for (int i = 0; i < rank; i++) {
            inverse[perm[i]] = i;
        }
        return Tensor.record(out, "permute", g -> new Tensor[] {g.permute(inverse)}, a);
    }

    /** Cache-blocked 2-d transpose: {@code out[c, r] = in[r, c]}. */
    private static void transpose2d(float[] in, float[] out, int rows, int cols) {
        final int block = 32;
        for (int r0 = 0; r0 < rows; r0 += block) {
            int r1 = Math.min(rows, r0 + block);
            for (int c0 = 0; c0 < cols; c0 += block) {
                int c1 = Math.min(cols, c0 + block);
                for (int r = r0; r < r1; r++) {
                    for (int c = c0; c < c1; c++) {
                        out[c * rows + r] = in[r * cols + c];
                    }
                }
            }
        }
    }

    static Tensor slice(Tensor a, int axis, int start, int end, int step) {
        int ax = Shapes.axis("slice", axis, a.dim());
        int len = a.shape[ax];
        if (step <= 0) {
            throw new IllegalArgumentException("slice: step must be > 0, was " + step);
        }
        int s = clampIndex(start, len);
        int e = clampIndex(end, len);
        int count = e <= s ? 0 : (e - s + step - 1) / step;
        int[] shape = a.shape.clone();
        shape[ax] = count;
        Tensor out = Tensor.empty(a.dtype, shape);
        int inner = Shapes.numel(Arrays.copyOfRange(a.shape, ax + 1, a.dim()));
        int outer = Shapes.numel(Arrays.copyOfRange(a.shape, 0, ax));
        for (int o = 0; o < outer; o++) {
            for (int c = 0; c < count; c++) {
                copy(a, (o * len + s + c * step) * inner, out, (o * count + c) * inner, inner);
            }
        }
        int[] original = a.shape;
        return Tensor.record(out, "slice", g -> new Tensor[] {unslice(g, original, ax, s, step)}, a);
    }

    private static int clampIndex(int i, int len) {
        int j = i < 0 ? i + len : i;
        return Math.max(0, Math.min(len, j));
    }

    /** The reverse of slice: places {@code g} into zeros of {@code shape} at start, start+step, … along axis. */
    private static Tensor unslice(Tensor g, int[] shape, int ax, int start, int step) {
        Tensor out = Tensor.empty(g.dtype, shape);
        int len = shape[ax];
        int count = g.shape[ax];
        int inner = Shapes.numel(Arrays.copyOfRange(shape, ax + 1, shape.length));
        int outer = Shapes.numel(Arrays.copyOfRange(shape, 0, ax));
        for (int o = 0; o < outer; o++) {
            for (int c = 0; c < count; c++) {
                copy(g, (o * count + c) * inner, out, (o * len + start + c * step) * inner, inner);
            }
        }
        int end = start + count * step;
        return Tensor.record(out, "unslice", gg -> new Tensor[] {slice(gg, ax, start, end, step)}, g);
    }

    private static void copy(Tensor from, int fromPos, Tensor to, int toPos, int count) {
        if (from.f != null && to.f != null) {
            System.arraycopy(from.f, fromPos, to.f, toPos, count);
        } else if (from.d != null && to.d != null) {
            System.arraycopy(from.d, fromPos, to.d, toPos, count);
        } else {
            for (int i = 0; i < count; i++) {
                to.put(toPos + i, from.at(fromPos + i));
            }
        }
    }

    static Tensor indexSelect(Tensor a, int axis, int[] indices) {
        int ax = Shapes.axis("indexSelect", axis, a.dim());
        int len = a.shape[ax];
        for (int i : indices) {
            if (i < 0 || i >= len) {
                throw new IllegalArgumentException("indexSelect: index " + i + " out of range [0, " + len
                        + ") on axis " + ax + " of shape " + Shapes.str(a.shape));
            }
        }
        int[] idx = indices.clone();
        int[] shape = a.shape.clone();
        shape[ax] = idx.length;
        Tensor out = Tensor.empty(a.dtype, shape);
        int inner = Shapes.numel(Arrays.copyOfRange(a.shape, ax + 1, a.dim()));
        int outer = Shapes.numel(Arrays.copyOfRange(a.shape, 0, ax));
        for (int o = 0; o < outer; o++) {
            for (int c = 0; c < idx.length; c++) {
                copy(a, (o * len + idx[c]) * inner, out, (o * idx.length + c) * inner, inner);
            }
        }
        int[] original = a.shape;
        return Tensor.record(out, "indexSelect", g -> new Tensor[] {indexAdd(g, original, ax, idx)}, a);
    }

    /** The reverse of indexSelect: adds each slice of {@code g} into zeros of {@code shape} at its index. */
    private static Tensor indexAdd(Tensor g, int[] shape, int ax, int[] idx) {
        Tensor out = Tensor.empty(g.dtype, shape);
        int len = shape[ax];
        int inner = Shapes.numel(Arrays.copyOfRange(shape, ax + 1, shape.length));
        int outer = Shapes.numel(Arrays.copyOfRange(shape, 0, ax));
        for (int o = 0; o < outer; o++) {
            for (int c = 0; c < idx.length; c++) {
                int from = (o * idx.length + c) * inner;
                int to = (o * len + idx[c]) * inner;
                for (int j = 0; j < inner; j++) {
                    out.put(to + j, out.at(to + j) + g.at(from + j));
                }
            }
        }
        return Tensor.record(out, "indexAdd", gg -> new Tensor[] {indexSelect(gg, ax, idx)}, g);
    }

    static Tensor gather(Tensor a, int axis, int[] index, int[] indexShape) {
        int ax = Shapes.axis("gather", axis, a.dim());
        if (indexShape.length != a.dim() || Shapes.checkedNumel(indexShape) != index.length) {
            throw new IllegalArgumentException("gather: index shape " + Shapes.str(indexShape) + " with "
                    + index.length + " indices does not fit a " + a.dim() + "-d tensor");
        }
        for (int k = 0; k < a.dim(); k++) {
            if (k != ax && indexShape[k] > a.shape[k]) {
                throw new IllegalArgumentException("gather: index shape " + Shapes.str(indexShape)
                        + " exceeds tensor shape " + Shapes.str(a.shape) + " in dimension " + k);
            }
        }
        int[] positions = gatherPositions(a.shape, ax, index, indexShape);
        Tensor out = Tensor.empty(a.dtype, indexShape.clone());
        for (int i = 0; i < positions.length; i++) {
            out.put(i, a.at(positions[i]));
        }
        int[] original = a.shape;
        return Tensor.record(out, "gather", g -> new Tensor[] {scatterAdd(g, original, positions)}, a);
    }

    /** Flat source position of every index entry. */
    private static int[] gatherPositions(int[] shape, int ax, int[] index, int[] indexShape) {
        int[] strides = Shapes.strides(shape);
        int[] pos = new int[index.length];
        int[] idx = new int[indexShape.length];
        for (int i = 0; i < index.length; i++) {
            int v = index[i];
            if (v < 0 || v >= shape[ax]) {
                throw new IllegalArgumentException("gather: index " + v + " out of range [0, " + shape[ax]
                        + ") on axis " + ax);
            }
            int p = 0;
            for (int k = 0; k < idx.length; k++) {
                p += (k == ax ? v : idx[k]) * strides[k];
            }
            pos[i] = p;
            for (int k = idx.length - 1; k >= 0; k--) {
                if (++idx[k] < indexShape[k]) {
                    break;
                }
                idx[k] = 0;
            }
        }
        return pos;
    }

    /** The reverse of gather: adds each entry of {@code g} into zeros of {@code shape} at its source position. */
    private static Tensor scatterAdd(Tensor g, int[] shape, int[] positions) {
        Tensor out = Tensor.empty(g.dtype, shape);
        for (int i = 0; i < positions.length; i++) {
            out.put(positions[i], out.at(positions[i]) + g.at(i));
        }
        int[] gShape = g.shape;
        return Tensor.record(out, "scatterAdd", gg -> new Tensor[] {pick(gg, positions, gShape)}, g);
    }

    private static Tensor pick(Tensor a, int[] positions, int[] shape) {
        Tensor out = Tensor.empty(a.dtype, shape);
        for (int i = 0; i < positions.length; i++) {
            out.put(i, a.at(positions[i]));
        }
        int[] original = a.shape;
        return Tensor.record(out, "gather", g -> new Tensor[] {scatterAdd(g, original, positions)}, a);
    }

    static Tensor convert(Tensor a, DType target) {
        if (a.dtype == target) {
            return a;
        }
        Tensor out = Tensor.empty(target, a.shape);
        for (int i = 0, n = a.numel(); i < n; i++) {
            out.put(i, a.at(i));
        }
        DType source = a.dtype;
        return Tensor.record(out, "to" + target, g -> new Tensor[] {g.to(source)}, a);
    }

    static Tensor concat(int axis, Tensor... tensors) {
        if (tensors.length == 0) {
            throw new IllegalArgumentException("concat: no tensors");
        }
        Tensor first = tensors[0];
        int ax = Shapes.axis("concat", axis, first.dim());
        int total = 0;
        for (Tensor t : tensors) {
            Arithmetic.checkDtypes("concat", first, t);
            if (t.dim() != first.dim()) {
                throw new IllegalArgumentException("concat: shapes " + Shapes.str(first.shape) + " and "
                        + Shapes.str(t.shape) + " have different ranks");
            }
            for (int k = 0; k < t.dim(); k++) {
                if (k != ax && t.shape[k] != first.shape[k]) {
                    throw new IllegalArgumentException("concat: shapes " + Shapes.str(first.shape) + " and "
                            + Shapes.str(t.shape) + " differ outside axis " + ax);
                }
            }
            total += t.shape[ax];
        }
        int[] shape = first.shape.clone();
        shape[ax] = total;
        Tensor out = Tensor.empty(first.dtype, shape);
        int inner = Shapes.numel(Arrays.copyOfRange(shape, ax + 1, shape.length));
        int outer = Shapes.numel(Arrays.copyOfRange(shape, 0, ax));
        int offset = 0;
        int[] starts = new int[tensors.length];
        for (int t = 0; t < tensors.length; t++) {
            starts[t] = offset;
            int len = tensors[t].shape[ax];
            for (int o = 0; o < outer; o++) {
                copy(tensors[t], o * len * inner, out, (o * total + offset) * inner, len * inner);
            }
            offset += len;
        }
        Tensor[] inputs = tensors.clone();
        return Tensor.record(out, "concat", g -> {
            Tensor[] grads = new Tensor[inputs.length];
            for (int t = 0; t < inputs.length; t++) {
                grads[t] = slice(g, ax, starts[t], starts[t] + inputs[t].shape[ax], 1);
            }
            return grads;
        }, inputs);
    }

    static Tensor stack(int axis, Tensor... tensors) {
        if (tensors.length == 0) {
            throw new IllegalArgumentException("stack: no tensors");
        }
        Tensor[] expanded = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            if (!Shapes.sameShape(tensors[i].shape, tensors[0].shape)) {
                throw new IllegalArgumentException("stack: shapes " + Shapes.str(tensors[0].shape) + " and "
                        + Shapes.str(tensors[i].shape) + " differ");
            }
            expanded[i] = unsqueeze(tensors[i], axis);
        }
        return concat(axis, expanded);
    }
}
