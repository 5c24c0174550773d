package dev.descent.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.expr.Expression;
import dev.descent.minimize.Descender;
import dev.descent.minimize.Method;
import dev.descent.minimize.Objective;
import dev.descent.minimize.Trace;
import dev.descent.text.Messages;
import dev.descent.text.Significant;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The descent lab used as a person would: opened from its URL, played, stepped and slid; its numbers are the core's. */
class LabPageTest {
    static final String HIMMELBLAU = "(x^2+y-11)^2+(x+y^2-7)^2";
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

    static String encoded(String expression) {
        return java.net.URLEncoder.encode(expression, java.nio.charset.StandardCharsets.UTF_8);
    }

    void open(String query) {
        browser.size(1280, 900);
        browser.driver.get(server.url() + "lab?" + query);
        waitLoaded();
    }

    void waitLoaded() {
        browser.waiting().until(d -> "false".equals(d.findElement(By.tagName("body")).getAttribute("data-loading")));
    }

    /** The text of a cell as the page holds it, whether or not it is scrolled into view. */
    static String text(WebElement el) {
        return el.getAttribute("textContent").strip();
    }

    /** Every row of run {@code r}'s table equals the trace, cell by cell, to six significant digits. */
    void assertTableIs(int r, Trace trace) {
        List<WebElement> rows = browser.driver.findElements(By.cssSelector("#run-" + r + " tbody tr"));
        assertEquals(trace.points().size(), rows.size());
        int dims = trace.points().get(0).at().length;
        for (int k = 0; k < rows.size(); k++) {
            Trace.Point p = trace.points().get(k);
            List<WebElement> cells = rows.get(k).findElements(By.tagName("td"));
            assertEquals(Integer.toString(k), text(cells.get(0)));
            for (int i = 0; i < dims; i++) {
                assertEquals(Significant.of(p.at()[i]), text(cells.get(1 + i)), "run " + r + " step " + k);
                assertEquals(Significant.of(p.gradient()[i]), text(cells.get(2 + dims + i)), "run " + r + " step " + k);
            }
            assertEquals(Significant.of(p.value()), text(cells.get(1 + dims)), "run " + r + " step " + k);
        }
    }

    static Trace descend(String f, double[] start, Method method, double rate, int steps) {
        return Descender.run(Objective.of(Expression.parse(f)), start, method, rate, steps, null);
    }

    @Test
    void theTableOfALabUrlHoldsTheNumbersMinimizePrints() throws Exception {
        open("f=" + encoded(HIMMELBLAU) + "&start=x=0,y=0&lr=0.01&steps=7&optimizer=gd");
        assertTableIs(0, descend(HIMMELBLAU, new double[] {0, 0}, Method.GD, 0.01, 7));
    }

    @Test
    void severalOptimizersEachDrawAPathWithTheirOwnTableAndVerdict() throws Exception {
        open("f=" + encoded(HIMMELBLAU) + "&start=x=-1,y=-1&lr=0.01&steps=40&optimizer=gd,momentum,adam");
        Messages en = Messages.of(Locale.ENGLISH);
        List<Method> methods = List.of(Method.GD, Method.MOMENTUM, Method.ADAM);
        for (int r = 0; r < methods.size(); r++) {
            Trace trace = descend(HIMMELBLAU, new double[] {-1, -1}, methods.get(r), 0.01, 40);
            assertTableIs(r, trace);
            String verdict = text(browser.driver.findElement(By.cssSelector("#verdict-" + r + " .stop")));
            assertTrue(verdict.contains(trace.explain(en)), verdict);
        }
        assertEquals("step 40 of 40", text(browser.driver.findElement(By.id("step-shown"))));
        browser.screenshot("lab-desktop");
        browser.size(390, 844);
        browser.driver.navigate().refresh();
        waitLoaded();
        browser.screenshot("lab-phone");
        // the tutorial's four learning rates on its parabola: slow, fast, zigzag, away
        open("f=x%5E2&start=x=1.2&lr=0.1,0.3,0.9,1.1&steps=20&optimizer=gd");
        assertEquals("diverged", browser.driver.findElement(By.cssSelector("#verdict-3 .stop")).getAttribute("data-stop"));
        browser.screenshot("lab-parabola-desktop");
        browser.size(390, 844);
        browser.driver.get(server.url() + "lab?f=x%5E2&start=x=1.2&lr=0.9&steps=20&step=6&lang=zh");
        waitLoaded();
        assertEquals("第 6 步，共 20 步", text(browser.driver.findElement(By.id("step-shown"))));
        browser.screenshot("lab-zh-phone");
    }

