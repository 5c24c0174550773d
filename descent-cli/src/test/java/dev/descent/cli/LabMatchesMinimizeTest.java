package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.io.Json;
import dev.descent.web.WebServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The descent lab's numbers are {@code descent minimize --json}'s with the same options: every point, value and
 * gradient bit for bit, and the same stop and sentence.
 */
class LabMatchesMinimizeTest {
    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    @SuppressWarnings("unchecked")
    void theLabAnswersWhatMinimizePrints() throws Exception {
        List<List<String>> cases = List.of(
                List.of("(x^2+y-11)^2+(x+y^2-7)^2", "x=0,y=0", "0.01", "7", "gd", ""),
                List.of("x^2", "x=1.2", "0.3", "50", "gd", "f<1e-3"),
                List.of("x^2", "x=1.2", "1.1", "30", "gd", ""),
                List.of("x^4-3*x^2+x", "x=-2", "0.05", "40", "momentum", ""),
                List.of("(1-x)^2+100*(y-x^2)^2", "x=-1,y=1", "0.05", "60", "adam", "grad<1e-3"));
        HttpClient http = HttpClient.newHttpClient();
        try (WebServer server = WebServer.start(new WebServer.Settings("127.0.0.1", 0, Path.of("target", "no-runs")),
                List.of())) {
            for (List<String> c : cases) {
                String f = c.get(0);
                String until = c.get(5);
                List<String> args = new java.util.ArrayList<>(List.of("minimize", f, "--start", c.get(1), "--lr",
                        c.get(2), "--steps", c.get(3), "--optimizer", c.get(4), "--json"));
                String query = "api/lab/run?f=" + URLEncoder.encode(f, StandardCharsets.UTF_8) + "&start=" + c.get(1)
                        + "&lr=" + c.get(2) + "&steps=" + c.get(3) + "&optimizer=" + c.get(4);
                if (!until.isEmpty()) {
                    args.add("--until");
                    args.add(until);
                    query += "&until=" + URLEncoder.encode(until, StandardCharsets.UTF_8);
                }
                CommandRun run = CommandRun.of(args.toArray(String[]::new));
                assertEquals(0, run.exitCode(), run.err());
                Map<String, Object> cli = Json.parse(run.out());
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(server.url() + query))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, answer.statusCode(), answer.body());
                Map<String, Object> lab = Json.parse(answer.body());
                List<String> vars = (List<String>) cli.get("variables");
                List<Object> cliTrace = (List<Object>) cli.get("trace");
                List<Object> labPoints = (List<Object>) lab.get("points");
                assertEquals(cliTrace.size(), labPoints.size(), c.toString());
                for (int k = 0; k < cliTrace.size(); k++) {
                    Map<String, Object> expected = map(cliTrace.get(k));
                    Map<String, Object> shown = map(labPoints.get(k));
                    for (int i = 0; i < vars.size(); i++) {
                        String v = vars.get(i);
                        assertEquals(map(expected.get("point")).get(v), ((List<Object>) shown.get("at")).get(i),
                                c + " step " + k);
                        assertEquals(map(expected.get("gradient")).get(v),
                                ((List<Object>) shown.get("gradient")).get(i), c + " step " + k);
                    }
                    assertEquals(expected.get("value"), shown.get("value"), c + " step " + k);
                }
                assertEquals(cli.get("stop"), lab.get("stop"), c.toString());
                assertEquals(cli.get("reason"), lab.get("explanation"), c.toString());
            }
        }
    }
}
