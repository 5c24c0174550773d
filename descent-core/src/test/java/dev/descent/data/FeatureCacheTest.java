package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureCacheTest {
    @TempDir
    Path dir;

    private Path images() {
        return dir.resolve("train-images-idx3-ubyte.gz");
    }

    private Dataset load(FeatureCache cache) {
        return Idx.load(images(), dir.resolve("train-labels-idx1-ubyte.gz"), "set", List.of(), 0, cache);
    }

    private Dataset loadWithoutCache() {
        return load(null);
    }

    /** The cache's entries (temporary files included). */
    private List<Path> entries(Path cacheDir) throws IOException {
        if (!Files.isDirectory(cacheDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cacheDir)) {
            return files.toList();
        }
    }

    /** Replaces the source's bytes with {@code bytes}, keeping its size and modification time. */
    private void overwriteKeepingSizeAndTime(byte[] bytes) throws IOException {
        FileTime time = Files.getLastModifiedTime(images());
        Files.write(images(), bytes);
        Files.setLastModifiedTime(images(), time);
    }

    @Test
    void aSecondLoadReadsTheCacheNotTheSource() throws IOException {
        IdxTest.writeSet(dir, "train", 7, true);
        Path cacheDir = dir.resolve("cache");
        Dataset first = load(FeatureCache.in(cacheDir));
        assertEquals(1, entries(cacheDir).size(), entries(cacheDir).toString());
        assertArrayEquals(loadWithoutCache().featureValues(), first.featureValues());

        // the source now holds zeros of the same size and time: only a cache hit still gives the pixels
        overwriteKeepingSizeAndTime(new byte[(int) Files.size(images())]);
        Dataset second = load(FeatureCache.in(cacheDir));
        assertArrayEquals(first.featureValues(), second.featureValues());
        assertArrayEquals(first.labels(), second.labels());
        assertArrayEquals(first.exampleShape(), second.exampleShape());
    }

    @Test
    void aChangedSourceIsReadAgainAndItsEntryReplaced() throws IOException {
        IdxTest.writeSet(dir, "train", 7, true);
        Path cacheDir = dir.resolve("cache");
        load(FeatureCache.in(cacheDir));
        IdxTest.writeSet(dir, "train", 9, true); // other content: another size
        Files.setLastModifiedTime(images(), FileTime.fromMillis(Files.getLastModifiedTime(images()).toMillis() + 5000));
        Dataset changed = load(FeatureCache.in(cacheDir));
        assertEquals(9, changed.size());
        assertArrayEquals(loadWithoutCache().featureValues(), changed.featureValues());
        assertEquals(1, entries(cacheDir).size());
        assertArrayEquals(changed.featureValues(), load(FeatureCache.in(cacheDir)).featureValues());
    }

    @Test
    void aTruncatedOrForeignEntryIsIgnoredAndWrittenAgain() throws IOException {
        IdxTest.writeSet(dir, "train", 7, true);
        Path cacheDir = dir.resolve("cache");
        float[] expected = load(FeatureCache.in(cacheDir)).featureValues();
        Path entry = entries(cacheDir).get(0);
        long size = Files.size(entry);
        byte[] bytes = Files.readAllBytes(entry);
        Files.write(entry, java.util.Arrays.copyOf(bytes, bytes.length - 4));
        assertArrayEquals(expected, load(FeatureCache.in(cacheDir)).featureValues());
        assertEquals(size, Files.size(entry), "the entry is written again whole");

        Files.writeString(entry, "not an entry");
        assertArrayEquals(expected, load(FeatureCache.in(cacheDir)).featureValues());
        assertEquals(size, Files.size(entry));
        assertNull(FeatureCache.in(dir.resolve("elsewhere")).read(images()), "an empty cache holds nothing");
    }

    @Test
    void aCacheThatCannotBeWrittenDoesNotFailTheLoad() throws IOException {
        IdxTest.writeSet(dir, "train", 7, true);
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        Dataset d = load(FeatureCache.in(notADirectory.resolve("cache")));
        assertArrayEquals(loadWithoutCache().featureValues(), d.featureValues());
        assertEquals("x", Files.readString(notADirectory));
    }

    @Test
    void aPartialReadNeitherUsesNorFillsTheCache() throws IOException {
        IdxTest.writeSet(dir, "train", 7, true);
        Path cacheDir = dir.resolve("cache");
        Dataset three = Idx.load(images(), dir.resolve("train-labels-idx1-ubyte.gz"), "set", List.of(), 3,
                FeatureCache.in(cacheDir));
        assertEquals(3, three.size());
        assertTrue(entries(cacheDir).isEmpty(), entries(cacheDir).toString());
    }

    @Test
    void theCacheIsOnlyWhereTheSystemPropertyPutsIt() {
        String old = System.getProperty(FeatureCache.PROPERTY);
        try {
            System.clearProperty(FeatureCache.PROPERTY);
            assertNull(FeatureCache.fromSystemProperty());
            System.setProperty(FeatureCache.PROPERTY, dir.toString());
            IdxTest.writeSet(dir, "train", 4, true);
            Idx.load(images(), dir.resolve("train-labels-idx1-ubyte.gz"), "set");
            assertEquals(1, entries(dir.resolve("idx")).size());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            if (old == null) {
                System.clearProperty(FeatureCache.PROPERTY);
            } else {
                System.setProperty(FeatureCache.PROPERTY, old);
            }
        }
    }
}
