package dev.descent.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Dataset;
import dev.descent.data.Generated;
import dev.descent.io.Json;
import dev.descent.loss.Losses;
import dev.descent.nn.Sequential;
import dev.descent.optim.Adam;
import dev.descent.optim.Optimizer;
import dev.descent.text.DiagnosisText;
import dev.descent.text.Messages;
import dev.descent.text.Significant;
import dev.descent.train.Callback;
import dev.descent.train.EpochResult;
import dev.descent.train.History;
import dev.descent.train.RunDiagnosis;
import dev.descent.train.TrainConfig;
import dev.descent.train.Trainer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

class LiveRunTest {
    @TempDir
    Path tmp;

    /** A run being trained, its live view, and the server showing it. */
    private static final class Live implements AutoCloseable {
        final Sequential net = Sequential.mlp(2, 8, 2);
        final Optimizer optimizer = Adam.of(net.parameterTensors(), 0.05);
        final LiveRun live;
        final WebServer server;

        Live(Path runs) {
            live = LiveRun.of("moons-live", Map.of("data", "moons", "model", "2-8-2", "optimizer", "adam"),
                    Math.log(2), net, optimizer, 2, new History());
            server = WebServer.start(new WebServer.Settings("127.0.0.1", 0, runs), List.of(live));
        }

        History train(int epochs, Callback extra) {
            Dataset train = Generated.moons(200, 0.1, 1);
            Trainer trainer = Trainer.of(net, Losses.crossEntropy(), optimizer, TrainConfig.of(epochs, 20));
            live.callbacks().forEach(trainer::addCallback);
            if (extra != null) {
                trainer.addCallback(extra);
            }
            History history = trainer.fit(train, Generated.moons(100, 0.1, 2));
            live.finish(history);
            return history;
        }

        @Override
        public void close() {
            server.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aWatchedRunStreamsItsStepsLayersAndDiagnosisAndEndsWithTheFinishedRun() throws Exception {
        try (Live run = new Live(tmp)) {
            HttpResponse<String> named = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(run.server.url() + "api/live")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(Map.of("name", "moons-live", "running", true), Json.parse(named.body()));
            // HTTP/1.1, as browsers speak it to a local server (no h2c upgrade)
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            CompletableFuture<HttpResponse<Stream<String>>> events = client.sendAsync(
                    HttpRequest.newBuilder(URI.create(run.server.url() + "api/live/events?lang=en"))
                            .header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofLines());
            HttpResponse<Stream<String>> response = events.get(30, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode());
            List<String> lines = new ArrayList<>();
            Thread reader = new Thread(() -> response.body().forEach(lines::add));
            reader.start();
            // the page watches from the start, so every step is sampled for its layers
            for (int waited = 0; !run.live.watched(); waited += 10) {
                assertTrue(waited < 30_000, "the stream never started");
                Thread.sleep(10);
            }
            History history = run.train(6, null);
            reader.join(30_000);
            assertFalse(reader.isAlive(), "the stream did not end after the finished run");
            List<String> kinds = lines.stream().filter(l -> l.startsWith("event:")).map(l -> l.substring(6).strip())
                    .toList();
            assertTrue(kinds.contains("run"), kinds.toString());
            assertEquals("end", kinds.get(kinds.size() - 1));
            String last = lines.stream().filter(l -> l.startsWith("data:")).reduce((a, b) -> b).orElseThrow();
            Map<String, Object> end = Json.parse(last.substring(5).strip());
            assertEquals("finished", end.get("status"));
            List<Object> trainLoss = (List<Object>) ((Map<String, Object>) end.get("epochs")).get("trainLoss");
            for (int i = 0; i < 6; i++) {
                assertEquals(history.epochs().get(i).trainLoss(), (Double) trainLoss.get(i));
            }
            Map<String, Object> layers = (Map<String, Object>) end.get("layers");
            assertEquals(List.of("0", "2"), layers.get("names"));
            // 60 steps watched: copies at even steps, measured at the odd ones after
            assertEquals(29, ((List<Object>) layers.get("step")).size());
            String verdict = DiagnosisText.verdict(RunDiagnosis.of(history, Math.log(2)), Messages.english());
            assertEquals(verdict, ((Map<String, Object>) end.get("diagnosis")).get("sentence"));
        }
    }

    @Test
    void thePageOfTheRunningRunUpdatesLiveAndShowsTheFinishedRunAtTheEnd() throws Exception {
        try (Live run = new Live(tmp); Browser browser = Browser.open()) {
            browser.driver.get(run.server.url() + "runs/moons-live");
            browser.waiting().until(d -> run.live.watched());
            CountDownLatch seen = new CountDownLatch(1);
            Callback pause = new Callback() {
                @Override
                public void onEpoch(EpochResult result, History history) {
                    if (result.epoch() == 3) {
                        try {
                            // training waits (at most 30 s) until the page has shown the third epoch live
                            seen.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }
            };
            CompletableFuture<History> training = CompletableFuture.supplyAsync(() -> run.train(8, pause));
            browser.waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#epochs tbody tr"), 3));
            assertEquals("training now — updates live", browser.driver.findElement(By.id("run-status")).getText());
            WebElement ratio = browser.driver.findElement(By.id("chart-update-ratio"));
            assertEquals(1, ratio.findElements(By.cssSelector(".plot canvas")).size());
            browser.screenshot("run-live-desktop");
            browser.driver.executeScript("document.getElementById('chart-gradient').scrollIntoView()");
            browser.screenshot("run-live-layers-desktop");
            seen.countDown();
            History history = training.get(60, TimeUnit.SECONDS);
            browser.waiting().until(ExpectedConditions.textToBe(By.id("run-status"), "finished"));
            List<WebElement> rows = browser.driver.findElements(By.cssSelector("#epochs tbody tr"));
            assertEquals(8, rows.size());
            EpochResult lastEpoch = history.last();
            assertEquals(Significant.of(lastEpoch.validationLoss()),
                    rows.get(7).findElements(By.tagName("td")).get(3).getText());
            browser.screenshot("run-live-finished-desktop");
            assertEquals("", browser.overflowing(), "the page scrolls sideways");
        }
    }
}
