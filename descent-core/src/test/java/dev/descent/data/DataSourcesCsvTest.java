package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSourcesCsvTest {

    @Test
    void csvSpecSplitsEightyTwentyWithChosenLabelColumn(@TempDir Path dir) throws Exception {
        StringBuilder sb = new StringBuilder("kind,x1,x2\n");
        for (int i = 0; i < 50; i++) {
            sb.append(i % 2 == 0 ? "cat" : "dog").append(',').append(i).append(',').append(i * 0.5).append('\n');
        }
        Path file = dir.resolve("pets.csv");
        Files.writeString(file, sb.toString());
        DataPair pair = DataSources.resolve("csv=" + file + ":label=kind", 3);
        assertEquals(40, pair.train().size());
        assertEquals(10, pair.test().size());
        assertEquals(2, pair.train().classes());
        assertEquals(2, pair.train().featureCount());
    }

    @Test
    void csvSpecWithoutFileIsAUsageError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataSources.resolve("csv", 1));
        assertTrue(e.getMessage().contains("csv=FILE"), e.getMessage());
    }

    @Test
    void csvSpecTakesHeaderAndLabelInEitherOrderAndReportsWhatItRead(@TempDir Path dir) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 600; i++) {
            sb.append(i % 2).append(',').append(i).append(',').append(i * 0.5).append('\n');
        }
        Path file = dir.resolve("plain.csv");
        Files.writeString(file, sb.toString());
        DataPair auto = DataSources.resolve("csv=" + file + ":label=0", 3);
        assertEquals(600, auto.train().size() + auto.test().size());
        assertEquals(new Csv.Summary(false, 600, 0), auto.csv());
        DataPair yes = DataSources.resolve("csv=" + file + ":header=yes:label=0", 3);
        assertEquals(new Csv.Summary(true, 599, 0), yes.csv());
        DataPair no = DataSources.resolve("csv=" + file + ":label=0:header=NO", 3);
        assertEquals(new Csv.Summary(false, 600, 0), no.csv());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataSources.resolve("csv=" + file + ":header=maybe", 1));
        assertTrue(e.getMessage().contains("header=maybe"), e.getMessage());
        assertEquals(null, DataSources.resolve("moons", 1).csv());
    }

    @Test
    void pathsInSpecsAreMadeAbsoluteForTheRunToStore() {
        Path here = Path.of("").toAbsolutePath();
        assertEquals("csv=" + here.resolve("d/x.csv") + ":label=y:header=no",
                DataSources.withAbsolutePaths("csv=d/x.csv:label=y:header=no"));
        assertEquals("mnist=" + here.resolve("m"), DataSources.withAbsolutePaths("mnist=./m"));
        assertEquals("csv=/abs/x.csv", DataSources.withAbsolutePaths("csv=/abs/x.csv"));
        assertEquals("moons", DataSources.withAbsolutePaths("moons"));
        assertEquals("fashion-mnist", DataSources.withAbsolutePaths("fashion-mnist"));
    }
}
