package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSourcesTest {
    /** The real MNIST, beside the checkout (tests using it skip when it is absent). */
    private static final Path MNIST = Path.of("../../shared/data/mnist");

    private static String error(String spec) {
        return assertThrows(IllegalArgumentException.class, () -> DataSources.resolve(spec, 1)).getMessage();
    }

    @Test
    void digitsWithSmallerSizes() {
        DataPair pair = DataSources.resolve("digits", 3, 200, 50);
        assertEquals("Dataset(digits-train, 200 x [28, 28], 10 classes)", pair.train().toString());
        assertEquals(50, pair.test().size());
        assertFalse(Arrays.equals(pair.train().take(50).featureValues(), pair.test().featureValues()));
        DataPair direct = DataSources.digits(200, 50, 3);
        assertArrayEquals(pair.train().featureValues(), direct.train().featureValues());
    }

    @Test
    void toySetsResolveWithDifferentTrainAndTestPoints() {
        for (String name : new String[] {"moons", "circles", "spirals", "xor", "blobs", "line", " Moons "}) {
            DataPair pair = DataSources.resolve(name, 7);
            assertEquals(1000, pair.train().size(), name);
            assertEquals(1000, pair.test().size(), name);
            assertFalse(Arrays.equals(pair.train().featureValues(), pair.test().featureValues()), name);
        }
        assertEquals(30, DataSources.resolve("xor", 7, 30, 10).train().size());
        assertFalse(DataSources.resolve("line", 1).train().isClassification());
    }

    @Test
    void unknownAndMalformedSpecsListWhatIsKnown() {
        String unknown = error("cifar10");
        assertTrue(unknown.contains("unknown data set 'cifar10'") && unknown.contains("digits")
                && unknown.contains("mnist=DIR") && unknown.contains("moons"), unknown);
        assertTrue(error("").contains("known:"));
        assertTrue(error("mnist").contains("mnist=DIR"));
        assertTrue(error("moons=3").contains("takes no '=' value"));
        assertTrue(error("mnist=").contains("empty value"));
        assertThrows(IllegalArgumentException.class, () -> DataSources.resolve("digits", 1, -1, 5));
    }

    @Test
    void mnistFormatDirectoryIsRead(@TempDir Path dir) throws IOException {
        IdxTest.writeSet(dir, "train", 12, true);
        IdxTest.writeSet(dir, "t10k", 4, false);
        DataPair pair = DataSources.resolve("mnist=" + dir, 1);
        assertEquals("Dataset(mnist-train, 12 x [3, 2], 10 classes)", pair.train().toString());
        assertEquals(4, pair.test().size());
        assertEquals(5, DataSources.resolve("mnist=" + dir, 1, 5, 0).train().size());
        DataPair fashion = DataSources.resolve("fashion-mnist=" + dir, 1);
        assertEquals("Sneaker", fashion.train().classNames().get(7));
    }

    @Test
    void missingFilesSayWhatIsExpected(@TempDir Path dir) throws IOException {
        String notDir = error("mnist=" + dir.resolve("absent"));
        assertTrue(notDir.contains("is not a directory") && notDir.contains("train-images-idx3-ubyte"), notDir);
        IdxTest.writeSet(dir, "train", 3, false);
        String noTest = error("mnist=" + dir);
        assertTrue(noTest.contains("no t10k-images-idx3-ubyte"), noTest);
        String fashion = error("fashion-mnist=" + dir.resolve("nothing-here"));
        assertTrue(fashion.contains("fashion-mnist not found in") && fashion.contains("apt-get install "
                + "dataset-fashion-mnist") && fashion.contains("fashion-mnist=DIR"), fashion);
    }

    @Test
    void realMnistWhenPresent() {
        assumeTrue(Files.isDirectory(MNIST), "no MNIST at " + MNIST.toAbsolutePath());
        DataPair pair = DataSources.resolve("mnist=" + MNIST, 0);
        assertEquals("Dataset(mnist-train, 60000 x [28, 28], 10 classes)", pair.train().toString());
        assertEquals(10000, pair.test().size());
        // reference values from the data's README: first labels and per-digit test counts
        assertArrayEquals(new int[] {5, 0, 4, 1, 9, 2, 1, 3, 1, 4}, Arrays.copyOf(pair.train().labels(), 10));
        assertArrayEquals(new int[] {7, 2, 1, 0, 4, 1, 4, 9, 5, 9}, Arrays.copyOf(pair.test().labels(), 10));
        int[] counts = new int[10];
        for (int label : pair.test().labels()) {
            counts[label]++;
        }
        assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, counts);
    }

    @Test
    void realFashionMnistWhenInstalled() {
        assumeTrue(Files.isDirectory(DataSources.FASHION_MNIST_DIR), "dataset-fashion-mnist is not installed");
        DataPair pair = DataSources.resolve("fashion-mnist", 0, 0, 1000);
        assertEquals(60000, pair.train().size());
        assertEquals(1000, pair.test().size());
        assertEquals(10, pair.train().classNames().size());
        int[] counts = new int[10];
        for (int label : pair.train().labels()) {
            counts[label]++;
        }
        for (int c : counts) {
            assertEquals(6000, c);
        }
    }

    @Test
    void imageSetsAreKnownToBeOneByTwentyEightByTwentyEightBeforeLoading() {
        for (String spec : new String[] {"digits", "mnist=/somewhere", " Fashion-MNIST ", "fashion-mnist=/x"}) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {1, 28, 28},
                    DataSources.expectedImageShape(spec), spec);
        }
        for (String spec : new String[] {"moons", "csv=a.csv", "", "nonsense"}) {
            org.junit.jupiter.api.Assertions.assertNull(DataSources.expectedImageShape(spec), spec);
        }
        org.junit.jupiter.api.Assertions.assertNull(DataSources.expectedImageShape(null));
    }
}
