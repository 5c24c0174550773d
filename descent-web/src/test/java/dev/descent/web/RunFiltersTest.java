package dev.descent.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Generated;
import dev.descent.io.Checkpoint;
import dev.descent.io.Json;
import dev.descent.loss.Losses;
import dev.descent.nn.Activation;
import dev.descent.nn.Conv2d;
import dev.descent.nn.Init;
import dev.descent.nn.ModelSpec;
import dev.descent.nn.Sequential;
import dev.descent.optim.Adam;
import dev.descent.optim.Optimizer;
import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.text.Messages;
import dev.descent.train.History;
import dev.descent.train.TrainConfig;
import dev.descent.train.Trainer;
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
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The dashboard's first-layer filters: the first convolution's weights, saved and live, as small images. */
class RunFiltersTest {
    @TempDir
    static Path tmp;
    static Checkpoint digits;
    static WebServer server;

    @BeforeAll
    static void start() throws Exception {
        digits = TrainedRuns.digits(tmp.resolve("runs").resolve("cnn-2"), 2);
        TrainedRuns.moons(tmp.resolve("runs").resolve("moons-2"), 2);
        server = WebServer.start(new WebServer.Settings("127.0.0.1", 0, tmp.resolve("runs")), List.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Map<String, Object> view(String name) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.url() + "api/runs/" + name)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return Json.parse(r.body());
    }

    private static double[] weights(Sequential model) {
        return ((Conv2d) model.layers().get(1)).weight().toDoubleArray();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theApiGivesTheFirstConvolutionsWeightsInPyTorchsLayoutAndNothingForAPerceptron() throws Exception {
        Map<String, Object> filters = (Map<String, Object>) view("cnn-2").get("filters");
        assertEquals(List.of(4, 1, 3, 3), filters.get("shape"));
        double[] expected = weights(digits.model());
        List<Object> values = (List<Object>) filters.get("values");
        double largest = 0;
        for (int i = 0; i < expected.length; i++) {
            assertEquals((float) expected[i], ((Number) values.get(i)).floatValue(), "weight " + i);
            largest = Math.max(largest, Math.abs(expected[i]));
        }
        assertEquals(largest, ((Number) filters.get("scale")).doubleValue());
        Map<String, Object> moons = view("moons-2");
        assertTrue(moons.containsKey("filters") && moons.get("filters") == null, moons.keySet().toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLiveRunsFiltersAreTheWeightsOfItsLastEpoch() {
        Sequential model = ModelSpec.parse("1x28x28-conv2-pool-10").build(Activation.relu(), Activation.identity(),
                Init.HE_NORMAL, DType.F32, Rng.of(5));
        Optimizer optimizer = Adam.of(model.parameterTensors(), 0.01);
        LiveRun live = LiveRun.of("cnn-live", Map.of("model", "1x28x28-conv2-pool-10"), Math.log(10), model,
                optimizer, 2, new History());
        double[] start = weights(model);
        assertEquals(floats(start), values(live));
        Trainer trainer = Trainer.of(model, Losses.crossEntropy(), optimizer, TrainConfig.of(1, 20));
        live.callbacks().forEach(trainer::addCallback);
        trainer.fit(Generated.digits(60, 1), Generated.digits(20, 2));
        double[] trained = weights(model);
        assertFalse(java.util.Arrays.equals(start, trained), "training moved the filters");
        assertEquals(floats(trained), values(live));
        assertNull(LiveRun.of("moons", Map.of(), Math.log(2), Sequential.mlp(2, 2), optimizer, 2, new History())
                .view(Messages.english()).get("filters"));
    }

    @SuppressWarnings("unchecked")
    private static List<Float> values(LiveRun live) {
        Map<String, Object> filters = (Map<String, Object>) live.view(Messages.english()).get("filters");
        List<Float> out = new java.util.ArrayList<>();
        for (float v : (float[]) filters.get("values")) {
            out.add(v);
        }
        return out;
    }

    private static List<Float> floats(double[] values) {
        List<Float> out = new java.util.ArrayList<>();
        for (double v : values) {
            out.add((float) v);
        }
        return out;
    }

    @Test
    void theRunPageDrawsOneImagePerOutputChannelInADivergingMapAndNoneForAPerceptron() throws Exception {
        try (Browser browser = Browser.open()) {
            browser.size(1280, 900);
            browser.driver.get(server.url() + "runs/cnn-2");
            browser.waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#filters canvas"), 4));
            WebElement panel = browser.driver.findElement(By.id("filters"));
            assertTrue(panel.isDisplayed());
            assertTrue(panel.getText().contains("4 output channels of 3×3 weights each"), panel.getText());
            double[] w = weights(digits.model());
            double scale = 0;
            for (double v : w) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int o = 0; o < 4; o++) {
                List<?> rgba = (List<?>) browser.driver.executeScript("const c = document.querySelectorAll("
                        + "'#filters canvas')[arguments[0]]; return Array.from(c.getContext('2d')"
                        + ".getImageData(0, 0, 3, 3).data);", o);
                for (int i = 0; i < 9; i++) {
                    int[] expected = diverging(w[o * 9 + i] / scale);
                    for (int k = 0; k < 3; k++) {
                        int actual = ((Number) rgba.get(4 * i + k)).intValue();
                        assertTrue(Math.abs(expected[k] - actual) <= 1, "channel " + o + " weight " + i + ": "
                                + actual + " for " + expected[k]);
                    }
                }
            }
            browser.driver.executeScript("document.getElementById('filters').scrollIntoView()");
            browser.screenshot("run-filters");
            assertEquals("", browser.overflowing(), "the page scrolls sideways");
            browser.driver.get(server.url() + "runs/moons-2");
            browser.waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#epochs tbody tr"), 2));
            assertFalse(browser.driver.findElement(By.id("filters")).isDisplayed());
        }
    }

    /** White at 0, red #b2182b at +1, blue #2166ac at -1, as the page mixes them. */
    private static int[] diverging(double x) {
        double a = Math.min(1, Math.abs(x));
        int[] end = x < 0 ? new int[] {33, 102, 172} : new int[] {178, 24, 43};
        int[] out = new int[3];
        for (int k = 0; k < 3; k++) {
            out[k] = (int) Math.round(255 + (end[k] - 255) * a);
        }
        return out;
    }
}
