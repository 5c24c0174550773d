package dev.descent.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Training examples held by Spark: rows with a {@code features} column (an array of numbers) and a {@code label}
 * column (an integer class) or a {@code target} column (a number or an array of numbers). Example {@code i} is the
 * i-th row in the data's order, which is how {@link SparkTrainer}'s batches name them: the same rows in the same
 * order as a local {@link dev.descent.data.Dataset} give the same batches. Features are read as 32-bit floats, as
 * a Dataset holds them.
 */
public final class SparkExamples {
    /** The default column names. */
    public static final String FEATURES = "features";
    public static final String LABEL = "label";
    public static final String TARGET = "target";

    private final JavaRDD<Example> examples;
    private final int classes;
    private final int partitions;

    private SparkExamples(JavaRDD<Example> examples, int classes, int partitions) {
        this.examples = examples;
        this.classes = classes;
        this.partitions = partitions;
    }

    /** Classification rows with columns {@code features} and {@code label} (0 to classes − 1). */
    public static SparkExamples classification(Dataset<Row> rows, int classes) {
        return classification(rows, FEATURES, LABEL, classes);
    }

    /** Classification rows with the named feature and label columns. */
    public static SparkExamples classification(Dataset<Row> rows, String featuresColumn, String labelColumn,
                                               int classes) {
        checkClasses(classes);
        int[] at = columns(rows, featuresColumn, labelColumn);
        return new SparkExamples(rows.javaRDD().map(r -> Example.of(r, at[0], at[1], true)), classes, 0);
    }

    /** Regression rows with columns {@code features} and {@code target}. */
    public static SparkExamples regression(Dataset<Row> rows) {
        return regression(rows, FEATURES, TARGET);
    }

    /** Regression rows with the named feature and target columns. */
    public static SparkExamples regression(Dataset<Row> rows, String featuresColumn, String targetColumn) {
        int[] at = columns(rows, featuresColumn, targetColumn);
        return new SparkExamples(rows.javaRDD().map(r -> Example.of(r, at[0], at[1], false)), 0, 0);
    }

    /** Classification rows of an RDD: features (an array of numbers) in field 0, the label in field 1. */
    public static SparkExamples classification(JavaRDD<Row> rows, int classes) {
        checkClasses(classes);
        return new SparkExamples(rows.map(r -> Example.of(r, 0, 1, true)), classes, 0);
    }

    /** Regression rows of an RDD: features in field 0, the target (a number or an array) in field 1. */
    public static SparkExamples regression(JavaRDD<Row> rows) {
        return new SparkExamples(rows.map(r -> Example.of(r, 0, 1, false)), 0, 0);
    }

    /** A local data set spread over {@code partitions} partitions (the command line's way in). */
    public static SparkExamples of(JavaSparkContext spark, dev.descent.data.Dataset data, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
        }
        List<Example> list = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            list.add(data.isClassification() ? new Example(data.example(i), data.label(i), null)
                    : new Example(data.example(i), -1, data.target(i)));
        }
        return new SparkExamples(spark.parallelize(list, partitions), data.isClassification() ? data.classes() : 0,
                partitions);
    }

    /**
     * A local data set as a Spark {@code Dataset<Row>} with the default columns: {@code features} (array of float)
     * and {@code label} (int) or {@code target} (array of float), in the data set's order.
     */
    public static Dataset<Row> toRows(SparkSession spark, dev.descent.data.Dataset data) {
        boolean labelled = data.isClassification();
        StructType schema = new StructType()
                .add(FEATURES, DataTypes.createArrayType(DataTypes.FloatType, false), false)
                .add(labelled ? LABEL : TARGET, labelled ? DataTypes.IntegerType
                        : DataTypes.createArrayType(DataTypes.FloatType, false), false);
        List<Row> rows = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            rows.add(RowFactory.create(data.example(i), labelled ? data.label(i) : data.target(i)));
        }
        return spark.createDataFrame(rows, schema);
    }

    /**
     * The same examples spread over {@code count} partitions (the batches stay the same: examples are numbered
     * before they move).
     */
    public SparkExamples withPartitions(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, was " + count);
        }
        return new SparkExamples(examples, classes, count);
    }

    /** Whether the examples carry class labels. */
    public boolean isClassification() {
        return classes > 0;
    }

    /** The number of classes; 0 for regression. */
    public int classes() {
        return classes;
    }

    /** The examples numbered in order and cut into one {@link Shard} per partition (not cached). */
    JavaRDD<Shard> shards() {
        var numbered = examples.zipWithIndex().mapToPair(t -> new scala.Tuple2<>(t._2(), t._1()));
        if (partitions > 0 && partitions != numbered.getNumPartitions()) {
            numbered = numbered.repartition(partitions);
        }
        int count = classes;
        return numbered.mapPartitions(it -> List.of(Shard.of(it, count)).iterator());
    }

    JavaSparkContext context() {
        return JavaSparkContext.fromSparkContext(examples.context());
    }

    private static void checkClasses(int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be >= 1, was " + classes);
        }
    }

    private static int[] columns(Dataset<Row> rows, String features, String label) {
        List<String> names = List.of(rows.columns());
        for (String c : new String[] {features, label}) {
            if (!names.contains(c)) {
                throw new IllegalArgumentException("no column '" + c + "' in the rows; they have " + names);
            }
        }
        return new int[] {names.indexOf(features), names.indexOf(label)};
    }

    @Override
    public String toString() {
        return "SparkExamples(" + (classes > 0 ? classes + " classes" : "regression")
                + (partitions > 0 ? ", " + partitions + " partitions" : "") + ")";
    }
}
