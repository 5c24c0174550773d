package dev.descent.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.io.Checkpoint;
import dev.descent.io.Json;
import dev.descent.text.DiagnosisText;
import dev.descent.text.Messages;
import dev.descent.train.EpochResult;
import dev.descent.train.RunDiagnosis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunsApiTest {
    @TempDir
    static Path tmp;
    static Path runs;
    static Checkpoint moons;
    static WebServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        runs = tmp.resolve("runs");
        moons = TrainedRuns.moons(runs.resolve("moons-1"), 5);
        // a run outside the runs directory, and links to it from inside: never shown
        Path outside = tmp.resolve("secret");
        TrainedRuns.moons(outside, 1);
        Files.createSymbolicLink(runs.resolve("linked"), outside);
        Files.createDirectories(runs.resolve("half"));
        Files.createSymbolicLink(runs.resolve("half").resolve(Checkpoint.FILE_NAME),
                outside.resolve(Checkpoint.FILE_NAME));
        Files.writeString(tmp.resolve("passwd"), "root:x:0:0");
        server = WebServer.start(new WebServer.Settings("127.0.0.1", 0, runs), List.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path.substring(1))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        return Json.parse(r.body());
    }

    @Test
    @SuppressWarnings("unchecked")
    void listsTheRunsWithTheirLastNumbersAndNoLinkedOnes() throws Exception {
        List<Map<String, Object>> list = (List<Map<String, Object>>) json(get("/api/runs")).get("runs");
        assertEquals(List.of("moons-1"), list.stream().map(r -> r.get("name")).toList());
        Map<String, Object> run = list.get(0);
        assertEquals("2-8-2", run.get("model"));
        assertEquals(5, ((Number) run.get("epochsDone")).intValue());
        assertEquals(moons.history().last().validationLoss(), (Double) run.get("testLoss"));
        assertEquals(200, get("/runs").statusCode());
        assertEquals(200, get("/runs/moons-1").statusCode());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRunsViewHoldsItsHistoryAndDiagnosisInThePagesLanguage() throws Exception {
        Map<String, Object> view = json(get("/api/runs/moons-1?lang=zh"));
        assertEquals("moons-1", view.get("name"));
        assertEquals("finished", view.get("status"));
        assertEquals(true, view.get("classification"));
        Map<String, Object> epochs = (Map<String, Object>) view.get("epochs");
        List<EpochResult> expected = moons.history().epochs();
        List<Object> trainLoss = (List<Object>) epochs.get("trainLoss");
        List<Object> testAccuracy = (List<Object>) epochs.get("validationAccuracy");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).trainLoss(), (Double) trainLoss.get(i));
            assertEquals(expected.get(i).validationAccuracy(), (Double) testAccuracy.get(i));
        }
        Map<String, Object> steps = (Map<String, Object>) view.get("steps");
        assertEquals(moons.history().stepCount(), ((Number) steps.get("count")).intValue());
        assertEquals(moons.history().stepLosses()[3], (Double) ((List<Object>) steps.get("loss")).get(3));
        Map<String, Object> diagnosis = (Map<String, Object>) view.get("diagnosis");
        String sentence = DiagnosisText.verdict(RunDiagnosis.of(moons.history(), Math.log(2)), Messages.chinese());
        assertEquals(sentence, diagnosis.get("sentence"));
        List<Map<String, Object>> settings = (List<Map<String, Object>>) view.get("settings");
        assertTrue(settings.contains(Map.of("option", "--optimizer", "value", "adam")), settings.toString());
        assertFalse(settings.stream().anyMatch(s -> s.get("option").equals("--clip-norm")), "unset --clip-norm shown");
    }

    @Test
    void theInputStatisticsOfNormalizeShowAsTheOptionWithItsMeanAndStd() {
        Map<String, String> info = new java.util.LinkedHashMap<>();
        info.put("lr", "0.001");
        info.put(Checkpoint.NORMALIZATION, Checkpoint.normalizationInfo(new dev.descent.data.FeatureStats(
                new float[] {0.13066062f}, new float[] {0.30810776f})));
        assertEquals(List.of(Map.of("option", "--lr", "value", "0.001"),
                Map.of("option", "--normalize", "value", "mean 0.1307, std 0.3081")), RunView.settings(info));
    }

    @Test
    void noRunNameReachesAFileOutsideTheRunsDirectory() throws Exception {
        for (String name : List.of("linked", "half", "..", "%2e%2e", "..%2fsecret", "%2e%2e%2fsecret", "moons-1%2f..",
                "..%2f..%2fpasswd", "%00", ".hidden", "a%5cb")) {
            HttpResponse<String> r = get("/api/runs/" + name);
            assertTrue(r.statusCode() == 400 || r.statusCode() == 404, name + " answered " + r.statusCode());
            assertFalse(r.body().contains("\"epochs\""), name + " showed a run: " + r.body());
            assertFalse(r.body().contains("root:"), name);
        }
        HttpResponse<String> link = get("/api/runs/linked");
        assertEquals(400, link.statusCode());
        assertTrue(link.body().contains("run linked is a symbolic link"), link.body());
        HttpResponse<String> bad = get("/api/runs/a..b");
        assertTrue(bad.body().contains("run name must be letters, digits"), bad.body());
    }

    @Test
    void aMissingRunIsNotFoundAndABadLanguageIsNamed() throws Exception {
        HttpResponse<String> r = get("/api/runs/nothing-here");
        assertEquals(404, r.statusCode());
        assertTrue(r.body().contains("no run nothing-here in"), r.body());
        r = get("/api/runs/moons-1?lang=fr");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("lang must be en or zh"), r.body());
    }

    @Test
    void aNameCheckRefusesSeparatorsAndDots() {
        RunsDirectory d = new RunsDirectory(runs);
        for (String name : List.of("../x", "a/b", "..", ".", "", "a\\b", "a..b", "x".repeat(200))) {
            try {
                d.resolve(name);
                throw new AssertionError(name + " accepted");
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage().startsWith("run name must be"), expected.getMessage());
            }
        }
    }
}
