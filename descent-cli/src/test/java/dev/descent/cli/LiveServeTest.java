package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.io.Checkpoint;
import dev.descent.nn.Parameter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LiveServeTest {
    @TempDir
    Path tmp;

    private static final String[] SETTINGS = {"train", "--data", "moons", "--model", "2-16-16-2", "--activation",
        "tanh", "--loss", "cross-entropy", "--optimizer", "adam", "--lr", "0.02", "--epochs", "25", "--batch", "8",
        "--threads", "1"};

    private static String[] with(String... more) {
        List<String> all = new ArrayList<>(List.of(SETTINGS));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** A writer the test can read while the command runs in another thread. */
    private static final class SharedWriter extends StringWriter {
        @Override
        public synchronized void write(String s, int off, int len) {
            super.write(s, off, len);
        }

        @Override
        public synchronized String toString() {
            return super.toString();
        }
    }

    @Test
    void trainServeStreamsTheRunToAPageAndLeavesTheSameResults() throws Exception {
        Path plain = tmp.resolve("plain");
        Path served = tmp.resolve("served");
        CommandRun without = CommandRun.of(with("--out", plain.toString()));
        assertEquals(0, without.exitCode(), without.err());

        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        SharedWriter err = new SharedWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> training = CompletableFuture.supplyAsync(
                () -> cl.execute(with("--out", served.toString(), "--serve")));
        Pattern url = Pattern.compile("live view of this run: (http://127\\.0\\.0\\.1:\\d+/)runs/served");
        Matcher m = url.matcher("");
        long give = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!m.reset(err.toString()).find() && System.nanoTime() < give && !training.isDone()) {
            Thread.sleep(5);
        }
        assertTrue(m.find(0), "no URL printed: " + err);
        HttpResponse<java.util.stream.Stream<String>> events = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create(m.group(1) + "api/live/events?lang=en"))
                        .header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        List<String> kinds = events.body().filter(l -> l.startsWith("event:")).map(l -> l.substring(6).strip())
                .toList();
        assertEquals(0, training.get(120, TimeUnit.SECONDS), err.toString());
        assertEquals("end", kinds.get(kinds.size() - 1), kinds.toString());

        // the same numbers: every step's loss, rate and gradient norm, and the weights, bit for bit
        assertEquals(Files.readString(plain.resolve("steps.csv")), Files.readString(served.resolve("steps.csv")));
        List<Parameter> a = Checkpoint.load(plain).model().parameters();
        List<Parameter> b = Checkpoint.load(served).model().parameters();
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).value().toDoubleArray(), b.get(i).value().toDoubleArray(), 0.0, a.get(i).name());
        }
        // stdout is what it is without --serve (the URL went to stderr)
        assertEquals(withoutTimes(without.out()).replace(plain.toString(), "DIR"),
                withoutTimes(out.toString()).replace(served.toString(), "DIR"));
    }

    /** The output with the times (the epoch table's last column, the training time) taken out. */
    private static String withoutTimes(String text) {
        return text.replaceAll(" *\\d+\\.\\d ?s\\b", " T");
    }

    @Test
    void serveOptionsNeedServeAndAreDocumented() {
        CommandRun r = CommandRun.of(with("--out", tmp.resolve("x").toString(), "--serve-port", "0"));
        assertEquals(2, r.exitCode());
        assertTrue(r.err().startsWith("descent: --serve-port needs --serve"), r.err());
        r = CommandRun.of(with("--out", tmp.resolve("x").toString(), "--keep-serving"));
        assertEquals(2, r.exitCode());
        assertTrue(r.err().startsWith("descent: --keep-serving needs --serve"), r.err());
        CommandRun help = CommandRun.of("train", "--help");
        assertTrue(help.out().contains("--serve") && help.out().contains("--serve-port")
                && help.out().contains("--keep-serving"), help.out());
    }
}