    @Test
    void stepPlayAndTheStepSliderMoveThroughTheRun() {
        open("f=x%5E2&start=x=1.2&lr=0.3&steps=12&optimizer=gd");
        WebElement shown = browser.driver.findElement(By.id("step-shown"));
        browser.driver.findElement(By.id("reset")).click();
        assertEquals("step 0 of 12", text(shown));
        assertEquals("0", currentRow());
        browser.driver.findElement(By.id("step")).click();
        browser.driver.findElement(By.id("step")).click();
        assertEquals("step 2 of 12", text(shown));
        assertEquals("2", currentRow());
        browser.driver.findElement(By.id("back")).click();
        assertEquals("1", currentRow());
        assertTrue(browser.driver.getCurrentUrl().endsWith("&step=1"), browser.driver.getCurrentUrl());
        browser.driver.navigate().refresh(); // the URL opens the lab at the step it shows
        waitLoaded();
        assertEquals("1", currentRow());
        shown = browser.driver.findElement(By.id("step-shown"));
        WebElement slider = browser.driver.findElement(By.id("step-slider"));
        slider.sendKeys(Keys.END);
        assertEquals("step 12 of 12", text(shown));
        browser.driver.findElement(By.id("play")).click(); // from the end, play starts again at step 0
        browser.waiting().until(ExpectedConditions.textToBe(By.id("step-shown"), "step 12 of 12"));
        // the button turns back to Play when the animation's last frame has run, a moment after the label
        browser.waiting().until(ExpectedConditions.textToBe(By.id("play"), "Play"));
        assertEquals("12", currentRow());
    }

    String currentRow() {
        return browser.driver.findElement(By.cssSelector("#run-0 tbody tr.current")).getAttribute("data-step");
    }

    /**
     * The tutorial's parabola x² from 1.2, its learning rate set with the slider: 0.1 slow, 0.3 fast, 0.9 zigzags
     * across the minimum, 1.1 diverges; each table is the core's trace at that rate.
     */
    @Test
    void theLearningRateSliderRerunsTheTutorialsParabola() {
        open("f=x%5E2&start=x=1.2&lr=0.1&steps=20&optimizer=gd");
        WebElement slider = browser.driver.findElement(By.id("rate-slider"));
        double[] rates = {0.3, 0.9, 1.1};
        int[] presses = {2, 3, 2}; // 0.1 → 0.2 → 0.3 → 0.5 → 0.7 → 0.9 → 1 → 1.1
        for (int i = 0; i < rates.length; i++) {
            for (int k = 0; k < presses[i]; k++) {
                slider.sendKeys(Keys.ARROW_RIGHT);
            }
            String rate = Significant.of(rates[i]);
            // the cards are made anew for each answer: one may go while it is read
            browser.waiting().ignoring(StaleElementReferenceException.class).until(d -> d.findElement(
                    By.cssSelector("#verdict-0 h2")).getAttribute("textContent").contains("learning rate " + rate));
            waitLoaded();
            assertEquals(rate, browser.driver.findElement(By.id("lr")).getAttribute("value"));
            assertTrue(browser.driver.getCurrentUrl().contains("lr=" + rate), browser.driver.getCurrentUrl());
            assertTableIs(0, descend("x^2", new double[] {1.2}, Method.GD, rates[i], 20));
        }
        WebElement stop = browser.driver.findElement(By.cssSelector("#verdict-0 .stop"));
        assertEquals("diverged", stop.getAttribute("data-stop"));
        assertEquals("too_large_diverging",
                browser.driver.findElement(By.cssSelector("#verdict-0 .diagnosis")).getAttribute("data-verdict"));
    }

    @Test
    void badInputIsOneLineOnThePageNamingTheInput() {
        open("f=x%5E2&start=x=1.2&lr=0.1&steps=5");
        WebElement f = browser.driver.findElement(By.id("f"));
        f.clear();
        f.sendKeys("x^2+y^2");
        browser.driver.findElement(By.id("run")).click();
        WebElement error = browser.driver.findElement(By.id("error"));
        browser.waiting().until(ExpectedConditions.visibilityOf(error));
        assertTrue(text(error).contains("start needs a value for y"), text(error));
        assertFalse(text(error).contains("\n"));
        browser.driver.get(server.url() + "lab?f=x%5E2&steps=20000");
        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertTrue(text(browser.driver.findElement(By.id("error"))).contains("steps must be between 0 and 10000"));
    }
}
