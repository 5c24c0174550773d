package dev.descent.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.io.Checkpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/** The playground as a person uses it: opened from a URL, played, paused, stepped, reset, edited, uploaded to. */
class PlaygroundPageTest {
    static final String MOONS = "?data=moons&points=400&layers=8,8&activation=tanh&optimizer=adam&lr=0.03&batch=10"
            + "&seed=3";
    static WebServer server;
    static Browser browser;

    @BeforeAll
    static void start() {
        server = WebServer.start(new WebServer.Settings("127.0.0.1", 0, Path.of("target", "no-runs")), List.of());
        browser = Browser.open();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        server.close();
    }

    void open(String query) {
        browser.size(1280, 900);
        browser.driver.get(server.url() + query);
        browser.waiting().until(d -> d.findElement(By.id("play")).isEnabled());
    }

    WebElement el(String id) {
        return browser.driver.findElement(By.id(id));
    }

    double value(String id) {
        return Double.parseDouble(el(id).getAttribute("data-value"));
    }

    long step() {
        return Long.parseLong(el("stepCount").getAttribute("data-step"));
    }

    void pause() {
        el("play").click();
        browser.waiting().until(d -> "false".equals(d.findElement(By.id("play")).getAttribute("data-running")));
    }

    @Test
    void playOnMoonsLowersTheTestLossAndRaisesTheAccuracy() throws Exception {
        open(MOONS);
        double before = value("testLoss");
        double accuracyBefore = value("testAccuracy");
        el("play").click();
        try {
            browser.waiting().until(d -> value("testLoss") < 0.3 * before && value("testAccuracy") > 0.95);
        } catch (RuntimeException e) {
            browser.screenshot("debug-play");
            throw new AssertionError(before + " " + value("testLoss") + " " + value("testAccuracy") + " " + step()
                    + " " + el("error").getText(), e);
        }
        pause();
        assertTrue(step() > 0);
        assertTrue(value("testAccuracy") > accuracyBefore);
        assertTrue(browser.driver.findElements(By.cssSelector("#chart .u-over")).size() == 1, "a loss chart");
        browser.screenshot("playground-desktop");
        browser.size(390, 844);
        try {
            browser.waiting().until(d -> d.findElement(By.id("diagram")).getSize().getWidth()
                    <= ((Number) browser.driver.executeScript("return document.documentElement.clientWidth")).intValue());
        } catch (RuntimeException e) {
            browser.screenshot("debug-phone");
            throw new AssertionError(el("diagram").getSize() + " "
                    + browser.driver.executeScript("return [window.innerWidth, document.documentElement.clientWidth]"));
        }
        browser.screenshot("playground-phone");
        browser.driver.executeScript("document.getElementById('diagram').scrollIntoView()");
        browser.screenshot("playground-phone-network");
        browser.driver.executeScript("document.getElementById('boundary').scrollIntoView()");
        browser.screenshot("playground-phone-output");
    }

    @Test
    void threeSpiralsTrainWithThreeOutputsAndTheWordsAreChinese() throws Exception {
        open("?lang=zh&data=spirals&classes=3&noise=0.1&points=600&layers=16,16&activation=relu&optimizer=adam"
                + "&lr=0.01&batch=20&seed=2");
        assertEquals("开始", el("play").getText());
        assertEquals(3, browser.driver.findElements(By.cssSelector("#diagram canvas.neuron[data-column='3']")).size());
        el("play").click();
        browser.waiting().until(d -> value("testAccuracy") > 0.8);
        pause();
        browser.screenshot("playground-spirals-zh");
    }

    @Test
    void pauseStepAndResetMoveTheStepCountAsPressed() {
        open(MOONS);
        el("play").click();
        browser.waiting().until(d -> step() > 20);
        pause();
        long paused = step();
        el("step").click();
        browser.waiting().until(d -> step() == paused + 1);
        el("step").click();
        browser.waiting().until(d -> step() == paused + 2);
        el("reset").click();
        browser.waiting().until(d -> step() == 0);
        assertEquals("step 0", el("stepCount").getText());
    }

