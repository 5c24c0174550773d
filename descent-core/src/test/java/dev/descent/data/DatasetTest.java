package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DatasetTest {
    /** Four 2x2 examples whose features are 10*i + j, labels 0, 1, 2, 0. */
    private static Dataset small() {
        float[] f = new float[16];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                f[i * 4 + j] = 10 * i + j;
            }
        }
        return Dataset.classification("small", f, new int[] {2, 2}, new int[] {0, 1, 2, 0}, 3);
    }

    @Test
    void classificationStoresWhatItWasGiven() {
        Dataset d = small();
        assertEquals("small", d.name());
        assertEquals(4, d.size());
        assertArrayEquals(new int[] {2, 2}, d.exampleShape());
        assertEquals(4, d.featureCount());
        assertTrue(d.isClassification());
        assertEquals(3, d.classes());
        assertEquals(3, d.targetWidth());
        assertEquals(2, d.label(2));
        assertArrayEquals(new int[] {0, 1, 2, 0}, d.labels());
        assertArrayEquals(new float[] {20, 21, 22, 23}, d.example(2));
        assertEquals("Dataset(small, 4 x [2, 2], 3 classes)", d.toString());
    }

    @Test
    void factoriesCopyTheirInputs() {
        float[] f = {1, 2};
        int[] labels = {0, 1};
        Dataset d = Dataset.classification("c", f, new int[] {1}, labels, 2);
        f[0] = 99;
        labels[0] = 1;
        assertEquals(1f, d.example(0)[0]);
        assertEquals(0, d.label(0));
        d.labels()[1] = 0;
        assertEquals(1, d.label(1));
    }

    @Test
    void regressionStoresTargets() {
        Dataset d = Dataset.regression("r", new float[] {1, 2, 3}, new int[] {1}, new float[] {1, 10, 2, 20, 3, 30}, 2);
        assertFalse(d.isClassification());
        assertEquals(0, d.classes());
        assertEquals(2, d.targetWidth());
        assertArrayEquals(new float[] {2, 20}, d.target(1));
        assertEquals("Dataset(r, 3 x [1], regression, 2 targets)", d.toString());
        assertThrows(IllegalStateException.class, () -> d.label(0));
        Tensor t = d.targets();
        assertArrayEquals(new int[] {3, 2}, t.shape());
        assertArrayEquals(new float[] {1, 10, 2, 20, 3, 30}, t.toFloatArray());
    }

    @Test
    void validationNamesTheProblem() {
        int[] shape = {2};
        var wrongLength = assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification("d", new float[5], shape, new int[] {0, 1, 0}, 2));
        assertTrue(wrongLength.getMessage().contains("expected 3 examples x 2 features"), wrongLength.getMessage());
        var badLabel = assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification("d", new float[4], shape, new int[] {0, 2}, 2));
        assertTrue(badLabel.getMessage().contains("label of example 1 is 2, expected 0..1"), badLabel.getMessage());
        var nan = assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification("d", new float[] {0, 0, 0, Float.NaN}, shape, new int[] {0, 1}, 2));
        assertTrue(nan.getMessage().contains("feature 1 of example 1 is NaN"), nan.getMessage());
        var inf = assertThrows(IllegalArgumentException.class, () -> Dataset.regression("d", new float[] {0, 0},
                shape, new float[] {Float.POSITIVE_INFINITY}, 1));
        assertTrue(inf.getMessage().contains("target 0 of example 0"), inf.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification("d", new float[0], new int[] {0}, new int[0], 2));
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification("d", new float[2], shape, new int[] {0}, 0));
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.regression("d", new float[2], shape, new float[3], 2));
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification(" ", new float[2], shape, new int[] {0}, 1));
    }

    @Test
    void featuresAndOneHotTargetsAsTensors() {
        Dataset d = small();
        Tensor x = d.features();
        assertEquals(DType.F32, x.dtype());
        assertArrayEquals(new int[] {4, 4}, x.shape());
        assertEquals(23.0, x.getFlat(2 * 4 + 3));
        Tensor y = d.targets();
        assertArrayEquals(new int[] {4, 3}, y.shape());
        assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0}, y.toFloatArray());
    }

    @Test
    void subsetAndTakeKeepTheChosenExamples() {
        Dataset d = small();
        Dataset s = d.subset(new int[] {3, 1, 1});
        assertEquals(3, s.size());
        assertArrayEquals(new int[] {0, 1, 1}, s.labels());
        assertArrayEquals(new float[] {30, 31, 32, 33}, s.example(0));
        assertEquals(3, s.classes());
        Dataset t = d.take(2);
        assertArrayEquals(new int[] {0, 1}, t.labels());
        assertEquals(0, d.take(0).size());
        var e = assertThrows(IllegalArgumentException.class, () -> d.subset(new int[] {0, 4}));
        assertTrue(e.getMessage().contains("indices[1] = 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.take(5));
    }

    @Test
    void splitIsSeededAndPartitionsTheExamples() {
        Dataset d = Generated.blobs(100, 4, 0.5, 1);
        Dataset.Split a = d.split(0.2, 42);
        Dataset.Split b = d.split(0.2, 42);
        assertEquals(80, a.train().size());
        assertEquals(20, a.validation().size());
        assertArrayEquals(a.train().featureValues(), b.train().featureValues());
        assertArrayEquals(a.validation().labels(), b.validation().labels());
        assertFalse(Arrays.equals(a.train().featureValues(), d.split(0.2, 43).train().featureValues()));
        // every example lands in exactly one part (blob points are distinct)
        Set<Float> seen = new HashSet<>();
        for (Dataset part : new Dataset[] {a.train(), a.validation()}) {
            for (int i = 0; i < part.size(); i++) {
                assertTrue(seen.add(part.example(i)[0]));
            }
        }
        assertEquals(100, seen.size());
        assertEquals(100, d.split(0, 1).train().size());
        assertThrows(IllegalArgumentException.class, () -> d.split(1.0, 1));
        assertThrows(IllegalArgumentException.class, () -> d.split(Double.NaN, 1));
    }

    @Test
    void scaledMultipliesEveryFeature() {
        Dataset d = small().scaled(0.5f);
        assertArrayEquals(new float[] {15, 15.5f, 16, 16.5f}, d.example(3));
        assertArrayEquals(new int[] {0, 1, 2, 0}, d.labels());
    }

    @Test
    void channelStatsArePerChannelOverAllPixelsAndApplyPerChannel() {
        // two examples of [2 channels, 1, 2]: channel 0 holds 1, 3, 5, 7 and channel 1 holds 10 everywhere
        float[] f = {1, 3, 10, 10, 5, 7, 10, 10};
        Dataset d = Dataset.classification("c", f, new int[] {2, 1, 2}, new int[] {0, 1}, 2);
        FeatureStats stats = d.channelStats();
        assertArrayEquals(new float[] {4, 10}, stats.mean());
        assertArrayEquals(new float[] {(float) Math.sqrt(5), 1}, stats.std()); // constant channel: std 1
        assertTrue(stats.perChannel(4));
        float s5 = (float) Math.sqrt(5);
        assertArrayEquals(new float[] {(1 - 4f) / s5, (3 - 4f) / s5, 0, 0}, stats.apply(d).example(0));
        assertArrayEquals(new float[] {(5 - 4f) / s5, 0}, stats.apply(new float[] {5, 10}, 2));
        // grayscale [H, W]: one mean and std over every pixel
        Dataset gray = Dataset.classification("g", new float[] {0, 2, 4, 6}, new int[] {2, 2}, new int[] {0}, 1);
        assertArrayEquals(new float[] {3}, gray.channelStats().mean());
        assertArrayEquals(new float[] {(float) Math.sqrt(5)}, gray.channelStats().std());
        assertThrows(IllegalArgumentException.class, () -> Dataset.classification("r", new float[] {1, 2},
                new int[] {2}, new int[] {0}, 1).channelStats(), "rows of numbers have no channels");
        assertThrows(IllegalArgumentException.class, () -> stats.apply(new float[] {1, 2, 3}, 3));
        assertThrows(IllegalArgumentException.class, () -> stats.apply(new float[] {1, 2, 3}, 2));
    }

    @Test
    void standardizedHasZeroMeanAndUnitStd() {
        float[] f = {1, 5, 2, 5, 3, 5, 6, 5};
        Dataset d = Dataset.classification("s", f, new int[] {2}, new int[] {0, 1, 0, 1}, 2);
        FeatureStats stats = d.featureStats();
        assertEquals(3f, stats.mean()[0], 1e-6);
        assertEquals((float) Math.sqrt(3.5), stats.std()[0], 1e-6);
        assertEquals(1f, stats.std()[1]); // constant feature: std replaced by 1
        Dataset s = d.standardized();
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < 4; i++) {
            sum += s.example(i)[0];
            squares += s.example(i)[0] * s.example(i)[0];
            assertEquals(0f, s.example(i)[1]);
        }
        assertEquals(0, sum, 1e-5);
        assertEquals(4, squares, 1e-4);
        Dataset other = Dataset.classification("o", new float[] {3, 5}, new int[] {2}, new int[] {0}, 2);
        assertArrayEquals(new float[] {0, 0}, stats.apply(other).example(0));
        assertThrows(IllegalArgumentException.class, () -> stats.apply(Generated.line(3, 1, 0, 0, 1)));
    }

    @Test
    void namedKeepsEverythingElse() {
        Dataset d = small().named("other");
        assertEquals("other", d.name());
        assertArrayEquals(small().labels(), d.labels());
        assertNotEquals(small().name(), d.name());
    }
}
