package dev.descent.cli.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.cli.lesson.Lesson;
import dev.descent.cli.lesson.Lessons;
import dev.descent.cli.lesson.Page;
import dev.descent.cli.lesson.ParabolaLesson;
import dev.descent.cli.lesson.Query;
import dev.descent.io.Json;
import dev.descent.text.Messages;
import dev.descent.web.WebServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The lessons' JSON API: the command's numbers, every lesson in both languages, and bounds on every input. */
class LessonsFeatureTest {
    static WebServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = WebServer.start(new WebServer.Settings("127.0.0.1", 0, Path.of("target", "no-runs")),
                List.of(new LessonsFeature()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyLessonHasAPageInBothLanguagesWithTheSameStepsAndWordsForEach() {
        for (Lesson lesson : Lessons.all()) {
            Page en = lesson.page(Query.none(), Messages.english());
            Page zh = lesson.page(Query.none(), Messages.chinese());
            assertEquals(en.steps().size(), zh.steps().size(), lesson.name());
            assertFalse(en.steps().isEmpty(), lesson.name());
            for (int i = 0; i < en.steps().size(); i++) {
                Page.Step e = en.steps().get(i);
                Page.Step z = zh.steps().get(i);
                assertEquals(e.id(), z.id());
                assertFalse(e.title().isBlank() || e.explanation().isBlank(), lesson.name() + " " + e.id());
                assertFalse(e.title().startsWith("web.lessons") || z.title().startsWith("web.lessons")
                        || z.explanation().startsWith("web.lessons"), "a missing word: " + z.title());
                assertEquals(e.rows().size(), z.rows().size(), lesson.name() + " " + e.id() + ": same table");
            }
        }
    }

    @Test
    void theParabolaPageHoldsTheLinesTheCommandPrints() throws Exception {
        HttpResponse<String> answer = get("api/lessons/parabola?lang=en");
        assertEquals(200, answer.statusCode());
        Map<String, Object> tree = Json.parse(answer.body());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> steps = (List<Map<String, Object>>) tree.get("steps");
        @SuppressWarnings("unchecked")
        List<String> lines = (List<String>) steps.get(1).get("lines");
        assertEquals(ParabolaLesson.compute().lines(), lines.subList(0, 4));
        assertNotNull(steps.get(1).get("slip"));
        assertTrue(((String) tree.get("open")).startsWith("/lab?f=x%5E2&start=x=1.2&lr=0.3&steps=4&optimizer=gd"));
    }

    @Test
    void everyInputIsBoundedAndAnErrorNamesIt() throws Exception {
        Map<String, String> bad = Map.of(
                "api/lessons/quadratic?lr=100", "lr must be between",
                "api/lessons/parabola?start=abc", "start must be a number",
                "api/lessons/neuron?w1=1e9", "w1 must be between",
                "api/lessons/losses?loss=nll", "loss must be one of",
                "api/lessons/learning-rates?rates=0.1,0.2,0.3,0.4,0.5", "rates takes at most 4",
                "api/lessons/local-minima?starts=1,2,3", "starts must be points",
                "api/lessons/optimizers?methods=gd,warp", "methods: unknown optimizer 'warp'",
                "api/lessons/nosuch", "unknown lesson 'nosuch'",
                "api/weights?pixels=00", "pixels must be 784 hexadecimal digits",
                "api/weights?steps=100000", "steps must be between 1 and 1000");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            HttpResponse<String> answer = get(e.getKey());
            assertEquals(400, answer.statusCode(), e.getKey());
            assertTrue(answer.body().contains(e.getValue()), e.getKey() + " -> " + answer.body());
        }
        StringBuilder many = new StringBuilder("api/lessons/local-minima?starts=");
        for (int i = 0; i < 41; i++) {
            many.append(i == 0 ? "" : ";").append("1,1");
        }
        assertTrue(get(many.toString()).body().contains("starts takes at most 40 points"));
    }

    @Test
    void thePagesAreServed() throws Exception {
        for (String path : List.of("lessons", "lessons/mnist", "weights")) {
            HttpResponse<String> page = get(path);
            assertEquals(200, page.statusCode(), path);
            assertTrue(page.body().startsWith("<!doctype html>"), path);
        }
    }
}
