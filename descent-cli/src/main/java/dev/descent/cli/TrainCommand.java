package dev.descent.cli;

import dev.descent.data.DataPair;
import dev.descent.data.DataSources;
import dev.descent.data.Dataset;
import dev.descent.data.FeatureStats;
import dev.descent.io.Checkpoint;
import dev.descent.loss.Loss;
import dev.descent.nn.Init;
import dev.descent.nn.ModelSpec;
import dev.descent.nn.Sequential;
import dev.descent.optim.OptimizerKind;
import dev.descent.optim.Optimizer;
import dev.descent.optim.schedule.Schedule;
import dev.descent.tensor.kernel.Gemms;
import dev.descent.text.Messages;
import dev.descent.tensor.kernel.Parallelism;
import dev.descent.train.BatchGradients;
import dev.descent.train.Callback;
import dev.descent.train.Diagnosis;
import dev.descent.train.EpochResult;
import dev.descent.train.Evaluation;
import dev.descent.train.GradientCluster;
import dev.descent.train.History;
import dev.descent.train.RunDiagnosis;
import dev.descent.train.StopRules;
import dev.descent.train.TrainConfig;
import dev.descent.train.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code descent train}: trains a multi-layer perceptron, printing a table row per epoch, and writes the run
 * directory: the checkpoint (after every epoch, atomically), history.csv, steps.csv and loss.png.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a network by gradient descent and write its run directory.",
            "With no options: Nielsen's recipe (sigmoid units, quadratic cost, SGD with lr 3.0, batch 10, 30 epochs)",
            "on 3Blue1Brown's 784-16-16-10 network and 60,000 generated digits; about a minute on two cores."},
        footer = {"", "Examples:",
            "  descent train",
            "  descent train --model 784-30-10 --epochs 10 --out runs/nielsen",
            "  descent train --data moons --model 2-16-2 --activation tanh --loss cross-entropy --optimizer adam --lr 0.05",
            "  descent train --resume runs/nielsen --epochs 20",
            "  descent train --data moons --model 2-16-2 --epochs 50 --serve   (watch it live in the browser)",
            "", "Ctrl-C stops after the current batch; the checkpoint of the last finished epoch stays valid."})
public final class TrainCommand implements Callable<Integer> {
    static final int DEFAULT_EPOCHS = 30;
    /** Exit code after Ctrl-C, as shells report a SIGINT. */
    static final int INTERRUPTED = 130;

    @Mixin
    RunOptions run;

    @Option(names = "--epochs", paramLabel = "N",
            description = "Epochs in total (default: " + DEFAULT_EPOCHS + "; with --resume: the run's own count).")
    Integer epochs;

    @Option(names = "--schedule", defaultValue = "constant", paramLabel = "SPEC",
            description = {"Learning-rate schedule per epoch (default: ${DEFAULT-VALUE}):", ScheduleSpec.GRAMMAR})
    String schedule;

    @Option(names = "--until", paramLabel = "RULE",
            converter = Choices.UntilConverter.class,
            description = "Stop early when a rule holds after an epoch: loss<1e-3, grad<1e-4, or both joined by ','.")
    StopRules until;

    @Option(names = "--patience", defaultValue = "0", paramLabel = "N",
            description = "Stop when the test loss has not improved for N epochs (0: off).")
    int patience;

    @Option(names = "--clip-norm", paramLabel = "X", description = "Rescale gradients whose global norm exceeds X.")
    Double clipNorm;

    @Option(names = "--detect-anomaly",
            description = "Stop at the first NaN or infinity in a value or gradient, naming the op and where it was made.")
    boolean detectAnomaly;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Run directory (default: runs/<date-time>); an existing run there is kept unless --overwrite.")
    Path out;

    @Option(names = "--overwrite", description = "Replace the run already in --out DIR (its model, history and plots).")
    boolean overwrite;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the run in DIR from its checkpoint, with its settings, up to --epochs.")
    Path resume;

