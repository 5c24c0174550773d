package dev.descent.cli.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.cli.lesson.ContourLesson;
import dev.descent.cli.lesson.NeuronLesson;
import dev.descent.cli.lesson.OptimizersLesson;
import dev.descent.cli.lesson.QuadraticLesson;
import dev.descent.web.WebServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.interactions.Actions;

/**
 * Every lesson page in a real browser, in English and Chinese: the tutorial's numbers on the page (the same as
 * {@code descent lesson NAME} prints), and one control per lesson whose change the numbers follow.
 */
class LessonPagesTest {
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

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** Opens the lesson in both languages and checks each golden text is on the page in each. */
    private static void bothLanguages(String lesson, String... golden) {
        for (String lang : List.of("en", "zh")) {
            browser.load("lessons/" + lesson + "?lang=" + lang);
            String page = browser.text();
            for (String g : golden) {
                assertTrue(page.contains(g), lesson + " (" + lang + ") shows " + g);
            }
        }
    }

    @Test
    void theListGroupsTheElevenLessonsByTutorialInBothLanguages() throws Exception {
        for (String lang : List.of("en", "zh")) {
            browser.driver.get(server.url() + "lessons?lang=" + lang);
            browser.waiting().until(d -> d.findElements(By.cssSelector("a.lesson-name")).size() == 11);
            assertEquals(5, browser.driver.findElements(By.cssSelector("section.tutorial")).size());
            assertTrue(browser.text().contains(lang.equals("zh") ? "教程 2：反向传播与链式法则"
                    : "Tutorial 2: backpropagation and the chain rule"));
        }
        browser.driver.findElement(By.linkText("parabola")).click();
        browser.ready();
        assertTrue(browser.step("trace").contains("x=0.030720, y=0.000944"));
    }

    @Test
    void quadraticFollowsTheStartAndTheLearningRateWithTheDiagnosis() throws Exception {
        int start = QuadraticLesson.start(42);
        bothLanguages("quadratic", "x₀ = " + start, f("%.6g", start * 0.8), "5.000");
        browser.load("lessons/quadratic?lang=en");
        browser.set("lr", "1.2");
        String descent = browser.step("descent");
        assertTrue(descent.contains(f("%.6g", start * (1 - 2 * 1.2))), descent);
        assertTrue(browser.driver.getCurrentUrl().contains("lr=1.2"), "the state is in the URL");
        assertTrue(browser.driver.findElement(By.id("open")).getAttribute("href")
                .contains("/lab?f=x%5E2+%2B+5&start=x=" + start + "&lr=1.2"), "the lab opens the same setup");
        browser.screenshot("lesson-quadratic-desktop-en");
    }

    @Test
    void parabolaShowsTheFourLinesTheStopRuleSlipAndFollowsTheRate() throws Exception {
        bothLanguages("parabola", "x=0.480000, y=0.230400", "x=0.192000, y=0.036864", "x=0.076800, y=0.005898",
                "x=0.030720, y=0.000944");
        browser.load("lessons/parabola?lang=en");
        String slip = browser.driver.findElement(By.cssSelector("[data-step='trace'] aside.slip")).getText();
        assertTrue(slip.contains("1e-2") && slip.contains("line 3"), slip);
        browser.screenshot("lesson-parabola-desktop-en");
        browser.set("lr", "0.1");
        assertTrue(browser.step("trace").contains("x=0.960000, y=0.921600"), browser.step("trace"));
        assertFalse(browser.step("trace").contains("x=0.480000"));
    }

    @Test
    void chainRuleShows162And18And63AndDrivesToTheReadersTarget() {
        bothLanguages("chain-rule", "x = 18, y = 9, z = 162", "2y = 18", "3y + 2x = 63");
        browser.load("lessons/chain-rule?lang=en");
        browser.set("target", "140");
        assertTrue(browser.step("drive-w_only").contains("drive z from 162 to 140"));
        assertTrue(browser.step("drive-w_only").contains("22.000000"), "Δz = 162 − 140 in the first round");
    }

    @Test
    void nonlinearReachesTheExactXWithTheSlipAndFollowsTheTarget() {
        bothLanguages("nonlinear", "9.664409364", "2.26845");
        browser.load("lessons/nonlinear?lang=en");
        assertTrue(browser.driver.findElement(By.cssSelector("[data-step='answer'] aside.slip")).getText()
                .contains("2.26854"));
        browser.set("target", "2");
        assertTrue(browser.step("answer").contains(f("%.9f", Math.exp(2))), browser.step("answer"));
        assertTrue(browser.driver.findElements(By.cssSelector("aside.slip")).isEmpty(), "the slip is the text's");
    }

    @Test
    void neuronShowsDeltaWToFullPrecisionAndFollowsTheWeights() throws Exception {
        bothLanguages("neuron", "0.5174928576663897", "-0.07927606158013766", "-0.003963803079006883",
                "-0.011891409237020648");
        browser.load("lessons/neuron?lang=zh");
        browser.set("w1", "0");
        NeuronLesson.Result r = NeuronLesson.compute(new double[] {0.1, 0.3}, 0.2, new double[] {0, 0.5}, 0.5);
        assertTrue(browser.step("update").contains(String.valueOf(r.deltaW()[0])), browser.step("update"));
        assertTrue(browser.driver.getCurrentUrl().contains("w1=0"));
    }

