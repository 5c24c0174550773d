package dev.descent.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.io.Checkpoint;
import dev.descent.text.DiagnosisText;
import dev.descent.text.Messages;
import dev.descent.text.Significant;
import dev.descent.train.EpochResult;
import dev.descent.train.RunDiagnosis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

class ReportPageTest {
    @TempDir
    Path tmp;

    @Test
    void theReportOpensFromDiskAndShowsTheRun() throws Exception {
        Checkpoint moons = TrainedRuns.moons(tmp.resolve("moons-9"), 9);
        String html = Report.html(RunView.of("moons-9", moons, Messages.english()), Messages.english());
        // nothing is fetched: no file, server or network is named by the page
        assertFalse(html.contains(" src=\""), "a script loaded from elsewhere");
        assertFalse(html.contains("<link"), "a style sheet loaded from elsewhere");
        assertFalse(html.contains("import "), "a module imported from elsewhere");
        Path file = tmp.resolve("report.html");
        Files.writeString(file, html);
        try (Browser browser = Browser.open()) {
            browser.driver.get(file.toUri().toString());
            browser.waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#epochs tbody tr"), 9));
            List<EpochResult> epochs = moons.history().epochs();
            List<WebElement> rows = browser.driver.findElements(By.cssSelector("#epochs tbody tr"));
            for (int k = 0; k < rows.size(); k++) {
                List<WebElement> cells = rows.get(k).findElements(By.tagName("td"));
                assertEquals(Significant.of(epochs.get(k).trainLoss()), cells.get(1).getText());
                assertEquals(Significant.of(epochs.get(k).validationLoss()), cells.get(3).getText());
            }
            assertEquals(DiagnosisText.verdict(RunDiagnosis.of(moons.history(), Math.log(2)), Messages.english()),
                    browser.driver.findElement(By.id("verdict")).getText());
            assertEquals("Report of moons-9, written by descent report",
                    browser.driver.findElement(By.id("report-note")).getText());
            for (String chart : List.of("chart-loss-step", "chart-loss-epoch", "chart-accuracy")) {
                assertEquals(1, browser.driver.findElements(By.cssSelector("#" + chart + " .plot canvas")).size(),
                        chart);
            }
            assertTrue(browser.driver.findElement(By.id("settings")).getText().contains("--model 2-8-2"));
            browser.screenshot("report-desktop");
            assertEquals("", browser.overflowing(), "the page scrolls sideways");
            browser.size(390, 844);
            // the charts follow the window's width (redrawn a moment after it changes)
            browser.waiting().until(d -> ((Number) browser.driver.executeScript(
                    "return document.querySelector('#chart-loss-step .uplot').offsetWidth")).intValue() < 390);
            assertEquals("", browser.overflowing(), "the page scrolls sideways on a phone");
            browser.screenshot("report-phone");
        }
    }

    @Test
    void aChineseReportIsInChinese() throws Exception {
        Checkpoint moons = TrainedRuns.moons(tmp.resolve("moons-4"), 4);
        String html = Report.html(RunView.of("moons-4", moons, Messages.chinese()), Messages.chinese());
        assertTrue(html.contains("<html lang=\"zh-CN\">"));
        assertTrue(html.contains(DiagnosisText.verdict(RunDiagnosis.of(moons.history(), Math.log(2)),
                Messages.chinese())));
        assertTrue(html.contains("每步的损失"));
    }
}
