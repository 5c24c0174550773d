package dev.descent.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.autograd.GraphDot;
import dev.descent.expr.Expression;
import dev.descent.tensor.Backprop;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import dev.descent.text.Significant;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The graph view used as a person would: the forward and backward passes stepped node by node. */
class GraphPageTest {
    static final String CHAIN_RULE = "(2*w+3*b)*(2*b+1)";
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
        browser.driver.get(server.url() + "graph?" + query);
        browser.waiting().until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#nodes tbody tr"), 0));
    }

    static String text(WebElement el) {
        return el.getAttribute("textContent").strip();
    }

    List<WebElement> rows() {
        return browser.driver.findElements(By.cssSelector("#nodes tbody tr"));
    }

    WebElement button(String id) {
        return browser.driver.findElement(By.id(id));
    }

    /** The graph as {@code descent graph} builds it: names, values and gradients in forward order. */
    static List<Tensor> coreGraph(String f, Map<String, Double> at) {
        Expression expr = Expression.parse(f);
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (String v : expr.variables()) {
            inputs.put(v, Tensor.scalar(at.get(v), DType.F64).requiresGrad(true).named(v));
        }
        Tensor out = expr.apply(inputs);
        List<Tensor> order = Backprop.topologicalOrder(out);
        GraphDot.retainAll(out);
        out.backward();
        return order;
    }

    @Test
    void steppingTheChainRuleExampleShowsTheValuesAndGradientsDescentGraphPrints() throws Exception {
        open("f=" + LabPageTest.encoded(CHAIN_RULE) + "&at=w=3,b=4");
        List<Tensor> core = coreGraph(CHAIN_RULE, Map.of("w", 3.0, "b", 4.0));
        assertEquals(core.size(), rows().size());
        assertTrue(button("backward").getAttribute("disabled") != null);
        for (int i = 0; i < core.size(); i++) {
            assertEquals("", text(rows().get(i).findElements(By.tagName("td")).get(3)), "no value before its step");
            button("forward").click();
            List<WebElement> cells = rows().get(i).findElements(By.tagName("td"));
            assertEquals(core.get(i).name(), text(cells.get(1)));
            assertEquals(Significant.of(core.get(i).item()), text(cells.get(3)));
            assertEquals("", text(cells.get(4)), "no gradient during the forward pass");
            assertTrue(rows().get(i).getAttribute("class").contains("current"));
        }
        assertTrue(text(button("narration")).contains("f = 162"), text(button("narration")));
        assertTrue(button("forward").getAttribute("disabled") != null);
        for (int k = core.size() - 1; k >= 0; k--) {
            button("backward").click();
            Tensor t = core.get(k);
            double gradient = t.grad() == null ? 1.0 : t.grad().item();
            assertEquals(Significant.of(gradient), text(rows().get(k).findElements(By.tagName("td")).get(4)));
            if (t.name().equals("b")) {
                // b feeds 3*b and 2*b: 9 × 3 = 27 and 18 × 2 = 36, summed to the tutorial's ∂z/∂b = 63
                String terms = text(button("terms"));
                assertTrue(terms.contains("= 9 × 3 = 27"), terms);
                assertTrue(terms.contains("= 18 × 2 = 36"), terms);
                assertEquals("27 + 36 = 63", text(button("sum")));
                browser.screenshot("graph-desktop");
            }
        }
        assertTrue(text(button("partials")).contains("∂f/∂w = 18, ∂f/∂b = 63"), text(button("partials")));
        assertTrue(browser.driver.getCurrentUrl().contains("step=" + 2 * core.size()));
    }

    @Test
    void playRunsBothPassesAndAStepInTheUrlOpensThere() throws Exception {
        open("f=sqrt(ln(x%5E2))&at=x=3");
        List<Tensor> core = coreGraph("sqrt(ln(x^2))", Map.of("x", 3.0));
        button("play").click();
        browser.waiting().until(d -> button("backward").getAttribute("disabled") != null
                && button("forward").getAttribute("disabled") != null);
        Tensor x = core.get(0);
        // the last frame fills the input's gradient a moment after the buttons are disabled: wait for it, then check
        String expected = Significant.of(x.grad().item());
        browser.waiting().ignoring(StaleElementReferenceException.class)
                .until(d -> expected.equals(text(rows().get(0).findElements(By.tagName("td")).get(4))));
        assertEquals(expected, text(rows().get(0).findElements(By.tagName("td")).get(4)));
        // dc/dx = 1/(x·√(ln x²)) at x = 3
        assertEquals(Significant.of(1 / (3 * Math.sqrt(Math.log(9)))), Significant.of(x.grad().item()));
        open("f=sqrt(ln(x%5E2))&at=x=3&step=2");
        assertEquals(core.get(1).name(), text(browser.driver.findElement(By.cssSelector("#nodes tr.current td:nth-child(2)"))));
        // a phone: the layers stack from the inputs at the bottom to the output at the top, within the screen
        browser.size(390, 844);
        browser.driver.get(server.url() + "graph?f=" + LabPageTest.encoded(CHAIN_RULE) + "&at=w=3,b=4&step=14");
        browser.waiting().ignoring(StaleElementReferenceException.class).until(d -> {
            WebElement svg = d.findElement(By.id("graph"));
            return String.valueOf(svg.getAttribute("class")).contains("vertical") && svg.getSize().getWidth() < 390;
        });
        assertTrue(text(button("terms")).contains("9 × 3 = 27"), text(button("terms")));
        browser.screenshot("graph-phone");
        browser.size(1280, 900);
        browser.driver.get(server.url() + "graph?f=" + LabPageTest.encoded(CHAIN_RULE) + "&at=w=3,b=4&step=14&lang=zh");
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("narration"), "反向传播"));
        browser.screenshot("graph-zh-desktop");
    }

    @Test
    void badInputIsOneLineOnThePageNamingTheInput() {
        open("f=x*y&at=x=1,y=2");
        WebElement at = browser.driver.findElement(By.id("at"));
        at.clear();
        at.sendKeys("x=1");
        button("show").click();
        WebElement error = browser.driver.findElement(By.id("error"));
        browser.waiting().until(ExpectedConditions.visibilityOf(error));
        assertTrue(text(error).contains("at needs a value for y"), text(error));
        assertFalse(text(error).contains("\n"));
    }
}
