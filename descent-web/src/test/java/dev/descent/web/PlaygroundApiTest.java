package dev.descent.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.io.Checkpoint;
import dev.descent.io.Json;
import dev.descent.tensor.Tensor;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The playground's session API over HTTP, and its bounds, each with the one-line message that names the input. */
class PlaygroundApiTest {
    static WebServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = WebServer.start(new WebServer.Settings("127.0.0.1", 0, Path.of("target", "no-runs")), List.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> post(String path, String json) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(server.url() + path.substring(1)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<byte[]> get(String path) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(server.url() + path.substring(1))).GET().build();
        return HTTP.send(r, HttpResponse.BodyHandlers.ofByteArray());
    }

    static Map<String, Object> ok(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        return Json.parse(r.body());
    }

    static String session(String setup) throws Exception {
        return (String) ok(post("/api/playground/session", setup)).get("id");
    }

    static double number(Map<String, Object> state, String key) {
        return ((Number) state.get(key)).doubleValue();
    }

    @Test
    void stepsTrainMoonsAndTheTestLossFalls() throws Exception {
        Map<String, Object> first = ok(post("/api/playground/session",
                "{\"data\":\"moons\",\"points\":400,\"layers\":\"8,8\",\"optimizer\":\"adam\",\"lr\":0.03,\"seed\":3}"));
        String id = (String) first.get("id");
        assertEquals(0.0, number(first, "step"));
        assertEquals(2 * 200, ((List<?>) ((Map<?, ?>) first.get("train")).get("xy")).size());
        Map<String, Object> after = null;
        for (int k = 0; k < 4; k++) {
            after = ok(post("/api/playground/" + id + "/step", "{\"count\":100}"));
        }
        assertEquals(400.0, number(after, "step"));
        assertTrue(number(after, "testLoss") < 0.5 * number(first, "testLoss"),
                first.get("testLoss") + " -> " + after.get("testLoss"));
        assertTrue(number(after, "testAccuracy") > 0.9, "accuracy " + after.get("testAccuracy"));
        Map<?, ?> boundary = (Map<?, ?>) after.get("boundary");
        assertEquals(64 * 64 * 2, java.util.Base64.getDecoder().decode((String) boundary.get("probabilities")).length);
        List<?> hidden = (List<?>) ((Map<?, ?>) after.get("neurons")).get("layers");
        assertEquals(2, hidden.size());
        assertEquals(8, ((List<?>) ((Map<?, ?>) hidden.get(0)).get("neurons")).size());
        String csv = new String(get("/api/playground/" + id + "/history.csv").body(), StandardCharsets.UTF_8);
        assertTrue(csv.startsWith("step,train_loss,test_loss,train_accuracy,test_accuracy\n0,"), csv);
        assertEquals(402, csv.split("\n").length); // header, step 0 and steps 1..400
    }

    @Test
    void theSameSetupGivesTheSameNumbers() throws Exception {
        String setup = "{\"data\":\"spirals\",\"classes\":3,\"layers\":\"5\",\"seed\":9}";
        Map<String, Object> a = ok(post("/api/playground/" + session(setup) + "/step", "{\"count\":30}"));
        Map<String, Object> b = ok(post("/api/playground/" + session(setup) + "/step", "{\"count\":30}"));
        assertEquals(a.get("testLoss"), b.get("testLoss"));
        assertEquals(3.0, number(a, "classes"));
    }

