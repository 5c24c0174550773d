package dev.descent.tensor;

/** PyTorch-style text for tensors: nested brackets, 4 decimals, "..." past 1000 elements. */
final class TensorFormat {
    private static final int ABBREVIATE_ABOVE = 1000;
    private static final int EDGE = 3;

    private TensorFormat() {
    }

    static String format(Tensor t) {
        StringBuilder sb = new StringBuilder("tensor(");
        boolean integral = true;
        for (int i = 0, n = t.numel(); i < n && integral; i++) {
            double v = t.at(i);
            integral = v == Math.rint(v) && Math.abs(v) < 1e9;
        }
        boolean abbreviate = t.numel() > ABBREVIATE_ABOVE;
        values(t, 0, 0, integral, abbreviate, sb, "tensor(".length());
        if (t.dtype == DType.F64) {
            sb.append(", dtype=F64");
        }
        if (t.node != null) {
            sb.append(", gradFn=").append(t.node);
        } else if (t.requiresGrad) {
            sb.append(", requiresGrad=true");
        }
        return sb.append(')').toString();
    }

    private static void values(Tensor t, int axis, int offset, boolean integral, boolean abbreviate,
                               StringBuilder sb, int indent) {
        if (t.dim() == 0) {
            number(t.at(0), integral, sb);
            return;
        }
        int len = t.shape[axis];
        int stride = Shapes.numel(java.util.Arrays.copyOfRange(t.shape, axis + 1, t.dim()));
        sb.append('[');
        for (int i = 0; i < len; i++) {
            if (abbreviate && len > 2 * EDGE && i == EDGE) {
                sb.append(axis == t.dim() - 1 ? "..., " : "...,\n" + " ".repeat(indent + axis + 1));
                i = len - EDGE;
            }
            if (axis == t.dim() - 1) {
                number(t.at(offset + i), integral, sb);
            } else {
                values(t, axis + 1, offset + i * stride, integral, abbreviate, sb, indent);
            }
            if (i < len - 1) {
                sb.append(axis == t.dim() - 1 ? ", " : ",\n" + " ".repeat(indent + axis + 1));
            }
        }
        sb.append(']');
    }

    private static void number(double v, boolean integral, StringBuilder sb) {
        if (integral) {
            sb.append((long) v).append('.');
        } else if (v != 0 && (Math.abs(v) >= 1e6 || Math.abs(v) < 1e-4)) {
            sb.append(String.format(java.util.Locale.ROOT, "%.4e", v));
        } else {
            sb.append(String.format(java.util.Locale.ROOT, "%.4f", v));
        }
    }
}
