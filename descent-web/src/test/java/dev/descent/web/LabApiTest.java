package dev.descent.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.expr.Expression;
import dev.descent.io.Json;
import dev.descent.minimize.Descender;
import dev.descent.minimize.Method;
import dev.descent.minimize.Objective;
import dev.descent.minimize.Trace;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The lab's and the graph view's API over HTTP: the numbers are the core's, and every input is bounded. */
class LabApiTest {
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

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path.substring(1))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String f(String expression) {
        return URLEncoder.encode(expression, StandardCharsets.UTF_8);
    }

    static void assertRefused(String path, String message) throws Exception {
        HttpResponse<String> r = get(path);
        assertEquals(400, r.statusCode(), () -> path + " answered " + r.body().substring(0, Math.min(300, r.body().length())));
        String error = (String) Json.parse(r.body()).get("error");
        assertTrue(error.contains(message), error);
        assertTrue(!error.contains("\n"), error);
    }

    @Test
    @SuppressWarnings("unchecked")
    void runsAnswersEveryCombinationWithTheCoresNumbers() throws Exception {
        HttpResponse<String> r = get("/api/lab/runs?f=" + f("x^2+3*y^2") + "&start=x=1,y=1;x=-2,y=0.5"
                + "&lr=0.1,0.2&optimizer=gd,adam&steps=15");
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Object> json = Json.parse(r.body());
        List<Map<String, Object>> runs = (List<Map<String, Object>>) json.get("runs");
        assertEquals(8, runs.size());
        Map<String, Object> last = runs.get(7); // second start, adam, 0.2
        assertEquals("adam", last.get("optimizer"));
        assertEquals(0.2, last.get("learningRate"));
        Trace trace = Descender.run(Objective.of(Expression.parse("x^2+3*y^2")), new double[] {-2, 0.5}, Method.ADAM,
                0.2, 15, null);
        List<Map<String, Object>> points = (List<Map<String, Object>>) last.get("points");
        for (Trace.Point p : trace.points()) {
            Map<String, Object> row = points.get(p.step());
            assertEquals(List.of(p.at()[0], p.at()[1]), row.get("at"));
            assertEquals(p.value(), row.get("value"));
        }
        Map<String, Object> region = (Map<String, Object>) json.get("region");
        List<Double> x = (List<Double>) region.get("x");
        assertTrue(x.get(0) < -2 && x.get(1) > 1, x.toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRegionOfADivergingRunHoldsItsFirstStepsNotItsFlight() throws Exception {
        // x² from 1.2 at rate 1.1 ends near ±46 after 20 steps; the picture holds its first five points, 1.2 to 2.48832
        Map<String, Object> json = Json.parse(get("/api/lab/runs?f=x%5E2&start=x=1.2&lr=1.1&steps=20").body());
        List<Map<String, Object>> runs = (List<Map<String, Object>>) json.get("runs");
        assertEquals("diverged", runs.get(0).get("stop"));
        List<Double> x = (List<Double>) ((Map<String, Object>) json.get("region")).get("x");
        assertEquals(-2.0736 - (2.48832 + 2.0736) / 4, x.get(0), 1e-12);
        assertEquals(2.48832 + (2.48832 + 2.0736) / 4, x.get(1), 1e-12);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theGridHoldsFRowByRowAndNullWhereItDoesNotExist() throws Exception {
        Map<String, Object> json = Json.parse(get("/api/lab/grid?f=" + f("x-2*y") + "&x=0,1&y=10,20&n=3").body());
        assertEquals(List.of(-20.0, -19.5, -19.0, -30.0, -29.5, -29.0, -40.0, -39.5, -39.0), json.get("values"));
        json = Json.parse(get("/api/lab/grid?f=" + f("ln(x)") + "&x=-1,1&n=3").body());
        List<Object> values = (List<Object>) json.get("values");
        assertNull(values.get(0));
        assertEquals(0.0, values.get(2));
    }

    @Test
    void everyLabInputIsBounded() throws Exception {
        assertRefused("/api/lab/runs?f=x%5E2&optimizer=gd,momentum,nesterov,adam&lr=0.1,0.2,0.3,0.4",
                "make 16 runs, more than the 12");
        assertRefused("/api/lab/runs?f=x%5E2&optimizer=gd,adam&lr=0.1,0.2,0.3&steps=5000",
                "more than the 20000 steps");
        assertRefused("/api/lab/runs?f=x%5E2&steps=10001", "steps must be between 0 and 10000");
        assertRefused("/api/lab/runs?f=" + "x%2B".repeat(300) + "x", "more than the 500 accepted");
        assertRefused("/api/lab/runs?f=x%5E2&lr=0.1,fast", "lr must be a number");
        assertRefused("/api/lab/runs?f=x%5E2&lr=-1", "lr must be a finite number > 0");
        assertRefused("/api/lab/runs?f=x%5E2&optimizer=gd,lbfgs", "unknown optimizer 'lbfgs'");
        assertRefused("/api/lab/runs?f=x%5E2&start=x=1;y=2", "'y' is not a variable");
        assertRefused("/api/lab/grid?f=x*y&x=0,1&y=0,1&n=201", "n must be between 2 and 200");
        assertRefused("/api/lab/grid?f=x&x=0,1&n=2001", "n must be between 2 and 2000");
        assertRefused("/api/lab/grid?f=x*y*z&x=0,1&y=0,1", "the lab draws functions of 1 or 2");
        assertRefused("/api/lab/grid?f=x&x=1,0", "x must be finite with LOW < HIGH");
        assertRefused("/api/lab/grid?f=x&x=NaN,1", "x must be finite");
        assertRefused("/api/lab/grid?f=x&x=0", "x must be two numbers");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theGraphHoldsTheChainRuleExampleWithItsLocalDerivatives() throws Exception {
        Map<String, Object> json = Json.parse(get("/api/graph?f=" + f("(2*w+3*b)*(2*b+1)") + "&at=w=3,b=4").body());
        assertEquals(162.0, json.get("value"));
        assertEquals(Map.of("w", 18.0, "b", 63.0), json.get("gradient"));
        assertEquals(List.of("w", "b"), json.get("variables"));
        List<Map<String, Object>> nodes = (List<Map<String, Object>>) json.get("nodes");
        assertEquals("(2*w+3*b)*(2*b+1)", nodes.get(nodes.size() - 1).get("name"));
        assertEquals(3, nodes.get(nodes.size() - 1).get("depth"));
        // the product's local derivatives are the other factor: ∂z/∂x = y = 9, ∂z/∂y = x = 18
        List<Map<String, Object>> edges = (List<Map<String, Object>>) json.get("edges");
        Map<String, Object> last = edges.get(edges.size() - 1);
        assertEquals(18.0, last.get("local"));
        assertEquals(18.0, last.get("contribution"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLocalDerivativeHoldsTheOtherInputsFixed() throws Exception {
        // x * sin(x): the product's total derivative in x is sin x + x cos x; along its own edge only sin x
        Map<String, Object> json = Json.parse(get("/api/graph?f=" + f("x*sin(x)") + "&at=x=3").body());
        List<Map<String, Object>> edges = (List<Map<String, Object>>) json.get("edges");
        double sum = 0;
        for (Map<String, Object> e : edges) {
            if (e.get("from").equals(0) && e.get("to").equals(2)) {
                assertEquals(Math.sin(3), (Double) e.get("local"), 1e-15);
            }
            if (e.get("from").equals(0)) {
                sum += (Double) e.get("contribution");
            }
        }
        assertEquals(Math.sin(3) + 3 * Math.cos(3), sum, 1e-14);
    }

    @Test
    void everyGraphInputIsBounded() throws Exception {
        assertRefused("/api/graph?f=" + "x*".repeat(240) + "x&at=x=1", "241 nodes, more than the 200 the graph view draws");
        assertRefused("/api/graph?f=" + "x%2B".repeat(300) + "x&at=x=1", "more than the 500 accepted");
        assertRefused("/api/graph?f=x*y&at=x=1", "at needs a value for y");
        assertRefused("/api/graph?f=x*&at=x=1", "f: unexpected end of input at column 3");
        assertRefused("/api/graph?f=x&at=x=big", "at: 'big' is not a number");
    }
}
