package dev.descent.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.expr.Expression;
import dev.descent.minimize.Descender;
import dev.descent.minimize.Method;
import dev.descent.minimize.Objective;
import dev.descent.minimize.Trace;
import dev.descent.text.Significant;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

class LabPageTest {
    static WebServer server;

    @BeforeAll
    static void start() {
        server = WebServer.start(new WebServer.Settings("127.0.0.1", 0, Path.of("target", "no-runs")), List.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theTableOfALabUrlHoldsTheNumbersMinimizePrints() throws Exception {
        try (Browser browser = Browser.open()) {
            browser.driver.get(server.url() + "lab?f=(x%5E2%2By-11)%5E2%2B(x%2By%5E2-7)%5E2&start=x=0,y=0&lr=0.01"
                    + "&steps=7&optimizer=gd");
            browser.waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#trace tbody tr"), 8));
            Trace trace = Descender.run(Objective.of(Expression.parse("(x^2+y-11)^2+(x+y^2-7)^2")),
                    new double[] {0, 0}, Method.GD, 0.01, 7, null);
            List<WebElement> rows = browser.driver.findElements(By.cssSelector("#trace tbody tr"));
            for (int k = 0; k < rows.size(); k++) {
                Trace.Point p = trace.points().get(k);
                List<WebElement> cells = rows.get(k).findElements(By.tagName("td"));
                assertEquals(Integer.toString(k), cells.get(0).getText());
                assertEquals(Significant.of(p.at()[0]), cells.get(1).getText());
                assertEquals(Significant.of(p.at()[1]), cells.get(2).getText());
                assertEquals(Significant.of(p.value()), cells.get(3).getText());
                assertEquals(Significant.of(p.gradient()[1]), cells.get(5).getText());
            }
            browser.screenshot("lab-desktop");
        }
    }
}
