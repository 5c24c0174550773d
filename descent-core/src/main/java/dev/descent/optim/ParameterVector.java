package dev.descent.optim;

import dev.descent.tensor.Tensor;
import java.util.List;

/**
 * All parameters seen as one flat double vector, in list order: what the methods that work on the whole parameter
 * vector at once (L-BFGS, Newton) read, move and write back. F32 parameters go through per-tensor scratch arrays
 * ({@link Flat}).
 */
final class ParameterVector {
    private final List<Tensor> parameters;
    private final double[][] scratch;
    private final int size;

    ParameterVector(List<Tensor> parameters) {
        this.parameters = parameters;
        this.scratch = new double[parameters.size()][];
        int n = 0;
        for (int i = 0; i < parameters.size(); i++) {
            n += parameters.get(i).numel();
            scratch[i] = Flat.scratchFor(parameters.get(i));
        }
        this.size = n;
    }

    /** Total number of values. */
    int size() {
        return size;
    }

    /** A copy of the current values. */
    double[] read() {
        double[] out = new double[size];
        int offset = 0;
        for (int j = 0; j < parameters.size(); j++) {
            double[] x = Flat.read(parameters.get(j), scratch[j]);
            System.arraycopy(x, 0, out, offset, x.length);
            offset += x.length;
        }
        return out;
    }

    /** Sets the parameters to {@code values}. */
    void write(double[] values) {
        move(values, 0, null);
    }

    /** Sets the parameters to x + t·d (to x when d is null). */
    void move(double[] x, double t, double[] d) {
        int offset = 0;
        for (int j = 0; j < parameters.size(); j++) {
            Tensor p = parameters.get(j);
            double[] values = Flat.read(p, scratch[j]);
            for (int i = 0; i < values.length; i++) {
                values[i] = d == null ? x[offset + i] : x[offset + i] + t * d[offset + i];
            }
            Flat.write(values, p);
            offset += values.length;
        }
    }

    /** The parameters' gradients as one vector; a parameter without a gradient contributes zeros. */
    double[] gradient() {
        double[] out = new double[size];
        int offset = 0;
        for (Tensor p : parameters) {
            Tensor g = p.grad();
            int n = p.numel();
            if (g != null) {
                double[] d = g.doubleData();
                if (d != null) {
                    System.arraycopy(d, 0, out, offset, n);
                } else {
                    float[] f = g.floatData();
                    for (int i = 0; i < n; i++) {
                        out[offset + i] = f[i];
                    }
                }
            }
            offset += n;
        }
        return out;
    }
}
