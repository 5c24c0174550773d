package dev.descent.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Turns a data-set spec such as {@code digits}, {@code fashion-mnist}, {@code mnist=/data/mnist} or {@code moons}
 * into a training and a test set. Files are only read where they already are (no downloads); generated sets are made
 * from the seed, the test set from a different stream than the training set.
 */
public final class DataSources {
    /** Where Debian's {@code dataset-fashion-mnist} package installs the four IDX files. */
    public static final Path FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** The names {@link #resolve} knows; {@code mnist} needs {@code =DIR}, {@code fashion-mnist} may take one. */
    public static final List<String> NAMES =
            List.of("digits", "mnist=DIR", "fashion-mnist[=DIR]", "csv=FILE[:label=COL][:header=yes|no]", "moons", "circles", "spirals", "xor", "blobs", "line");

    /** Fashion-MNIST's class names, in label order (Xiao, Rasul and Vollgraf, 2017). */
    static final List<String> FASHION_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private static final int DIGITS_TRAIN = 60_000;
    private static final int DIGITS_TEST = 10_000;
    private static final int TOY_TRAIN = 1_000;
    private static final int TOY_TEST = 1_000;

    private DataSources() {
    }

    /**
     * The shape of one example of {@code spec} as far as it is known before loading: [1, 28, 28] for the generated
     * digits and the MNIST-format sets (MNIST's and Fashion-MNIST's size; the files are checked when read), else null
     * (points, CSV files, an unknown name).
     */
    public static int[] expectedImageShape(String spec) {
        if (spec == null || spec.isBlank()) {
            return null;
        }
        return switch (name(spec)) {
            case "digits", "mnist", "fashion-mnist" -> new int[] {1, 28, 28};
            default -> null;
        };
    }

    /** The name part of a spec, lower case: {@code mnist} of {@code mnist=/data/mnist}. */
    private static String name(String spec) {
        int eq = spec.indexOf('=');
        return (eq < 0 ? spec : spec.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
    }

    /**
     * Resolves {@code spec} with the default sizes: 60,000 + 10,000 generated digits, whole MNIST-format files, and
     * 1,000 + 1,000 points for the two-dimensional sets.
     */
    public static DataPair resolve(String spec, long seed) {
        return resolve(spec, seed, 0, 0);
    }

    /**
     * Resolves {@code spec} with at most {@code trainSize} training and {@code testSize} test examples (0 for the
     * default): generated sets are made that large, file sets are cut to their first examples.
     */
    public static DataPair resolve(String spec, long seed, int trainSize, int testSize) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("data set spec must not be blank; known: " + String.join(", ", NAMES));
        }
        if (trainSize < 0 || testSize < 0) {
            throw new IllegalArgumentException("trainSize and testSize must be >= 0 (0 = default), were "
                    + trainSize + " and " + testSize);
        }
        int eq = spec.indexOf('=');
        String name = name(spec);
        String argument = eq < 0 ? null : spec.substring(eq + 1).strip();
        if (argument != null && argument.isEmpty()) {
            throw new IllegalArgumentException("data set spec '" + spec + "' has an empty value after '='");
        }
        if (argument != null && !name.equals("mnist") && !name.equals("fashion-mnist") && !name.equals("csv")) {
            throw new IllegalArgumentException("data set '" + name + "' takes no '=' value (spec '" + spec
                    + "'); only mnist=DIR, fashion-mnist=DIR and csv=FILE do");
        }
        long trainSeed = seed;
        long testSeed = seed ^ 0x7E57DA7AL; // a different stream, so test points are new points
        int train = trainSize > 0 ? trainSize : TOY_TRAIN;
        int test = testSize > 0 ? testSize : TOY_TEST;
        if (argument == null && !name.equals("fashion-mnist")) {
            checkFits(name, name.equals("digits") ? 28 * 28 : 2, trainSize, testSize);
        }
        return switch (name) {
            case "digits" -> digits(trainSize > 0 ? trainSize : DIGITS_TRAIN, testSize > 0 ? testSize : DIGITS_TEST,
                    seed);
            case "mnist" -> {
                if (argument == null) {
                    throw new IllegalArgumentException("mnist needs a directory: mnist=DIR, where DIR holds "
                            + "train-images-idx3-ubyte(.gz), train-labels-idx1-ubyte(.gz), "
                            + "t10k-images-idx3-ubyte(.gz) and t10k-labels-idx1-ubyte(.gz)");
                }
                yield limit(mnistFormat(Path.of(argument), "mnist", List.of(), trainSize, testSize), trainSize,
                        testSize);
            }
            case "csv" -> {
                if (argument == null) {
                    throw new IllegalArgumentException("csv needs a file: csv=FILE, csv=FILE:label=COLUMN or "
                            + "csv=FILE:header=yes|no");
                }
                yield limit(csv(argument, seed), trainSize, testSize);
            }
            case "fashion-mnist" -> limit(fashionMnist(argument == null ? null : Path.of(argument), trainSize,
                    testSize), trainSize, testSize);
            case "moons" -> new DataPair(Generated.moons(train, 0.1, trainSeed), Generated.moons(test, 0.1, testSeed));
            case "circles" -> new DataPair(Generated.circles(train, 0.05, 0.5, trainSeed),
                    Generated.circles(test, 0.05, 0.5, testSeed));
            case "spirals" -> new DataPair(Generated.spirals(train, 3, 0.2, trainSeed),
                    Generated.spirals(test, 3, 0.2, testSeed));
            case "xor" -> new DataPair(Generated.xor(train, 0.05, trainSeed), Generated.xor(test, 0.05, testSeed));
            case "blobs" -> new DataPair(Generated.blobs(train, 3, 0.6, trainSeed),
                    Generated.blobs(test, 3, 0.6, testSeed));
            case "line" -> new DataPair(Generated.line(train, 2, 1, 0.1, trainSeed),
                    Generated.line(test, 2, 1, 0.1, testSeed));
            default -> throw new IllegalArgumentException("unknown data set '" + name + "'; known: "
                    + String.join(", ", NAMES));
        };
    }

