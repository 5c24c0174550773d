package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void helpListsTheCommands() {
        CommandRun r = CommandRun.of("--help");
        assertEquals(0, r.exitCode());
        for (String c : new String[] {"train", "eval", "predict", "diagnose", "lr-find"}) {
            assertTrue(r.out().contains(c), r.out());
        }
    }

    @Test
    void noCommandPrintsUsage() {
        CommandRun r = CommandRun.of();
        assertEquals(0, r.exitCode());
        assertTrue(r.out().startsWith("Usage: descent"), r.out());
    }

    @Test
    void versionNamesTheProgram() {
        CommandRun r = CommandRun.of("--version");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().startsWith("descent "), r.out());
    }

    @Test
    void unknownCommandIsAUsageError() {
        CommandRun r = CommandRun.of("trian");
        assertEquals(2, r.exitCode());
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("did you mean train"), r.err());
    }

    @Test
    void subcommandHelpShowsDefaults() {
        CommandRun r = CommandRun.of("train", "--help");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().contains("--lr") && r.out().contains("--resume") && r.out().contains("--seed"), r.out());
        assertTrue(r.out().contains("default: 42"), r.out());
    }

    @Test
    void threadsHelpSaysWhereResultsDependOnTheThreadCount() {
        CommandRun r = CommandRun.of("train", "--help");
        assertEquals(0, r.exitCode());
        String help = r.out().replaceAll("\\s+", " ");
        int at = help.indexOf("Threads for the matrix kernels");
        assertTrue(at >= 0, help);
        String threads = help.substring(at, Math.min(help.length(), at + 400));
        assertTrue(threads.contains("bitwise the same for any count") && threads.contains("OpenBLAS"), threads);
        assertFalse(threads.contains("Results do not depend on it"), threads);
    }

    @Test
    void aNamedCommandIsTheOnlyOneBuiltAndRunsAsWithAllOfThem() {
        String[] args = {"graph", "(2*w+3*b)*(2*b+1)", "--at", "w=3,b=4"};
        picocli.CommandLine lazy = Main.commandLine(args);
        assertEquals(java.util.Set.of("graph"), lazy.getSubcommands().keySet());
        java.io.StringWriter out = new java.io.StringWriter();
        lazy.setOut(new java.io.PrintWriter(out));
        assertEquals(0, lazy.execute(args));
        CommandRun all = CommandRun.of(args);
        assertEquals(all.out(), out.toString());
        assertTrue(out.toString().contains("\u2202f/\u2202w = 18.0"), out.toString());
    }

    @Test
    void helpAnOptionOrAnUnknownWordBuildsEveryCommand() {
        int every = Main.commandLine().getSubcommands().size();
        assertTrue(every >= 13, "commands: " + every);
        for (String[] args : new String[][] {{"help", "train"}, {"--help"}, {"trian"}, {}}) {
            assertEquals(every, Main.commandLine(args).getSubcommands().size(), String.join(" ", args));
        }
    }
}
