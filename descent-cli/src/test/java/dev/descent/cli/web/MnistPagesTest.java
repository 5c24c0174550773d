package dev.descent.cli.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.cli.lesson.MnistLesson;
import dev.descent.cli.lesson.WhichWeightsMatter;
import dev.descent.data.Generated;
import dev.descent.text.Significant;
import dev.descent.web.WebServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The mnist lesson and the "which weights matter" view in a real browser, with a tiny run (20 steps): the 13,002
 * parameters, training streamed to the page, the first layer as 16 images, and the nudges for a digit equal to the
 * backward pass of the same trained network.
 */
class MnistPagesTest {
    static final int STEPS = 20;
    static WebServer server;
    static PageBrowser browser;

    @BeforeAll
    static void start() {
        server = WebServer.start(new WebServer.Settings("127.0.0.1", 0, Path.of("target", "no-runs")),
                List.of(new LessonsFeature()));
        browser = PageBrowser.open(server.url());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        server.close();
    }

    /** A generated test digit as the page's URL carries it: 784 hexadecimal digits. */
    static String digit() {
        float[] pixels = Generated.digits(1, 5).example(0);
        StringBuilder hex = new StringBuilder();
        for (float p : pixels) {
            hex.append(Character.forDigit(Math.round(Math.min(1, Math.max(0, p)) * 15), 16));
        }
        return hex.toString();
    }

    @Test
    void theLessonCountsTheParametersTrainsLiveAndShowsTheFirstLayer() throws Exception {
        for (String lang : List.of("en", "zh")) {
            browser.load("lessons/mnist?lang=" + lang + "&steps=" + STEPS);
            assertTrue(browser.step("network").contains("13,002"), browser.step("network"));
            assertTrue(browser.step("network").contains("784 → 16"));
            browser.waiting().until(d -> "true".equals(d.findElement(By.id("train-status")).getDomAttribute("data-done")));
            assertEquals(16, browser.driver.findElements(By.cssSelector("[data-step='weights'] canvas.heat")).size());
            browser.screenshot("lesson-mnist-desktop-" + lang);
        }
    }

    @Test
    void theWeightsViewRanksTheNudgesOfTheTrainedNetworkForTheDigitInTheUrl() throws Exception {
        String pixels = digit();
        browser.driver.get(server.url() + "weights?lang=en&steps=" + STEPS + "&digit=3&pixels=" + pixels);
        browser.waiting().until(d -> !d.findElements(By.cssSelector("#ranked tbody tr")).isEmpty());
        MnistLesson.Trained run = MnistLesson.train(42, STEPS, new dev.descent.train.Callback() { });
        float[] values = new float[784];
        for (int i = 0; i < 784; i++) {
            values[i] = Character.digit(pixels.charAt(i), 16) / 15f;
        }
        WhichWeightsMatter.Result expected = WhichWeightsMatter.of(run.model(), values, 3, 20);
        List<WebElement> rows = browser.driver.findElements(By.cssSelector("#ranked tbody tr"));
        assertEquals(20, rows.size());
        List<WebElement> first = rows.get(0).findElements(By.tagName("td"));
        assertEquals(expected.ranked().get(0).parameter(), first.get(1).getText());
        assertEquals(Significant.of(expected.ranked().get(0).nudge()), first.get(4).getText());
        assertEquals(16, browser.driver.findElements(By.cssSelector("#nudge-maps canvas.heat")).size());
        assertTrue(browser.driver.findElement(By.id("prediction")).getText().contains("cost for 3"));
        browser.screenshot("weights-desktop-en");
        browser.size(390, 844);
        browser.driver.navigate().refresh();
        browser.waiting().until(d -> !d.findElements(By.cssSelector("#ranked tbody tr")).isEmpty());
        browser.screenshot("weights-phone-en");
        browser.size(1280, 900);
    }

    @Test
    void drawingOnThePadAsksWhichWeightsMatterAndKeepsTheDigitInTheUrl() {
        browser.driver.get(server.url() + "weights?lang=zh&steps=" + STEPS);
        WebElement pad = browser.waiting().until(d -> d.findElement(By.id("pad")));
        new org.openqa.selenium.interactions.Actions(browser.driver).moveToElement(pad, 0, -60).clickAndHold()
                .moveByOffset(0, 40).moveByOffset(0, 40).moveByOffset(0, 40).release().perform();
        browser.waiting().until(d -> !d.findElements(By.cssSelector("#ranked tbody tr")).isEmpty());
        assertTrue(browser.driver.getCurrentUrl().contains("pixels="), browser.driver.getCurrentUrl());
        assertTrue(browser.driver.findElement(By.id("prediction")).getText().contains("网络认为是"));
    }
}