    @Test
    void aChangedControlIsInTheUrlAndReloadingReproducesIt() {
        open(MOONS);
        new Select(el("activation")).selectByValue("relu");
        browser.waiting().until(ExpectedConditions.urlContains("activation=relu"));
        new Select(el("data")).selectByValue("spirals");
        browser.waiting().until(ExpectedConditions.urlContains("data=spirals"));
        el("addLayer").click();
        browser.waiting().until(ExpectedConditions.urlContains("layers=8,8,8"));
        String url = browser.driver.getCurrentUrl();
        assertTrue(url.contains("lr=0.03") && url.contains("seed=3"), url);
        el("step").click();
        browser.waiting().until(d -> step() == 1);
        double loss = value("testLoss");
        browser.driver.navigate().refresh();
        browser.waiting().until(d -> d.findElement(By.id("play")).isEnabled() && step() == 0);
        assertEquals("relu", new Select(el("activation")).getFirstSelectedOption().getAttribute("value"));
        assertEquals("spirals", new Select(el("data")).getFirstSelectedOption().getAttribute("value"));
        assertEquals("8,8,8", el("layers").getAttribute("value"));
        assertEquals(4, browser.driver.findElements(By.cssSelector("#diagram .column-label")).size() - 1);
        el("step").click();
        browser.waiting().until(d -> step() == 1);
        assertEquals(loss, value("testLoss")); // the same setup, seeded: the same numbers
    }

    @Test
    void aClickedConnectionShowsItsWeightAndAnEditChangesIt() {
        open(MOONS);
        WebElement line = browser.driver.findElement(
                By.cssSelector("#diagram line.link[data-layer='1'][data-from='2'][data-to='5']"));
        // the lines cross: a click at the line's centre may land on another, so the click is sent to this one
        browser.driver.executeScript("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", line);
        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("weightValue")));
        assertTrue(el("weightLabel").getText().contains("layer 1.3") && el("weightLabel").getText().contains("layer 2.6"),
                el("weightLabel").getText());
        assertEquals(Double.parseDouble(line.getAttribute("data-weight")),
                Double.parseDouble(el("weightValue").getAttribute("value")), 1e-5);
        el("weightValue").clear();
        el("weightValue").sendKeys("-3.5");
        el("weightSet").click();
        browser.waiting().until(d -> "-3.5".equals(browser.driver.findElement(
                By.cssSelector("#diagram line.link[data-layer='1'][data-from='2'][data-to='5']"))
                .getAttribute("data-weight")));

        // a neuron clicked lists the weights into it, each one editable
        browser.driver.findElement(By.cssSelector("#diagram canvas.neuron[data-column='2'][data-index='0']")).click();
        browser.waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#neuronTable input"), 8));
        assertTrue(el("neuronLabel").getText().contains("layer 2.1"), el("neuronLabel").getText());
        WebElement input = browser.driver.findElement(By.cssSelector("#neuronTable input[data-from='3']"));
        input.clear();
        input.sendKeys("2.25", org.openqa.selenium.Keys.ENTER);
        browser.waiting().until(d -> "2.25".equals(browser.driver.findElement(
                By.cssSelector("#diagram line.link[data-layer='1'][data-from='3'][data-to='0']"))
                .getAttribute("data-weight")));
    }

    @Test
    void anUploadedCsvTrainsAndTheDownloadIsACheckpoint(@TempDir Path dir) throws Exception {
        open(MOONS);
        StringBuilder csv = new StringBuilder("x,y,label\n");
        for (int i = 0; i < 60; i++) {
            csv.append(i % 2 == 0 ? -1 - 0.01 * i : 1 + 0.01 * i).append(',').append(0.03 * i - 1).append(',')
                    .append(i % 2).append('\n');
        }
        Path file = dir.resolve("points.csv");
        Files.writeString(file, csv);
        el("upload").sendKeys(file.toAbsolutePath().toString());
        browser.waiting().until(d -> "upload".equals(new Select(el("data")).getFirstSelectedOption()
                .getAttribute("value")));
        assertTrue(!browser.driver.getCurrentUrl().contains("data=upload"), "uploaded points cannot be in a URL");
        el("play").click();
        browser.waiting().until(d -> value("trainAccuracy") == 1.0 && step() > 50);
        pause();
        String href = el("downloadModel").getAttribute("href");
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(href)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        Path model = dir.resolve("playground.safetensors");
        Files.write(model, r.body());
        Checkpoint checkpoint = Checkpoint.load(model);
        assertEquals("linear:2:8,tanh,linear:8:8,tanh,linear:8:2", checkpoint.architecture());

        Files.writeString(file, "x,y,label\n1,2,0\n1,2\n");
        el("upload").sendKeys(file.toAbsolutePath().toString());
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("error"),
                "upload line 3: expected 3 values x,y,label, found 2"));
    }
}
