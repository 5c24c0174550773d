package dev.descent.spark;

import dev.descent.nn.Architecture;
import dev.descent.nn.Module;
import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import java.io.Serializable;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A model the executors can make again: its architecture text ({@link Architecture}) and dtype; the weights come
 * with every step. Each executor keeps the models it made in a pool, one per concurrent task, so a step does not
 * rebuild the network.
 */
record ModelRecipe(String architecture, DType dtype) implements Serializable {
    private static final ConcurrentHashMap<ModelRecipe, Queue<Module>> POOL = new ConcurrentHashMap<>();

    /** The recipe of {@code model}; models with dropout are refused (see the message). */
    static ModelRecipe of(Module model, DType dtype) {
        String architecture = Architecture.describe(model);
        if (architecture.contains("dropout")) {
            throw new IllegalArgumentException("model " + architecture + ": dropout draws its masks from one random"
                    + " sequence in batch order, which partitions cannot share; train it without dropout on Spark");
        }
        return new ModelRecipe(architecture, dtype);
    }

    /** A model of this recipe from the pool (or a new one), its parameters set to {@code parameters}. */
    Module borrow(double[] parameters) {
        Queue<Module> free = POOL.computeIfAbsent(this, r -> new ConcurrentLinkedQueue<>());
        Module model = free.poll();
        if (model == null) {
            model = Architecture.build(architecture, dtype, Rng.of(0));
        }
        write(parameters, model.parameterTensors());
        return model;
    }

    /** Gives a model back to the pool. */
    void giveBack(Module model) {
        POOL.get(this).add(model);
    }

    /** The parameters' values, in order, as one flat array. */
    static double[] read(List<Tensor> parameters) {
        int n = 0;
        for (Tensor p : parameters) {
            n += p.numel();
        }
        double[] out = new double[n];
        int offset = 0;
        for (Tensor p : parameters) {
            double[] d = p.doubleData();
            float[] f = p.floatData();
            for (int i = 0; i < p.numel(); i++) {
                out[offset + i] = d != null ? d[i] : f[i];
            }
            offset += p.numel();
        }
        return out;
    }

    /** Sets the parameters, in order, from one flat array. */
    static void write(double[] values, List<Tensor> parameters) {
        int offset = 0;
        for (Tensor p : parameters) {
            double[] d = p.doubleData();
            float[] f = p.floatData();
            for (int i = 0; i < p.numel(); i++) {
                if (d != null) {
                    d[i] = values[offset + i];
                } else {
                    f[i] = (float) values[offset + i];
                }
            }
            offset += p.numel();
        }
    }
}
