package dev.descent.cli;

import dev.descent.io.AtomicFiles;
import dev.descent.io.Checkpoint;
import dev.descent.nn.Sequential;
import dev.descent.optim.Optimizer;
import dev.descent.optim.schedule.Schedule;
import dev.descent.train.Callback;
import dev.descent.train.EpochResult;
import dev.descent.train.History;
import dev.descent.text.Messages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A training run's directory: checked for writing before any work starts, filled with atomic writes. An existing
 * run is never replaced unless the user asks ({@code --overwrite}), and a directory this run created is removed
 * again when the run fails before writing anything into it.
 */
final class RunDirectory {
    /** The files {@code descent train} and {@code descent eval} write in a run directory; --overwrite removes these. */
    static final List<String> RUN_FILES = List.of(Checkpoint.FILE_NAME, "history.csv", "steps.csv", "loss.png",
            "confusion.png", "report.html");

    private final Path path;
    /** The outermost directory this run created (the run directory or a parent), absolute, or null. */
    private final Path created;
    private final boolean replace;

    private RunDirectory(Path path, Path created, boolean replace) {
        this.path = path;
        this.created = created;
        this.replace = replace;
    }

    /**
     * The directory {@code descent train} writes to: {@code out}, else the resumed run's own directory, else a new
     * {@code runs/<date-time>}. An {@code out} that already holds another run is refused unless {@code overwrite};
     * its files are then removed by {@link #saver} just before training starts.
     */
    static RunDirectory forTraining(Path out, Path resume, boolean overwrite, Messages messages) {
        if (overwrite && out == null) {
            throw new UsageException(messages.get("run.overwrite_needs_out"));
        }
        if (out == null && resume == null) {
            return createDefault(Path.of("runs"), LocalDateTime.now());
        }
        Path dir = out != null ? out : resume;
        boolean continuing = resume != null && (out == null || sameFile(out, resume));
        boolean replace = !continuing && holdsRun(dir);
        if (replace && !overwrite) {
            throw new UsageException(messages.get("run.exists", dir));
        }
        Path created = outermostMissing(dir);
        prepare(dir);
        return new RunDirectory(dir, created, replace);
    }

    /**
     * A new directory {@code parent/yyyyMMdd-HHmmss}, or {@code …-2}, {@code …-3} when runs started in the same
     * second: created with {@link Files#createDirectory}, which fails if the name is taken, so two runs never share.
     */
    static RunDirectory createDefault(Path parent, LocalDateTime now) {
        String stamp = now.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path created = outermostMissing(parent);
        try {
            Files.createDirectories(parent);
            for (int n = 1; ; n++) {
                Path dir = parent.resolve(n == 1 ? stamp : stamp + "-" + n);
                try {
                    Files.createDirectory(dir);
                    prepare(dir);
                    return new RunDirectory(dir, created != null ? created : dir.toAbsolutePath().normalize(), false);
                } catch (FileAlreadyExistsException taken) {
                    // another run started in the same second: take the next name
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write to output directory " + parent + ": " + Main.message(e), e);
        }
    }

    /** Whether {@code dir} holds any file a run writes (a checkpoint, a history, a plot). */
    static boolean holdsRun(Path dir) {
        return Files.isDirectory(dir) && RUN_FILES.stream().anyMatch(f -> Files.exists(dir.resolve(f)));
    }

    Path path() {
        return path;
    }

    /**
     * The saver of this run's checkpoints; with {@code --overwrite} it first removes the old run's files, so the
     * directory never mixes two runs.
     */
    Saver saver(Sequential model, Optimizer optimizer, Schedule schedule, Map<String, String> info, int every,
                int lastEpoch)
            throws IOException {
        if (replace) {
            for (String f : RUN_FILES) {
                Files.deleteIfExists(path.resolve(f));
            }
        }
        return new Saver(path, model, optimizer, schedule, info, every, lastEpoch);
    }

    /**
     * Removes the directories this run created when nothing was written into them (the run failed or was stopped
     * before its first checkpoint), so no empty run directory stays behind.
     */
    void removeIfEmpty() {
        if (created == null) {
            return;
        }
        for (Path d = path.toAbsolutePath().normalize(); d != null && d.startsWith(created); d = d.getParent()) {
            try (Stream<Path> entries = Files.list(d)) {
                if (entries.findAny().isPresent()) {
                    return;
                }
            } catch (IOException e) {
                return;
            }
            try {
                Files.delete(d);
            } catch (IOException e) {
                return;
            }
        }
    }

    private static Path outermostMissing(Path dir) {
        Path missing = null;
        for (Path d = dir.toAbsolutePath().normalize(); d != null && !Files.exists(d); d = d.getParent()) {
            missing = d;
        }
        return missing;
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) ? Files.isSameFile(a, b)
                    : a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        } catch (IOException e) {
            return false;
        }
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
     * Saves the checkpoint every {@code every} epochs and after the last one, and with it history.csv and steps.csv,
     * so that a stopped run's directory shows what its checkpoint holds. A save replaces the previous checkpoint and
     * history.csv atomically, so the directory always holds complete ones; steps.csv, which grows by every step, is
     * written whole once and then appended to (rewriting 180,000 steps took 0.6-2 s per epoch). loss.png is drawn
     * only when training ends: drawing it took 120-300 ms per save (1.5 s for the first, starting Java2D), 5-15% of
     * a 2-second digits epoch, and Java2D cannot start while the JVM shuts down after Ctrl-C.
     */
    static final class Saver implements Callback {
        private final Path dir;
        private final Sequential model;
        private final Optimizer optimizer;
        private final Schedule schedule;
        private final Map<String, String> info;
        private final int every;
        private final int lastEpoch;
        private int savedEpoch;
        /** The steps steps.csv holds since this saver wrote it, or -1 before its first write. */
        private int stepsWritten = -1;

        /** {@code schedule} may be null (none); a stateful one's state is saved with the optimizer's. */
        Saver(Path dir, Sequential model, Optimizer optimizer, Schedule schedule, Map<String, String> info, int every,
              int lastEpoch) {
            this.dir = dir;
            this.model = model;
            this.optimizer = optimizer;
            this.schedule = schedule;
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
                Checkpoint.save(dir, new Checkpoint(model, null, optimizer.state(), history, info,
                        schedule == null ? null : schedule.state()));
                savedEpoch = epoch;
                writeLogs(history);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the checkpoint in " + dir + ": " + Main.message(e), e);
            }
        }

        /**
         * history.csv and steps.csv as of {@code history}: after each checkpoint, and once more when training ends
         * (steps since the last save, e.g. of an epoch rolled back after divergence, are appended, not rewritten).
         */
        synchronized void writeLogs(History history) throws IOException {
            writeText(dir.resolve("history.csv"), history.toCsv());
            Path steps = dir.resolve("steps.csv");
            int count = history.stepCount();
            if (stepsWritten < 0 || stepsWritten > count || !Files.isRegularFile(steps)) {
                writeText(steps, history.stepsToCsv());
            } else if (count > stepsWritten) {
                Files.writeString(steps, history.stepRowsToCsv(stepsWritten), StandardOpenOption.APPEND);
            }
            stepsWritten = count;
        }

        /**
         * After Ctrl-C: "interrupted; the checkpoint of epoch 3 in runs/x is complete; continue with: descent train
         * --resume runs/x", or, before the first checkpoint, that nothing was saved (no --resume to suggest).
         */
        synchronized String describeInterrupt(Messages messages) {
            return savedEpoch == 0 ? messages.get("run.interrupted.nothing")
                    : messages.get("run.interrupted.saved", Integer.toString(savedEpoch), dir);
        }
    }
}
