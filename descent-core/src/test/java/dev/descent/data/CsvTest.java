package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private String error(Path file, CsvOptions options) {
        return assertThrows(IllegalArgumentException.class, () -> Csv.read(file, options)).getMessage();
    }

    @Test
    void integerLabelsInTheLastColumnAreClassIndices() throws IOException {
        Dataset d = Csv.read(write("points.csv", "x1,x2,label\n0.5,1,0\n-2,3e-1,2\n\n4, 5 ,1\n"));
        assertEquals("Dataset(points, 3 x [2], 3 classes)", d.toString());
        assertArrayEquals(new int[] {0, 2, 1}, d.labels());
        assertArrayEquals(new float[] {-2, 0.3f}, d.example(1));
        assertArrayEquals(new float[] {4, 5}, d.example(2));
        assertTrue(d.classNames().isEmpty());
    }

    @Test
    void stringLabelsAreNumberedInSortedOrderAndKeepTheirNames() throws IOException {
        Path file = write("iris.csv", "species;petal;sepal\nvirginica;1;2\nsetosa;3;4\n\"versi;color\";5;6\nsetosa;7;8\n");
        Dataset d = Csv.read(file, CsvOptions.defaults().withLabelColumn("species").withSeparator(';'));
        assertEquals(List.of("setosa", "versi;color", "virginica"), d.classNames());
        assertArrayEquals(new int[] {2, 0, 1, 0}, d.labels());
        assertArrayEquals(new float[] {5, 6}, d.example(2));
    }

    @Test
    void labelColumnByIndex() throws IOException {
        Dataset d = Csv.read(write("i.csv", "a,b,c\n1,0,2\n3,1,4\n"), CsvOptions.defaults().withLabelColumn("1"));
        assertArrayEquals(new int[] {0, 1}, d.labels());
        assertArrayEquals(new float[] {3, 4}, d.example(1));
    }

    @Test
    void regressionReadsANumericTarget() throws IOException {
        Dataset d = Csv.read(write("house.csv", "rooms,price\n3,250.5\n4,300\n"), CsvOptions.defaults().regression());
        assertFalse(d.isClassification());
        assertArrayEquals(new float[] {300}, d.target(1));
        assertArrayEquals(new float[] {3}, d.example(0));
    }

    @Test
    void errorsNameFileLineAndColumn() throws IOException {
        Path data = write("data.csv", "x1,x2,y\n1,2,0\n1,abc,1\n");
        assertEquals(data + " line 3: column 'x2' is not a number: 'abc'", error(data, CsvOptions.defaults()));
        Path nan = write("nan.csv", "x1,x2,y\n1,NaN,0\n");
        assertTrue(error(nan, CsvOptions.defaults()).contains("line 2: column 'x2' is not a number: 'NaN'"));
        Path empty = write("empty-cell.csv", "x1,x2,y\n1,,0\n");
        assertTrue(error(empty, CsvOptions.defaults()).contains("line 2: column 'x2' is empty"));
        Path big = write("big.csv", "x1,y\n1e39,0\n");
        assertTrue(error(big, CsvOptions.defaults()).contains("out of float range"));
        Path target = write("target.csv", "x,y\n1,cheap\n");
        assertTrue(error(target, CsvOptions.defaults().regression()).contains("column 'y' is not a number"));
    }

    @Test
    void raggedRowsAreRejected() throws IOException {
        Path ragged = write("ragged.csv", "a,b,c\n1,2,0\n1,2\n");
        assertTrue(error(ragged, CsvOptions.defaults()).contains("line 3: 2 fields, expected 3 as in the header"));
        Path quote = write("quote.csv", "a,b\n\"1,0\n");
        assertTrue(error(quote, CsvOptions.defaults()).contains("line 2: a quoted field is not closed"));
    }

    @Test
    void badHeadersAndLabelColumnsAreExplained() throws IOException {
        assertTrue(error(write("none.csv", "\n\n"), CsvOptions.defaults()).contains("empty file"));
        assertTrue(error(write("one.csv", "a;b\n1;2\n"), CsvOptions.defaults()).contains("is the separator"));
        Path ok = write("ok.csv", "a,b\n1,2\n");
        String unknown = error(ok, CsvOptions.defaults().withLabelColumn("label"));
        assertTrue(unknown.contains("no label column 'label'") && unknown.contains("[a, b]"), unknown);
        Path huge = write("huge.csv", "a,b\n1,99999999\n");
        assertTrue(error(huge, CsvOptions.defaults()).contains("too large to be a class index"));
        assertThrows(UncheckedIOException.class, () -> Csv.read(dir.resolve("missing.csv")));
        assertThrows(IllegalArgumentException.class, () -> new CsvOptions(null, true, '"'));
    }

    @Test
    void aFileWithoutAHeaderKeepsItsFirstRow() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 600; i++) {
            sb.append(i * 0.5).append(',').append(-i).append(',').append(i % 3).append('\n');
        }
        Csv.Loaded loaded = Csv.load(write("headless.csv", sb.toString()), CsvOptions.defaults());
        assertEquals(600, loaded.dataset().size(), "600 rows in, 600 used");
        assertEquals(new Csv.Summary(false, 600, 0), loaded.summary());
        assertEquals(0.0f, loaded.dataset().example(0)[0]);
    }

    @Test
    void theFirstLineIsDataWhenItsFieldsButTheLabelAreNumbers() throws IOException {
        Csv.Loaded words = Csv.load(write("iris.csv", "5.1,3.5,setosa\n\n6.2,2.9,virginica\n"), CsvOptions.defaults());
        assertEquals(new Csv.Summary(false, 2, 1), words.summary());
        assertEquals(List.of("setosa", "virginica"), words.dataset().classNames());
        Csv.Loaded named = Csv.load(write("named.csv", "\nx1,x2,label\n1,2,0\n\n3,4,1\n"), CsvOptions.defaults());
        assertEquals(new Csv.Summary(true, 2, 2), named.summary());
        Csv.Loaded byIndex = Csv.load(write("index.csv", "0,1.5,2\n1,2.5,3\n"),
                CsvOptions.defaults().withLabelColumn("0"));
        assertEquals(new Csv.Summary(false, 2, 0), byIndex.summary());
        assertEquals(1.5f, byIndex.dataset().example(0)[0]);
    }

    @Test
    void anExplicitHeaderSettingWins() throws IOException {
        Path numbers = write("numbers.csv", "1,2,0\n3,4,1\n5,6,1\n");
        assertEquals(new Csv.Summary(true, 2, 0),
                Csv.load(numbers, CsvOptions.defaults().withHeader(CsvOptions.Header.YES)).summary());
        Path named = write("named2.csv", "a,b,c\n1,2,0\n");
        String error = error(named, CsvOptions.defaults().withHeader(CsvOptions.Header.NO));
        assertTrue(error.contains("line 1: column '0' is not a number: 'a'"), error);
        assertTrue(error(named, CsvOptions.defaults().withLabelColumn("c").withHeader(CsvOptions.Header.NO))
                .contains("no label column 'c'"));
    }

    @Test
    void aHeaderOfMillionsOfColumnsIsRefusedBeforeAllocating() throws IOException {
        // 3 million columns: 1024 rows of room for them once overflowed int ("descent: -2147483648")
        Path file = dir.resolve("wide.csv");
        Files.writeString(file, "a,".repeat(3_000_000) + "label\n");
        var e = assertThrows(IllegalArgumentException.class, () -> Csv.read(file));
        assertTrue(e.getMessage().contains("wide.csv") && e.getMessage().contains("3000001 columns"),
                e.getMessage());
    }

    @Test
    void wideRowsWithinTheBoundStillRead() throws IOException {
        Path file = dir.resolve("wide-ok.csv");
        String row = "1,".repeat(50_000) + "0\n";
        Files.writeString(file, row + row + row);
        Dataset d = Csv.read(file);
        assertEquals(3, d.size());
        assertEquals(50_000, d.featureCount());
    }

    @Test
    void deviceFilesAndDirectoriesAreRefusedInsteadOfReadForever() {
        for (Path device : new Path[] {Path.of("/dev/zero"), dir}) {
            if (Files.exists(device)) {
                var e = assertThrows(IllegalArgumentException.class, () -> Csv.read(device));
                assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
            }
        }
    }
}
