package dev.descent.cli;

import dev.descent.data.DataSources;
import dev.descent.data.Dataset;
import dev.descent.nn.ModelSpec;
import dev.descent.nn.Sequential;
import dev.descent.optim.Optimizer;
import dev.descent.tensor.Rng;
import dev.descent.train.Callback;
import dev.descent.train.TrainConfig;
import dev.descent.train.Trainer;

/**
 * Trains a throwaway copy of the run's network on random examples on a background thread while the main thread
 * loads the data, so that the JIT has compiled the step's kernels (the Vector API ones run many times slower until
 * it has) before the first real epoch starts. It shares nothing with the run: its own model, optimizer, data and
 * random numbers; while it holds the kernel threads, the other thread's products run on their caller, in the same
 * parts, so the run's bits do not change (the kernels' results do not depend on which thread computes a part).
 * Convolutional networks are warmed too when their image shape is known, so the direct convolution and pooling
 * kernels are compiled before the first epoch as well.
 */
final class Warmup {
    /** Examples in the throwaway data set, in batches of the run's size: enough for a few distinct batches. */
    private static final int EXAMPLES = 1024;
    /** Longest it runs, in case the data loads slowly: it competes with the loading for a core. */
    private static final long MAX_NANOS = 5_000_000_000L;

    private final Thread thread;
    private volatile boolean stop;
    private volatile int steps;

    private Warmup(RunSettings settings) {
        thread = new Thread(() -> run(settings), "descent-warmup");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
    }

    /**
     * Starts warming up for a run of {@code settings} when its input shape is known before its data (from
     * {@code --model}, a checkpoint, or for a convolutional model an image data set: digits, MNIST and
     * Fashion-MNIST are 1×28×28) and its optimizer takes plain steps; otherwise returns a warm-up that does
     * nothing; also when not {@code wanted} (anomaly detection watches every op in the JVM, the throwaway ones too).
     * {@code -Ddescent.warmup=false} (through {@code JAVA_OPTS}) turns it off.
     */
    static Warmup start(RunSettings settings, boolean wanted) {
        ModelSpec model = knownShape(settings);
        Warmup w = new Warmup(model == null ? settings : settings.withModel(model));
        boolean on = Boolean.parseBoolean(System.getProperty("descent.warmup", "true"));
        if (wanted && on && model != null && !settings.optimizer().fullBatch()) {
            w.thread.start();
        }
        return w;
    }

    /** The run's model with its input shape, when that is known before the data loads; else null. */
    static ModelSpec knownShape(RunSettings settings) {
        ModelSpec model = settings.model();
        int[] image = model.convolutional() && !model.hasInput()
                ? DataSources.expectedImageShape(settings.data()) : null;
        if (image != null) {
            model = model.withInput(image);
        }
        return model.hasInput() && model.inputs() > 1 && model.outputs() > 1 ? model : null;
    }

    /** Stops the warm-up and waits for its current step to end, so the run has the cores to itself. */
    void stop() {
        stop = true;
        if (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The throwaway steps taken so far. */
    int steps() {
        return steps;
    }

    /** Whether its thread is still running. */
    boolean running() {
        return thread.isAlive();
    }

    private void run(RunSettings s) {
        long deadline = System.nanoTime() + MAX_NANOS;
        try {
            int inputs = s.model().inputs();
            int classes = s.model().outputs();
            Rng rng = Rng.of(s.seed() ^ 0x5eed_3a7eL);
            float[] features = new float[EXAMPLES * inputs];
            for (int i = 0; i < features.length; i++) {
                features[i] = rng.nextFloat();
            }
            int[] labels = new int[EXAMPLES];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = rng.nextInt(classes);
            }
            Dataset data = Dataset.classification("warm-up", features, s.model().inputShape(), labels, classes);
            Sequential model = Setup.model(s, data);
            Optimizer optimizer = s.optimizer().create(model.parameterTensors(), s.learningRate());
            TrainConfig config = TrainConfig.of(Integer.MAX_VALUE, Math.min(s.batch(), EXAMPLES));
            Trainer trainer = Trainer.of(model, s.loss().create(), optimizer, config).setDType(s.dtype());
            trainer.addCallback(new Callback() {
                @Override
                public void onStep(int epoch, int step, int stepsPerEpoch, double loss) {
                    if (stop || System.nanoTime() > deadline) {
                        throw new Finished();
                    }
                    steps++;
                }
            });
            trainer.fit(data, null);
        } catch (RuntimeException | OutOfMemoryError e) {
            // Finished, or failed: a warm-up that cannot run leaves the run as it would have been without it
        }
    }

    /** Thrown from the step callback to leave the throwaway training loop. */
    private static final class Finished extends RuntimeException {
        Finished() {
            super("warm-up finished", null, false, false);
        }
    }
}