    @Test
    void lossesCompareTheReadersLossWithCrossEntropy() {
        bothLanguages("losses", "1.33", "1.60", "0.9820");
        browser.load("lessons/losses?lang=en");
        var select = new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("c-loss")));
        select.selectByValue("l1");
        browser.driver.findElement(By.id("apply")).click();
        browser.ready();
        assertTrue(browser.step("saturated").contains("a (l1)"), browser.step("saturated"));
        assertTrue(browser.driver.getCurrentUrl().contains("loss=l1"));
    }

    @Test
    void contourEndsAtTheLeastSquaresCentreNamesThe2OverNSlipAndFollowsTheStart() throws Exception {
        ContourLesson.Result r = ContourLesson.compute(42);
        bothLanguages("contour", f("%.6f", r.leastSquares()[0]), f("%.6f", r.leastSquares()[1]), "2/N");
        browser.load("lessons/contour?lang=en");
        browser.set("w", "4");
        assertTrue(browser.step("descent").contains("(w, b) = (4, -1)"), browser.step("descent"));
        assertTrue(browser.step("descent").contains("4.000000"));
        var map = browser.driver.findElement(By.id("contour"));
        // the map is centred on the least-squares answer: a click at its centre starts the descent there
        new Actions(browser.driver).moveToElement(map, 0, 0).click().perform();
        browser.waiting().until(d -> !d.getCurrentUrl().contains("w=4"));
        browser.ready();
        var w = java.util.regex.Pattern.compile("[?&]w=([-0-9.]+)").matcher(browser.driver.getCurrentUrl());
        assertTrue(w.find(), browser.driver.getCurrentUrl());
        assertEquals(r.leastSquares()[0], Double.parseDouble(w.group(1)), 0.2, "the start is where the click was");
        assertTrue(browser.step("descent").contains("(w, b) = (" + w.group(1).replaceAll("\\.?0+$", "")),
                browser.step("descent"));
        browser.screenshot("lesson-contour-desktop-en");
    }

    @Test
    void learningRatesDiagnoseEachRateAndFollowTheReadersRates() {
        bothLanguages("learning-rates", "0.01", "1.05");
        browser.load("lessons/learning-rates?lang=en");
        assertTrue(browser.step("diagnosis").contains("learning rate 1.05:"));
        browser.set("rates", "0.2,0.9");
        assertTrue(browser.step("curves").contains("loss @ rate 0.9"), browser.step("curves"));
        assertFalse(browser.step("curves").contains("loss @ rate 1.05"));
    }

    @Test
    void localMinimaFindTheValleysAndAClickOnTheContourStartsADescentThere() throws Exception {
        bothLanguages("local-minima", "-1.300840", "1.130901");
        browser.load("lessons/local-minima?lang=en");
        int before = browser.driver.findElements(By.cssSelector("[data-step='himmelblau'] tbody tr")).size();
        var contour = browser.driver.findElement(By.id("contour"));
        // the centre of the map is (0, 0); an offset to the upper right lands in A's valley (3, 2)
        new Actions(browser.driver).moveToElement(contour, contour.getSize().width / 4, -contour.getSize().height / 6)
                .click().perform();
        browser.waiting().until(d -> d.findElements(By.cssSelector("[data-step='himmelblau'] tbody tr")).size()
                == before + 1);
        browser.ready();
        assertTrue(browser.driver.getCurrentUrl().contains("starts="), browser.driver.getCurrentUrl());
        browser.screenshot("lesson-local-minima-desktop-en");
    }

    @Test
    void optimizersAgreeOnTheAnswerAndFollowTheMethodsCompared() {
        OptimizersLesson.Result r = OptimizersLesson.compute(42);
        bothLanguages("optimizers", f("%.9f", r.answers().get(2).w()), f("%.9f", r.answers().get(2).b()));
        browser.load("lessons/optimizers?lang=en");
        browser.driver.findElement(By.id("c-methods-adam")).click();
        browser.driver.findElement(By.id("apply")).click();
        browser.ready();
        assertEquals(4, browser.driver.findElements(By.cssSelector("[data-step='methods'] tbody tr")).size());
        assertTrue(browser.driver.getCurrentUrl().contains("methods=gd,adam,newton")
                || browser.driver.getCurrentUrl().contains("methods=gd,newton,adam"), browser.driver.getCurrentUrl());
    }

    @Test
    void screenshotsAtDesktopAndPhoneWidthsInBothLanguages() throws Exception {
        try {
            for (String lang : List.of("en", "zh")) {
                browser.size(1280, 900);
                browser.load("lessons/neuron?lang=" + lang);
                browser.screenshot("lesson-neuron-desktop-" + lang);
                browser.size(390, 844);
                browser.load("lessons/chain-rule?lang=" + lang);
                browser.screenshot("lesson-chain-rule-phone-" + lang);
                browser.driver.get(server.url() + "lessons?lang=" + lang);
                browser.waiting().until(d -> d.findElements(By.cssSelector("a.lesson-name")).size() == 11);
                browser.screenshot("lessons-phone-" + lang);
            }
        } finally {
            browser.size(1280, 900);
        }
    }
}
