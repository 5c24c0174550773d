package dev.descent.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WebServerTest {
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

    static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path.substring(1)));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void portZeroPicksAFreePortAndTheUrlNamesIt() {
        assertTrue(server.port() > 0);
        assertEquals("http://127.0.0.1:" + server.port() + "/", server.url());
    }

    @Test
    void servesThePagesAndTheChartLibraryFromItsWebJar() throws Exception {
        assertEquals(200, get("/").statusCode());
        assertTrue(get("/lab").body().contains("/static/js/lab.js"));
        assertEquals(200, get("/static/js/descent.js").statusCode());
        assertEquals(200, get("/webjars/uplot/1.6.30/dist/uPlot.esm.js").statusCode());
    }

    @Test
    void aForeignHostHeaderIsRefusedAsDnsRebindingWouldSendIt() throws Exception {
        // java.net.http forbids setting Host; a raw socket sends what an attacker's page would
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
            s.getOutputStream().write(("GET /api/lab/run?f=x HTTP/1.1\r\nHost: attacker.example:" + server.port()
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 421"), answer);
            assertFalse(answer.contains("\"points\""), answer);
        }
    }

    @Test
    void theHostCheckKnowsItsOwnNamesOnlyOnItsOwnPort() {
        RequestGuard guard = new RequestGuard("127.0.0.1");
        guard.listeningOn(8080);
        assertTrue(guard.allowedHost("127.0.0.1:8080"));
        assertTrue(guard.allowedHost("localhost:8080"));
        assertTrue(guard.allowedHost("[::1]:8080"));
        assertFalse(guard.allowedHost("127.0.0.1:9090"));
        assertFalse(guard.allowedHost("evil.example:8080"));
        assertFalse(guard.allowedHost("127.0.0.1.evil.example:8080"));
        RequestGuard open = new RequestGuard("0.0.0.0");
        open.listeningOn(8080);
        assertTrue(open.allowedHost("192.168.1.20:8080"));
        assertFalse(open.allowedHost("rebind.example:8080"));
    }

    @Test
    void aStateChangingRequestFromAnotherOriginIsRefused() throws Exception {
        HttpRequest post = HttpRequest.newBuilder(URI.create(server.url() + "api/lab/run"))
                .header("Origin", "http://attacker.example").POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        assertEquals(403, HTTP.send(post, HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpRequest crossSite = HttpRequest.newBuilder(URI.create(server.url() + "api/lab/run"))
                .header("Sec-Fetch-Site", "cross-site").POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        assertEquals(403, HTTP.send(crossSite, HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void noPathReachesFilesOutsideTheServedResources() throws Exception {
        for (String path : List.of("/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                "/webjars/../../../../etc/passwd", "/static/..%2f..%2f..%2fetc%2fpasswd")) {
            HttpResponse<String> r = get(path);
            assertFalse(r.body().contains("root:"), path);
            assertTrue(r.statusCode() >= 400, path + " answered " + r.statusCode());
        }
    }

    @Test
    void theLabRunsTheSameDescentAsMinimize() throws Exception {
        HttpResponse<String> r = get("/api/lab/run?f=x%5E2&start=x=1.2&lr=0.3&steps=3");
        assertEquals(200, r.statusCode(), r.body());
        var json = dev.descent.io.Json.parse(r.body());
        @SuppressWarnings("unchecked")
        var points = (List<java.util.Map<String, Object>>) json.get("points");
        assertEquals(4, points.size());
        // the tutorial's x^2 from 1.2 at rate 0.3: 1.2, 0.48, 0.192, 0.0768
        assertEquals(0.192, ((List<?>) points.get(2).get("at")).get(0));
    }

    @Test
    void badInputIsOneClearMessageNamingTheParameter() throws Exception {
        HttpResponse<String> r = get("/api/lab/run?f=x%5E2&lr=fast");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("lr must be a number"), r.body());
        r = get("/api/lab/run?f=x%5E2&steps=99999999");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("steps must be between 0 and 10000"), r.body());
        r = get("/api/lab/run?f=" + "x%2B".repeat(300) + "x");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("more than the 500 accepted"), r.body());
    }
}