    @Option(names = "--checkpoint-every", defaultValue = "1", paramLabel = "N",
            description = "Write the checkpoint every N epochs (and always after the last) (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = {"Compute every batch's gradient on Spark: local[2], spark://host:7077, yarn, k8s://...;",
                "same batches and results as a local run (needs descent-spark; bin/descent adds it)."})
    String spark;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "auto|always|never",
            description = "Live progress bar on stderr: auto draws it when stderr is a terminal (default: ${DEFAULT-VALUE}).")
    ProgressDisplay.Mode progress;

    @Mixin
    LiveServe live;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    /** The live view of --serve while it runs, or null. */
    private LiveServe.Session liveSession;

    /** Where this run writes, once chosen; removed again if training fails before writing anything there. */
    private RunDirectory runDirectory;

    @Override
    public Integer call() throws IOException {
        try {
            int code = train();
            if (liveSession != null && code == 0 && live.keepServing) {
                liveSession.keepServing(spec.commandLine().getErr(), common.messages());
            }
            return code;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return INTERRUPTED;
        } finally {
            if (liveSession != null) {
                liveSession.close();
            }
            if (runDirectory != null) {
                runDirectory.removeIfEmpty();
            }
        }
    }

    private Integer train() throws IOException {
        common.apply();
        live.check();
        if (checkpointEvery < 1) {
            throw new UsageException("--checkpoint-every must be >= 1, was " + checkpointEvery);
        }
        if (patience < 0) {
            throw new UsageException("--patience must be >= 0, was " + patience);
        }
        if (clipNorm != null && !(clipNorm > 0)) {
            throw new UsageException("--clip-norm must be > 0, was " + clipNorm);
        }
        StopRules rules = until == null ? StopRules.none() : until;
        GradientCluster cluster = spark == null ? null : sparkCluster();
        Checkpoint previous = resume == null ? null : loadForResume();
        RunSettings settings = previous == null ? fromOptions() : resumed(previous);
        Messages m = common.messages();
        runDirectory = RunDirectory.forTraining(out, resume, overwrite, m);
        Path dir = runDirectory.path();

        DataPair data;
        // the kernels are compiled by the JIT on a throwaway copy of the network while the data loads
        Warmup warmup = Warmup.start(settings, !detectAnomaly);
        try {
            data = Setup.data(settings.data(), settings.limit(), settings.seed());
        } finally {
            warmup.stop();
        }
        if (data.train().size() == 0) {
            throw new IllegalArgumentException("data " + settings.data() + ": the training set is empty (0 examples)");
        }
        // a resumed run keeps the statistics it started with, so its inputs are the same bits
        FeatureStats inputStats = previous != null ? previous.normalization().orElse(null)
                : run.normalize ? Setup.normalization(data.train()) : null;
        data = Setup.normalized(data, inputStats);
        Dataset train = data.train();
        Dataset test = data.test();
        if (previous == null && run.model == null) {
            settings = settings.withModel(Setup.modelSpec(null, train));
        } else if (previous == null) {
            // a convolutional model takes its input shape from the data
            settings = settings.withModel(Setup.modelSpec(run.model, train));
        }
        Loss loss = settings.loss().create();
        Setup.checkFits(settings.model(), train);
        MemoryCheck.check(settings, data, m);
        Sequential model = previous == null ? Setup.model(settings, train) : previous.model();
        int batch = settings.optimizer().fullBatch() ? train.size() : settings.batch();
        Setup.noteFullBatch(settings, train.size(), spec.commandLine().getErr(), m);
        Optimizer optimizer = settings.optimizer().create(model.parameterTensors(), settings.learningRate());
        Schedule lrSchedule = ScheduleSpec.parse(settings.schedule(), settings.learningRate(), settings.epochs());
        History history = previous == null ? new History() : previous.history();
        int done = history.epochs().size();
        if (done >= settings.epochs()) {
            throw new UsageException(resume + " already has " + done + " epochs; pass --epochs N with N > " + done
                    + " to train further");
        }

        PrintWriter o = spec.commandLine().getOut();
        boolean json = common.json();
        boolean zh = common.chinese();
        if (!json) {
            o.println(model);
            o.println(m.get("train.parameters", Numbers.count(model.parameterCount())));
            o.println(m.get("train.data", Setup.describe(settings.data(), data, m)));
            if (inputStats != null) {
                o.println(Setup.describe(inputStats, train.featureCount(), m));
            }
            o.println(done > 0 ? m.get("train.training.resumed", settings.summary(), Integer.toString(settings.epochs()),
                    Integer.toString(done)) : m.get("train.training", settings.summary(),
                    Integer.toString(settings.epochs())));
            o.println(m.get("train.output", dir.toString()));
            // which matrix kernel and threads: a run's bits depend on the kernel (and, on OpenBLAS, the thread count)
            o.println(m.get("train.compute", Gemms.activeName(), Integer.toString(Parallelism.threads())));
            if (spark != null) {
                o.println(m.get("train.compute.spark", spark));
            }
            o.println();
            o.flush();
        }
        EpochTable table = new EpochTable(o, train.isClassification(), json, m);
        java.util.Map<String, String> info = settings.toInfo();
        if (!train.classNames().isEmpty()) {
            info.put(Runs.CLASS_NAMES, String.join("\t", train.classNames()));
        }
        if (inputStats != null) {
            info.put(Checkpoint.NORMALIZATION, Checkpoint.normalizationInfo(inputStats));
        }
        RunDirectory.Saver saver = runDirectory.saver(model, optimizer, lrSchedule, info, checkpointEvery,
                settings.epochs());
        ProgressDisplay bar = ProgressDisplay.create(progress, train.size(), batch, settings.epochs());
        TrainConfig config = new TrainConfig(settings.epochs(), batch, settings.seed(), false,
                rules.withPatience(patience));
        Trainer trainer = Trainer.of(model, loss, optimizer, config).setDType(settings.dtype())
                .setSchedule(lrSchedule);
        if (bar != null) {
            trainer.addCallback(bar);
        }
        trainer.addCallback(table).addCallback(saver);
        liveSession = live.start(dir, info, chanceLoss(loss, train), model, optimizer, train.batchCount(batch, false),
                history, spec.commandLine().getErr(), m);
        if (liveSession != null) {
            liveSession.callbacks().forEach(trainer::addCallback);
        }
        if (settings.clipNorm() > 0) {
            trainer.setGradientClipping(settings.clipNorm());
        }
        // Installed last, right before the try whose finally removes it: a hook left behind by an exception in
        // between would hold the JVM's exit for its full 30 s wait.
        Interrupt interrupt = Interrupt.install();
        long started = System.nanoTime();
        try {
            trainer.addCallback(interrupt);
            table.header();
            try (var anomaly = detectAnomaly ? dev.descent.autograd.Anomaly.detect() : null) {
                history = cluster == null ? (previous == null ? trainer.fit(train, test)
                        : trainer.resume(previous, train, test))
                        : fitOnCluster(cluster, trainer, previous, train, test, model, loss, settings);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            saver.saveFinal(history);
            if (liveSession != null) {
                liveSession.finish(history);
            }
            if (interrupt.requested()) {
                // stopped between epochs: the checkpoint is saved; charts cannot start Java2D while the JVM exits
                throw new Interrupt.Stopped();
            }
            // the last epoch's evaluation of the test set saw the weights the model holds now
            Evaluation eval = trainer.lastEvaluation() != null ? trainer.lastEvaluation()
                    : Evaluation.of(model, test, loss, 1000, settings.dtype());
            Diagnosis diagnosis = diagnose(history, chanceLoss(loss, train));
            Path historyCsv = dir.resolve("history.csv");
            Path stepsCsv = dir.resolve("steps.csv");
            Path lossPng = dir.resolve("loss.png");
            saver.writeLogs(history);
            String plotProblem = null;
            try {
                Charts.loss(history, train.batchCount(batch, false), "test", lossPng);
            } catch (IOException e) {
                // the results are printed first; the chart that could not be written is reported after them
                plotProblem = Main.message(e);
            }
            // A run that diverged in its first epoch has no checkpoint to list.
            List<Path> files = java.util.stream.Stream.of(dir.resolve(Checkpoint.FILE_NAME), historyCsv, stepsCsv,
                    plotProblem == null ? lossPng : null).filter(p -> p != null && java.nio.file.Files.exists(p))
                    .toList();
            if (json) {
                TrainReport.json(o, m, settings, model, data, history, eval, diagnosis, seconds, files);
            } else {
                TrainReport.text(o, zh, history, eval, diagnosis, seconds, dir, files);
            }
            o.flush();
            if (plotProblem != null) {
                throw new IOException(plotProblem);
            }
            return 0;
        } catch (Interrupt.Stopped stopped) {
            if (bar != null) {
                bar.close();
            }
            o.flush();
            PrintWriter err = spec.commandLine().getErr();
            err.println("descent: " + saver.describeInterrupt(m));
            err.flush();
            return INTERRUPTED;
        } finally {
            interrupt.uninstall();
        }
    }

    /** The Spark cluster of descent-spark, found on the class path, or a one-line error saying how to get it. */
    private static GradientCluster sparkCluster() {
        return GradientCluster.find("spark").orElseThrow(() -> new IllegalStateException("--spark: descent-spark is"
                + " not on the class path; build it with 'mvn -B -DskipTests -pl descent-spark -am package' and run"
                + " bin/descent, which adds it and Spark's jars when --spark is given"));
    }

    /** Trains (or resumes) with every batch's gradient computed on the cluster at {@code --spark MASTER}. */
    private History fitOnCluster(GradientCluster cluster, Trainer trainer, Checkpoint previous, Dataset train,
                                 Dataset test, Sequential model, Loss loss, RunSettings settings) {
        try (BatchGradients gradients = cluster.open(spark, train, model, loss, settings.dtype())) {
            return previous == null ? trainer.fit(gradients, test, new History())
                    : trainer.resume(previous, gradients, test);
        }
    }

    /** The run's diagnosis, read as the dashboard and the report read it ({@link RunDiagnosis}). */
    static Diagnosis diagnose(History history, double chanceLoss) {
        return RunDiagnosis.of(history, chanceLoss);
    }

    /** The loss of a model that has learnt nothing ({@link RunDiagnosis#chanceLoss}); NaN for a regression. */
    static double chanceLoss(Loss loss, Dataset train) {
        return train.isClassification() ? RunDiagnosis.chanceLoss(loss.name(), train.classes()) : Double.NaN;
    }

    private RunSettings fromOptions() {
        OptimizerKind opt = run.optimizer;
        double lr = run.learningRate != null ? run.learningRate : opt.defaultLearningRate(run.loss.squaredError());
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new UsageException("--lr must be a positive number, was " + lr);
        }
        if (run.batch < 1) {
            throw new UsageException("--batch must be >= 1, was " + run.batch);
        }
        if (run.limit != null && run.limit < 1) {
            throw new UsageException("--limit must be >= 1, was " + run.limit);
        }
        int n = epochs != null ? epochs : DEFAULT_EPOCHS;
        if (n < 1) {
            throw new UsageException("--epochs must be >= 1, was " + n);
        }
        ModelSpec model = run.model == null ? ModelSpec.perceptron(1, 1) : RunSettings.parseModel(run.model);
        ScheduleSpec.parse(schedule, lr, n);
        Init init = run.init != null ? run.init : Init.forActivation(run.activation);
        return new RunSettings(DataSources.withAbsolutePaths(run.data), run.limit == null ? 0 : run.limit, model,
                run.activation, init,
                run.loss, opt, lr, run.batch, run.dtype, common.seed(), schedule,
                clipNorm == null ? Double.NaN : clipNorm, n);
    }

    private Checkpoint loadForResume() throws IOException {
        List<String> fixed = List.of("--data", "--limit", "--model", "--activation", "--init", "--loss",
                "--optimizer", "--lr", "--batch", "--dtype", "--seed", "--schedule", "--clip-norm", "--normalize");
        for (String name : fixed) {
            if (spec.commandLine().getParseResult().hasMatchedOption(name)) {
                throw new UsageException("--resume continues a run with its own settings; " + name
                        + " cannot be changed (only --epochs, --until, --patience, --out, --checkpoint-every, --threads)");
            }
        }
        return Checkpoint.load(resume);
    }

    private RunSettings resumed(Checkpoint c) {
        String missing = RunSettings.missingTraining(c.info());
        if (!missing.isEmpty()) {
            throw new UsageException(resume + " has no training settings (" + missing + "): it was saved by the"
                    + " library or imported without --data; import it with --data SPEC to train it further");
        }
        RunSettings s = RunSettings.fromInfo(c.info(), resume.toString());
        return epochs == null ? s : s.withEpochs(epochs);
    }

    /** Prints the per-epoch table as the epochs finish. */
    static final class EpochTable implements Callback {
        private final PrintWriter out;
        private final boolean classification;
        private final boolean quiet;
        private final Messages messages;

        EpochTable(PrintWriter out, boolean classification, boolean quiet, Messages messages) {
            this.out = out;
            this.classification = classification;
            this.quiet = quiet;
            this.messages = messages;
        }

        void header() {
            if (quiet) {
                return;
            }
            Messages m = messages;
            // right-aligned to the rows' widths by display columns (a Chinese character takes two)
            out.println(Numbers.padLeft(m.get("table.epoch"), 5) + "  " + Numbers.padLeft(m.get("table.train_loss"), 10)
                    + "  " + Numbers.padLeft(classification ? m.get("table.train_accuracy") : "", 9) + "  "
                    + Numbers.padLeft(m.get("table.test_loss"), 10) + "  "
                    + Numbers.padLeft(classification ? m.get("table.test_accuracy") : "", 9) + "  "
                    + Numbers.padLeft(m.get("table.lr"), 9) + "  " + Numbers.padLeft(m.get("table.gradient_norm"), 9)
                    + "  " + Numbers.padLeft(m.get("table.time"), 7));
            out.flush();
        }

        @Override
        public void onEpoch(EpochResult e, History history) {
            if (quiet) {
                return;
            }
            out.printf(Locale.ROOT, "%5d  %10s  %9s  %10s  %9s  %9s  %9s  %6.1fs%n", e.epoch(),
                    Numbers.g4(e.trainLoss()), classification ? Numbers.percent(e.trainAccuracy()) : "",
                    Numbers.g4(e.validationLoss()), classification ? Numbers.percent(e.validationAccuracy()) : "",
                    Numbers.compact(e.learningRate()), Numbers.g4(e.gradientNorm()), e.seconds());
            out.flush();
        }
    }
}
