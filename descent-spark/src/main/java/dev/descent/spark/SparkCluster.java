package dev.descent.spark;

import dev.descent.data.Dataset;
import dev.descent.loss.Loss;
import dev.descent.nn.Module;
import dev.descent.tensor.DType;
import dev.descent.train.BatchGradients;
import dev.descent.train.GradientCluster;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code spark} {@link GradientCluster}, which the command line finds by {@link java.util.ServiceLoader}
 * ({@code descent train --spark MASTER}): starts a Spark session on MASTER (under {@code spark-submit}, on the
 * submit's {@code --master}; in a program that made a session, joins it), spreads the training set over the
 * cluster's default parallelism and stops the session it started when closed.
 */
public final class SparkCluster implements GradientCluster {
    private static final String LOG_CONFIGURATION = "log4j2.configurationFile";

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public BatchGradients open(String master, Dataset train, Module model, Loss loss, DType dtype) {
        // under spark-submit (or in a program that made a session) the session is there: join it, leave it running
        boolean running = SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
        if (!running && System.getProperty(LOG_CONFIGURATION) == null) {
            System.setProperty(LOG_CONFIGURATION, "descent-spark-log4j2.properties"); // before Spark starts logging
        }
        SparkConf conf = new SparkConf().setAppName("descent train").set("spark.ui.showConsoleProgress", "false");
        // spark-submit passes its --master as the property spark.master, which SparkConf reads: that one decides
        if (!running && master != null && !master.isBlank() && !conf.contains("spark.master")) {
            conf.setMaster(master);
        }
        SparkSession session = SparkSession.builder().config(conf).getOrCreate();
        JavaSparkContext context = JavaSparkContext.fromSparkContext(session.sparkContext());
        SparkExamples examples = SparkExamples.of(context, train, context.defaultParallelism());
        SparkGradients gradients;
        try {
            gradients = SparkGradients.of(examples, model, loss, dtype, 2);
        } catch (RuntimeException e) {
            if (!running) {
                session.stop();
            }
            throw e;
        }
        return new BatchGradients() {
            @Override
            public int size() {
                return gradients.size();
            }

            @Override
            public boolean isClassification() {
                return gradients.isClassification();
            }

            @Override
            public Result compute(int[] indices) {
                return gradients.compute(indices);
            }

            @Override
            public void close() {
                gradients.close();
                if (!running) {
                    session.stop();
                }
            }

            @Override
            public String toString() {
                return gradients + " on " + session.sparkContext().master();
            }
        };
    }
}
