package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.train.History;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The README says what a run directory holds and how CSV files are read, in the code's own terms. */
class ReadmeTest {
    private static String readme() throws Exception {
        return Files.readString(ShellScriptsTest.repositoryRoot().resolve("README.md"));
    }

    @Test
    void everyColumnOfHistoryAndStepsIsExplained() throws Exception {
        String readme = readme();
        String history = new History().toCsv().lines().findFirst().orElseThrow();
        String steps = new History().stepsToCsv().lines().findFirst().orElseThrow();
        for (String column : (history + "," + steps).split(",")) {
            assertTrue(readme.contains("`" + column + "`"), "README does not explain the column " + column);
        }
        for (String file : RunDirectory.RUN_FILES) {
            assertTrue(readme.contains("| `" + file + "` |"), "README's run directory table lacks " + file);
        }
    }

    @Test
    void theCsvHeaderRuleIsStated() throws Exception {
        String readme = readme().replaceAll("\\s+", " ");
        assertTrue(readme.contains("The first line is a header unless all its fields, the label's aside, are numbers"));
        assertTrue(readme.contains(":header=yes") && readme.contains(":header=no"));
    }

    @Test
    void theReadmeStandsAlone() throws Exception {
        String readme = readme();
        assertFalse(readme.contains("../shared"), "a path outside the repository");
        assertFalse(readme.matches("(?s).*\\b[Ii]ssue #?\\d+.*"), "an issue number");
    }
}
