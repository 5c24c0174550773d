package dev.descent.io;

import dev.descent.data.Dataset;
import dev.descent.data.Generated;
import dev.descent.loss.Losses;
import dev.descent.nn.Activation;
import dev.descent.nn.Init;
import dev.descent.nn.Sequential;
import dev.descent.optim.Adam;
import dev.descent.optim.Optimizer;
import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.tensor.kernel.Parallelism;
import dev.descent.train.Callback;
import dev.descent.train.EpochResult;
import dev.descent.train.History;
import dev.descent.train.TrainConfig;
import dev.descent.train.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The training process {@link CrashSafetyTest} kills: an MLP on moons, one thread, seed 7, a checkpoint after every
 * epoch; it resumes from the checkpoint in its directory when there is one. Arguments: the run directory and the
 * number of epochs. Says "ready" on stdout once it is about to train, and "epoch N" after each checkpoint.
 */
public final class CrashSafetyWorker {
    static final long SEED = 7;

    private CrashSafetyWorker() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int epochs = Integer.parseInt(args[1]);
        Parallelism.setThreads(1);
        Dataset data = Generated.moons(512, 0.1, 5);
        Sequential net;
        Optimizer optimizer;
        History history;
        if (Files.exists(dir.resolve(Checkpoint.FILE_NAME))) {
            Checkpoint saved = Checkpoint.load(dir);
            net = saved.model();
            optimizer = Adam.of(net.parameterTensors(), 0.01);
            optimizer.loadState(saved.optimizerState());
            history = saved.history();
        } else {
            net = Sequential.mlp(new int[] {2, 128, 128, 2}, Activation.tanh(), Activation.identity(),
                    Init.XAVIER_UNIFORM, DType.F32, Rng.of(SEED));
            optimizer = Adam.of(net.parameterTensors(), 0.01);
            history = new History();
        }
        Sequential model = net;
        Optimizer opt = optimizer;
        System.out.println("ready " + history.epochs().size());
        System.out.flush();
        Trainer.of(model, Losses.crossEntropy(), opt, TrainConfig.of(epochs, 32).withSeed(SEED))
                .addCallback(new Callback() {
                    @Override
                    public void onEpoch(EpochResult result, History h) {
                        try {
                            Checkpoint.save(dir, new Checkpoint(model, null, opt.state(), h,
                                    Map.of("seed", Long.toString(SEED))));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        System.out.println("epoch " + result.epoch());
                        System.out.flush();
                    }
                })
                .fit(data, null, history);
    }
}
