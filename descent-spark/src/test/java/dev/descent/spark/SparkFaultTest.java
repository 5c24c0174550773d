package dev.descent.spark;

import static dev.descent.spark.SparkTrainerTest.CONFIG;
import static dev.descent.spark.SparkTrainerTest.assertClose;
import static dev.descent.spark.SparkTrainerTest.blobs;
import static dev.descent.spark.SparkTrainerTest.model;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.descent.data.Dataset;
import dev.descent.io.Checkpoint;
import dev.descent.loss.Losses;
import dev.descent.nn.Sequential;
import dev.descent.optim.Adam;
import dev.descent.optim.Optimizer;
import dev.descent.optim.schedule.Schedule;
import dev.descent.optim.schedule.ScheduleSpec;
import dev.descent.tensor.DType;
import dev.descent.train.Callback;
import dev.descent.train.EpochResult;
import dev.descent.train.History;
import dev.descent.train.TrainConfig;
import dev.descent.train.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faults: a task that fails once is retried by Spark; a run whose driver dies resumes from its checkpoint. */
class SparkFaultTest {
    /** Tasks started in the test below; the tasks run in this JVM (local mode), so they see this counter. */
    static final AtomicInteger TASKS = new AtomicInteger();

    @Test
    void aTaskFailingOnceDuringAStepIsRetriedWithTheSameResult() {
        Dataset data = blobs();
        Sequential local = model();
        Trainer.of(local, Losses.crossEntropy(), Adam.of(local.parameterTensors(), 0.02), CONFIG)
                .setDType(DType.F64).fit(data);

        Sequential distributed = model();
        Optimizer adam = Adam.of(distributed.parameterTensors(), 0.02);
        SparkExamples rows = SparkExamples.of(LocalSpark.context(), data, 2);
        TASKS.set(0);
        AtomicInteger failed = new AtomicInteger();
        try (SparkGradients gradients = SparkGradients.of(rows, distributed, Losses.crossEntropy(), DType.F64, 2)
                .withProbe(() -> {
                    // the 7th task is a partition's part of step 4 (the first of epoch 2): it dies once, and its
                    // retry goes on
                    if (TASKS.incrementAndGet() == 7) {
                        throw new IllegalStateException("injected fault");
                    }
                })) {
            History h = Trainer.of(distributed, Losses.crossEntropy(), adam, CONFIG).setDType(DType.F64)
                    .fit(gradients, null, new History());
            assertEquals(6, h.stepCount());
        }
        // 6 steps × 2 partitions, and the one that failed ran again
        assertEquals(13, TASKS.get());
        assertClose(local, distributed);
    }

    @Test
    void aRunWhoseDriverDiesResumesFromItsLastCheckpoint(@TempDir Path dir) throws IOException {
        Dataset data = blobs();
        TrainConfig config = CONFIG.withEpochs(4);
        Sequential uninterrupted = model();
        Trainer.of(uninterrupted, Losses.crossEntropy(), Adam.of(uninterrupted.parameterTensors(), 0.02), config)
                .setDType(DType.F64).setSchedule(ScheduleSpec.parse("step:2:0.5", 0.02, 4)).fit(data);

        Sequential first = model();
        Optimizer adam = Adam.of(first.parameterTensors(), 0.02);
        Schedule schedule = ScheduleSpec.parse("step:2:0.5", 0.02, 4);
        assertThrows(RuntimeException.class, () -> SparkTrainer.of(first,
                Losses.crossEntropy(), adam, config).setDType(DType.F64).setSchedule(schedule)
                .addCallback(new Callback() {
                    @Override
                    public void onEpoch(EpochResult result, History history) {
                        try {
                            new Checkpoint(first, null, adam.state(), history, null, schedule.state()).save(dir);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }

                    @Override
                    public void onStep(int epoch, int step, int stepsPerEpoch, double loss) {
                        if (epoch == 3 && step == 2) {
                            LocalSpark.stop(); // the driver dies mid-epoch, and Spark with it
                        }
                    }
                }).fit(SparkExamples.of(LocalSpark.context(), data, 2), null));

        // a new driver: a new Spark, the model, optimizer and schedule made afresh, the checkpoint of epoch 2
        Checkpoint saved = Checkpoint.load(dir);
        assertEquals(2, saved.history().epochs().size());
        Sequential resumed = model();
        History h = SparkTrainer.of(resumed, Losses.crossEntropy(), Adam.of(resumed.parameterTensors(), 0.02), config)
                .setDType(DType.F64).setSchedule(ScheduleSpec.parse("step:2:0.5", 0.02, 4))
                .resume(saved, SparkExamples.of(LocalSpark.context(), data, 3), null);
        assertEquals(4, h.epochs().size());
        assertClose(uninterrupted, resumed);
    }
}
