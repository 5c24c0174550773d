package dev.descent.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.io.Checkpoint;
import dev.descent.text.DiagnosisText;
import dev.descent.text.Messages;
import dev.descent.text.Significant;
import dev.descent.train.EpochResult;
import dev.descent.train.RunDiagnosis;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

class RunPageTest {
    @TempDir
    static Path tmp;
    static Checkpoint moons;
    static WebServer server;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        moons = TrainedRuns.moons(tmp.resolve("runs").resolve("moons-12"), 12);
        server = WebServer.start(new WebServer.Settings("127.0.0.1", 0, tmp.resolve("runs")), List.of());
        browser = Browser.open();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        server.close();
    }

    @Test
    void theRunsListLeadsToARunWhoseTableChartsAndDiagnosisAreItsNumbers() throws Exception {
        browser.size(1280, 900);
        browser.driver.get(server.url() + "runs");
        WebElement link = browser.waiting().until(ExpectedConditions.elementToBeClickable(By.linkText("moons-12")));
        browser.screenshot("runs-list-desktop");
        link.click();
        browser.waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#epochs tbody tr"), 12));
        List<EpochResult> epochs = moons.history().epochs();
        List<WebElement> rows = browser.driver.findElements(By.cssSelector("#epochs tbody tr"));
        for (int k = 0; k < rows.size(); k++) {
            EpochResult e = epochs.get(k);
            List<WebElement> cells = rows.get(k).findElements(By.tagName("td"));
            assertEquals(Integer.toString(e.epoch()), cells.get(0).getText());
            assertEquals(Significant.of(e.trainLoss()), cells.get(1).getText());
            assertEquals(String.format(java.util.Locale.ROOT, "%.2f%%", 100 * e.trainAccuracy()), cells.get(2).getText());
            assertEquals(Significant.of(e.validationLoss()), cells.get(3).getText());
            assertEquals(Significant.of(e.learningRate()), cells.get(5).getText());
        }
        String verdict = DiagnosisText.verdict(RunDiagnosis.of(moons.history(), Math.log(2)), Messages.english());
        assertEquals(verdict, browser.driver.findElement(By.id("verdict")).getText());
        assertEquals("moons-12", browser.driver.findElement(By.id("run-name")).getText());
        // every chart of a finished classification run drew its canvas with all its points
        for (String chart : List.of("chart-loss-step", "chart-loss-epoch", "chart-accuracy", "chart-learning-rate",
                "chart-gradient")) {
            WebElement panel = browser.driver.findElement(By.id(chart));
            assertTrue(panel.isDisplayed(), chart);
            assertEquals(1, panel.findElements(By.cssSelector(".plot canvas")).size(), chart);
        }
        assertEquals(Integer.toString(moons.history().stepCount()), browser.driver.findElement(
                By.cssSelector("#chart-loss-step .plot")).getAttribute("data-points"));
        assertEquals("12", browser.driver.findElement(By.cssSelector("#chart-loss-epoch .plot"))
                .getAttribute("data-points"));
        assertTrue(browser.driver.findElement(By.id("settings")).getText().contains("--optimizer adam"));
        browser.screenshot("run-desktop");
        assertEquals("", browser.overflowing(), "the page scrolls sideways");
        browser.size(390, 844);
        browser.driver.navigate().refresh();
        browser.waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#epochs tbody tr"), 12));
        browser.screenshot("run-phone");
        assertEquals("", browser.overflowing(), "the page scrolls sideways on a phone");
        browser.driver.get(server.url() + "runs");
        browser.waiting().until(ExpectedConditions.elementToBeClickable(By.linkText("moons-12")));
        browser.screenshot("runs-list-phone");
    }

    @Test
    void inChineseTheDiagnosisAndHeadingsAreChinese() throws Exception {
        browser.size(1280, 900);
        browser.driver.get(server.url() + "runs/moons-12?lang=zh");
        browser.waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#epochs tbody tr"), 12));
        String verdict = DiagnosisText.verdict(RunDiagnosis.of(moons.history(), Math.log(2)), Messages.chinese());
        assertEquals(verdict, browser.driver.findElement(By.id("verdict")).getText());
        assertEquals("每步的损失", browser.driver.findElement(By.cssSelector("#chart-loss-step h2")).getText());
        browser.screenshot("run-desktop-zh");
    }
}
