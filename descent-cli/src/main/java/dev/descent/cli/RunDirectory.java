package dev.descent.cli;

import dev.descent.io.AtomicFiles;
import dev.descent.io.Checkpoint;
import dev.descent.nn.Sequential;
import dev.descent.optim.Optimizer;
import dev.descent.train.Callback;
import dev.descent.train.EpochResult;
import dev.descent.train.History;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A training run's directory: checked for writing before any work starts, filled with atomic writes. */
final class RunDirectory {
    private RunDirectory() {
    }

    /** Creates {@code dir} if needed and makes sure a file can be written in it; the error names the directory. */
    static void prepare(Path dir) {
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new IllegalArgumentException("cannot use output directory " + dir + ": it is a file");
            }
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".descent-write-test", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write to output directory " + dir + ": " + Main.message(e), e);
        }
    }

    /** Writes {@code text} to {@code file} through a temporary file and a rename, so readers never see half. */
    static void writeText(Path file, String text) throws IOException {
        AtomicFiles.writeString(file, text);
    }

    /**
     * Saves the checkpoint every {@code every} epochs and after the last one. A save replaces the previous
     * checkpoint atomically, so the directory always holds a complete one.
     */
    static final class Saver implements Callback {
        private final Path dir;
        private final Sequential model;
        private final Optimizer optimizer;
        private final Map<String, String> info;
        private final int every;
        private final int lastEpoch;
        private int savedEpoch;

        Saver(Path dir, Sequential model, Optimizer optimizer, Map<String, String> info, int every, int lastEpoch) {
            this.dir = dir;
            this.model = model;
            this.optimizer = optimizer;
            this.info = info;
            this.every = every;
            this.lastEpoch = lastEpoch;
        }

        @Override
        public void onEpoch(EpochResult result, History history) {
            if (result.epoch() % every == 0 || result.epoch() == lastEpoch) {
                save(history, result.epoch());
            }
        }

        /** Saves unless the last finished epoch is already saved (training stopped early between saves). */
        void saveFinal(History history) {
            int done = history.epochs().size();
            if (done > 0 && done != savedEpoch) {
                save(history, done);
            }
        }

        private synchronized void save(History history, int epoch) {
            try {
                Checkpoint.save(dir, new Checkpoint(model, null, optimizer.state(), history, info));
                savedEpoch = epoch;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the checkpoint in " + dir + ": " + Main.message(e), e);
            }
        }

        /** "the checkpoint of epoch 3 in runs/x is complete" (or that none was written yet). */
        synchronized String describeLastSave(boolean chinese) {
            if (savedEpoch == 0) {
                return chinese ? "还没有写出检查点" : "no epoch finished, so no checkpoint was written";
            }
            return chinese ? "第 " + savedEpoch + " 轮的检查点完整保存在 " + dir
                    : "the checkpoint of epoch " + savedEpoch + " in " + dir + " is complete";
        }
    }
}
