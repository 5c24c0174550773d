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
}