    @Test
    void everyBoundIsOneMessageNamingTheInput() throws Exception {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("{\"layers\":\"2,2,2,2,2,2,2\"}", "at most 6 hidden layers"),
                Map.entry("{\"layers\":\"17\"}", "layers: each hidden layer has 1 to 16 neurons, layer 1 has 17"),
                Map.entry("{\"points\":5001}", "points must be between 10 and 5000, was 5001"),
                Map.entry("{\"batch\":5001}", "batch must be between 1 and 5000"),
                Map.entry("{\"lr\":0}", "lr must be > 0"),
                Map.entry("{\"lr\":11}", "lr must be between 0 and 10"),
                Map.entry("{\"noise\":\"loud\"}", "noise must be a number, was 'loud'"),
                Map.entry("{\"data\":\"mnist\"}", "data must be one of moons, circles, spirals, xor, blobs"),
                Map.entry("{\"activation\":\"softmax\"}", "activation softmax is for outputs"),
                Map.entry("{\"loss\":\"nll\"}", "loss nll needs a log-softmax output"),
                Map.entry("{\"optimizer\":\"newton\",\"layers\":\"16,16\"}", "at most 300 parameters"),
                Map.entry("{\"reg\":\"l3\"}", "reg must be none, l1 or l2"),
                Map.entry("{\"classes\":7}", "classes must be between 2 and 6"));
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> r = post("/api/playground/session", c.getKey());
            assertEquals(400, r.statusCode(), c.getKey() + " -> " + r.body());
            assertTrue(r.body().contains(c.getValue()), c.getKey() + " -> " + r.body());
        }
        String id = session("{}");
        HttpResponse<String> r = post("/api/playground/" + id + "/step", "{\"count\":1001}");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("count must be a whole number between 1 and 1000, was 1001"), r.body());
        r = post("/api/playground/" + id + "/weight", "{\"layer\":0,\"from\":0,\"to\":0,\"value\":1000}");
        assertTrue(r.body().contains("value must be a number between -100 and 100"), r.body());
        r = post("/api/playground/" + id + "/weight", "{\"layer\":0,\"from\":2,\"to\":0,\"value\":1}");
        assertTrue(r.body().contains("from must be between 0 and 1, was 2"), r.body());
        assertEquals(404, post("/api/playground/nosuchsession/step", "{}").statusCode());
    }

    @Test
    void aWeightEditedIsTheWeightTheModelUses() throws Exception {
        String id = session("{\"layers\":\"3\"}");
        Map<String, Object> state = ok(post("/api/playground/" + id + "/weight",
                "{\"layer\":1,\"from\":2,\"to\":1,\"value\":-2.5}"));
        List<?> layer1 = (List<?>) ((Map<?, ?>) ((List<?>) state.get("weights")).get(1)).get("weights");
        assertEquals(-2.5, ((Number) ((List<?>) layer1.get(2)).get(1)).doubleValue());
    }

    @Test
    void anUploadedCsvTrainsAndItsErrorsNameTheLine() throws Exception {
        String id = session("{}");
        StringBuilder csv = new StringBuilder("x,y,label\n");
        for (int i = 0; i < 40; i++) {
            double x = (i % 2 == 0 ? -1 : 1) + 0.01 * i;
            csv.append(x).append(',').append(0.02 * i).append(',').append(i % 2 == 0 ? "left" : "right").append('\n');
        }
        Map<String, Object> state = ok(post("/api/playground/" + id + "/upload",
                Json.toJson(Map.of("csv", csv.toString(), "setup", Map.of("layers", "4")))));
        assertEquals("upload", ((Map<?, ?>) state.get("setup")).get("data"));
        assertEquals(40, (((List<?>) ((Map<?, ?>) state.get("train")).get("labels")).size()
                + ((List<?>) ((Map<?, ?>) state.get("test")).get("labels")).size()));
        Map<String, Object> trained = ok(post("/api/playground/" + id + "/step", "{\"count\":200}"));
        assertEquals(1.0, number(trained, "trainAccuracy"));

        HttpResponse<String> r = post("/api/playground/" + id + "/upload",
                Json.toJson(Map.of("csv", "x,y,label\n1,2,0\n3,4\n")));
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("upload line 3: expected 3 values x,y,label, found 2"), r.body());
        r = post("/api/playground/" + id + "/upload", Json.toJson(Map.of("csv", "1,2,0\n1,two,1\n")));
        assertTrue(r.body().contains("upload line 2: x and y must be numbers"), r.body());
        r = post("/api/playground/" + id + "/upload", Json.toJson(Map.of("csv", "0,0,1\n".repeat(5001))));
        assertTrue(r.body().contains("upload line 5001: more than 5000 points"), r.body());
        r = post("/api/playground/" + id + "/upload", Json.toJson(Map.of("csv", "0".repeat(600_000))));
        assertTrue(r.body().contains("upload is 600000 characters, more than the 524288 accepted"), r.body());
        // a failed upload leaves the page's points as they were
        assertEquals("upload", ((Map<?, ?>) ok(post("/api/playground/" + id + "/pause", "{}")).get("setup")).get("data"));
    }

    @Test
    void theDownloadIsACheckpointTheCoreReadsBack(@TempDir Path dir) throws Exception {
        String id = session("{\"layers\":\"4,3\",\"seed\":5}");
        ok(post("/api/playground/" + id + "/step", "{\"count\":20}"));
        HttpResponse<byte[]> r = get("/api/playground/" + id + "/model.safetensors");
        assertEquals(200, r.statusCode());
        Path file = dir.resolve("playground.safetensors");
        Files.write(file, r.body());
        Checkpoint checkpoint = Checkpoint.load(file);
        assertEquals("linear:2:4,tanh,linear:4:3,tanh,linear:3:2", checkpoint.architecture());
        Map<String, Object> state = ok(post("/api/playground/" + id + "/pause", "{}"));
        List<?> first = (List<?>) ((Map<?, ?>) ((List<?>) state.get("weights")).get(0)).get("weights");
        // PyTorch's layout: [out_features, in_features]
        Tensor w = checkpoint.model().stateDict().get("0.weight");
        assertArrayEquals(new int[] {4, 2}, w.shape());
        assertEquals(((Number) ((List<?>) first.get(1)).get(3)).floatValue(), (float) w.get(3, 1));
    }

    @Test
    void playStreamsStateAndStopsWhenTheStreamCloses() throws Exception {
        String id = session("{\"layers\":\"4\"}");
        HttpRequest events = HttpRequest.newBuilder(URI.create(server.url() + "api/playground/" + id + "/events"))
                .header("Accept", "text/event-stream").GET().build();
        HttpResponse<InputStream> stream = HTTP.send(events, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
        assertEquals("event: ready", readUntilEvent(lines));
        assertEquals(200, post("/api/playground/" + id + "/play", "{}").statusCode());
        List<Double> steps = new ArrayList<>();
        while (steps.size() < 3) {
            if (readUntilEvent(lines).equals("event: state")) {
                String data = lines.readLine();
                steps.add(number(Json.parse(data.substring("data: ".length())), "step"));
            }
        }
        assertTrue(steps.get(2) > steps.get(0), steps.toString());
        stream.body().close();
        // the job notices on its next write and stops; the page's state then says so
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        boolean running = true;
        while (running && System.nanoTime() < deadline) {
            running = (Boolean) ok(get2("/api/playground/" + id + "/state")).get("running");
            Thread.onSpinWait();
        }
        assertFalse(running);
    }

    static HttpResponse<String> get2(String path) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(server.url() + path.substring(1))).GET().build();
        return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    }

    private static String readUntilEvent(BufferedReader lines) throws Exception {
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.startsWith("event: ")) {
                return line;
            }
        }
        throw new AssertionError("the event stream ended");
    }

    @Test
    void playNeedsTheEventStreamAndStateChangesFromAnotherSiteAreRefused() throws Exception {
        String id = session("{}");
        HttpResponse<String> r = post("/api/playground/" + id + "/play", "{}");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("no open event stream"), r.body());
        HttpRequest foreign = HttpRequest.newBuilder(URI.create(server.url() + "api/playground/" + id + "/step"))
                .header("Origin", "http://attacker.example").POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        assertEquals(403, HTTP.send(foreign, HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(0.0, number(ok(get2("/api/playground/" + id + "/state")), "step"));
    }

    /** A stream that stays open and counts what it is sent. */
    static final class CountingStream implements PlaygroundApi.Stream {
        final List<String> events = new ArrayList<>();

        @Override
        public boolean open() {
            return true;
        }

        @Override
        public void send(String event, String data) {
            events.add(event);
        }
    }

    @Test
    void aJobStopsAtTheStepBound() {
        PlaygroundApi api = new PlaygroundApi(new PlaygroundApi.Limits(4, 50, Duration.ofMillis(1),
                Duration.ofMinutes(1)));
        PlaygroundApi.Page page = api.create(PlaygroundSetup.parse(Map.of("layers", "2")));
        CountingStream stream = new CountingStream();
        page.stream = stream;
        page.running = true;
        api.run(page);
        assertEquals(50, page.session.step());
        assertFalse(page.running);
        assertEquals("state", stream.events.get(stream.events.size() - 1));
    }

    @Test
    void aJobNobodyTouchesStopsAfterTheIdleTimeout() {
        PlaygroundApi api = new PlaygroundApi(new PlaygroundApi.Limits(4, 1_000_000_000L, Duration.ofMillis(1),
                Duration.ofMinutes(1)));
        PlaygroundApi.Page page = api.create(PlaygroundSetup.parse(Map.of("layers", "2")));
        page.stream = new CountingStream();
        page.touched = System.currentTimeMillis() - Duration.ofMinutes(2).toMillis(); // the page went quiet
        page.running = true;
        api.run(page);
        assertFalse(page.running);
        assertTrue(page.session.step() > 0 && page.session.step() < 1_000_000_000L);
    }

    @Test
    void sessionsAreBoundedAndForgottenWhenIdle() {
        PlaygroundApi api = new PlaygroundApi(new PlaygroundApi.Limits(3, 100, Duration.ofMillis(1),
                Duration.ofMinutes(10)));
        List<PlaygroundApi.Page> pages = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pages.add(api.create(PlaygroundSetup.parse(Map.of("layers", "2", "points", 20))));
            pages.get(i).touched = 1000L * i; // the first made is the least recently touched
        }
        assertEquals(3, api.sessionCount());
        assertNull(api.page(pages.get(0).session.id));
        assertNotNull(api.page(pages.get(4).session.id));
        PlaygroundApi.Page watched = pages.get(4);
        watched.stream = new CountingStream();
        api.reap(Duration.ofMinutes(11).toMillis() + 5000);
        assertEquals(1, api.sessionCount()); // only the page whose stream is still open
        assertNotNull(api.page(watched.session.id));
    }
}