    /**
     * Refuses to generate more examples than fit in memory, before making any: generated sets are as large as asked,
     * so one large size would otherwise take every byte and then fail.
     */
    private static void checkFits(String name, int features, int trainSize, int testSize) {
        long values = ((long) trainSize + testSize) * (features + 1);
        long bytes = 4 * values * 2; // the floats, and room for a copy (shuffled batches, one-hot targets)
        long available = Runtime.getRuntime().maxMemory();
        if (bytes > available) {
            throw new IllegalArgumentException(name + ": " + trainSize + " training and " + testSize + " test"
                    + " examples need " + (bytes >> 20) + " MB, more than the " + (available >> 20)
                    + " MB Java may use; ask for fewer");
        }
    }

    /**
     * A CSV file ({@code FILE}, then optionally {@code :label=COLUMN} and {@code :header=yes|no}, in either order;
     * default label column: the last; default header: decided by the first line's content, see {@link Csv}), split
     * seeded into 80% training and 20% test examples.
     */
    static DataPair csv(String argument, long seed) {
        String file = csvFile(argument);
        CsvOptions options = CsvOptions.defaults();
        for (String option : argument.substring(file.length()).split(":")) {
            if (option.startsWith("label=")) {
                options = options.withLabelColumn(option.substring("label=".length()));
            } else if (option.startsWith("header=")) {
                options = options.withHeader(header(option.substring("header=".length())));
            }
        }
        Csv.Loaded loaded = Csv.load(Path.of(file), options);
        Dataset all = loaded.dataset();
        if (all.size() < 2) {
            throw new IllegalArgumentException(file + ": need at least 2 data rows to split into train and test");
        }
        Dataset.Split split = all.split(0.2, seed);
        return new DataPair(split.train(), split.validation(), loaded.summary());
    }

    /** The file part of a csv argument: what is left when the trailing {@code :label=…} and {@code :header=…} go. */
    private static String csvFile(String argument) {
        String file = argument;
        for (int colon = file.lastIndexOf(':'); colon >= 0; colon = file.lastIndexOf(':')) {
            String option = file.substring(colon + 1);
            if (!option.startsWith("label=") && !option.startsWith("header=")) {
                break; // part of the file name, e.g. C:\data.csv
            }
            file = file.substring(0, colon);
        }
        return file;
    }

    /**
     * {@code spec} with its file or directory made absolute ({@code csv=data.csv:label=y} →
     * {@code csv=/home/me/data.csv:label=y}), so that a run trained here finds its data from any other working
     * directory; specs without a path come back unchanged.
     */
    public static String withAbsolutePaths(String spec) {
        return withPathsRelativeTo(spec, Path.of(""));
    }

    /**
     * {@code spec} with a relative file or directory resolved against {@code base} and made absolute: a checkpoint's
     * data path is read relative to its run directory, never to wherever the command happens to run.
     */
    public static String withPathsRelativeTo(String spec, Path base) {
        int eq = spec == null ? -1 : spec.indexOf('=');
        if (eq < 0) {
            return spec;
        }
        String name = spec.substring(0, eq).strip().toLowerCase(Locale.ROOT);
        String argument = spec.substring(eq + 1).strip();
        if (argument.isEmpty() || !(name.equals("csv") || name.equals("mnist") || name.equals("fashion-mnist"))) {
            return spec;
        }
        String path = name.equals("csv") ? csvFile(argument) : argument;
        return spec.substring(0, eq + 1) + base.resolve(path).toAbsolutePath().normalize()
                + argument.substring(path.length());
    }

    private static CsvOptions.Header header(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "yes" -> CsvOptions.Header.YES;
            case "no" -> CsvOptions.Header.NO;
            case "auto" -> CsvOptions.Header.AUTO;
            default -> throw new IllegalArgumentException("csv: header=" + value + " is not yes, no or auto");
        };
    }

    /** Generated handwritten-like digits: {@code trainSize} for training and {@code testSize} more for testing. */
    public static DataPair digits(int trainSize, int testSize, long seed) {
        Dataset train = Generated.digits(trainSize, seed).named("digits-train");
        Dataset test = Generated.digits(testSize, seed ^ 0x7E57DA7AL).named("digits-test");
        return new DataPair(train, test);
    }

    /**
     * Fashion-MNIST from {@code dir}, or from {@link #FASHION_MNIST_DIR} when {@code dir} is null; the error says how
     * to get it when the files are not there.
     */
    public static DataPair fashionMnist(Path dir) {
        return fashionMnist(dir, 0, 0);
    }

    /** Like {@link #fashionMnist(Path)}, reading at most the first {@code trainSize}/{@code testSize} (0 = all). */
    private static DataPair fashionMnist(Path dir, int trainSize, int testSize) {
        Path where = dir == null ? FASHION_MNIST_DIR : dir;
        if (find(where, "train-images-idx3-ubyte") == null) {
            throw new IllegalArgumentException("fashion-mnist not found in " + where + ": install it with "
                    + "`sudo apt-get install dataset-fashion-mnist` (Debian/Ubuntu) or pass fashion-mnist=DIR, a "
                    + "directory holding train-images-idx3-ubyte(.gz), train-labels-idx1-ubyte(.gz), "
                    + "t10k-images-idx3-ubyte(.gz) and t10k-labels-idx1-ubyte(.gz)");
        }
        return mnistFormat(where, "fashion-mnist", FASHION_CLASSES, trainSize, testSize);
    }

    /**
     * The four MNIST-format IDX files in {@code dir} ({@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
     * {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each raw or {@code .gz}; the variant spelling
     * {@code train-images.idx3-ubyte} is accepted too).
     */
    public static DataPair mnist(Path dir) {
        return mnistFormat(dir, "mnist", List.of(), 0, 0);
    }

    /** The four files in {@code dir}, reading at most the first {@code trainSize}/{@code testSize} (0 = all). */
    private static DataPair mnistFormat(Path dir, String name, List<String> classNames, int trainSize,
                                        int testSize) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(name + ": " + dir + " is not a directory; expected one holding "
                    + "train-images-idx3-ubyte(.gz), train-labels-idx1-ubyte(.gz), t10k-images-idx3-ubyte(.gz) and "
                    + "t10k-labels-idx1-ubyte(.gz)");
        }
        Dataset train = Idx.load(require(dir, "train-images-idx3-ubyte", name),
                require(dir, "train-labels-idx1-ubyte", name), name + "-train", classNames, trainSize);
        Dataset test = Idx.load(require(dir, "t10k-images-idx3-ubyte", name),
                require(dir, "t10k-labels-idx1-ubyte", name), name + "-test", classNames, testSize);
        return new DataPair(train, test);
    }

    private static Path require(Path dir, String base, String name) {
        Path file = find(dir, base);
        if (file == null) {
            throw new IllegalArgumentException(name + ": " + dir + " has no " + base + " or " + base + ".gz");
        }
        return file;
    }

    /** {@code base}, {@code base.gz}, or the variant with a dot before {@code idx} that some mirrors use. */
    private static Path find(Path dir, String base) {
        String dotted = base.replace("-idx", ".idx");
        for (String candidate : new String[] {base, base + ".gz", dotted, dotted + ".gz"}) {
            Path file = dir.resolve(candidate);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        return null;
    }

    private static DataPair limit(DataPair pair, int trainSize, int testSize) {
        Dataset train = trainSize > 0 && trainSize < pair.train().size() ? pair.train().take(trainSize) : pair.train();
        Dataset test = testSize > 0 && testSize < pair.test().size() ? pair.test().take(testSize) : pair.test();
        return new DataPair(train, test, pair.csv());
    }
}
