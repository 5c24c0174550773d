package dev.descent.cli.web;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium through Debian's chromedriver, for the lesson pages' tests (the same set-up as
 * descent-web's test helper, kept here because a module's test classes are not shared). Skips the test when either
 * binary is missing; nothing is downloaded.
 */
final class PageBrowser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getProperty("descent.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("descent.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    static {
        java.util.logging.Logger.getLogger("org.openqa.selenium").setLevel(java.util.logging.Level.SEVERE);
    }

    final ChromeDriver driver;
    private final String base;

    private PageBrowser(ChromeDriver driver, String base) {
        this.driver = driver;
        this.base = base;
    }

    /** A browser at desktop size for the server at {@code base} (ending in '/'), or the test is skipped. */
    static PageBrowser open(String base) {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=en-US"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new PageBrowser(new ChromeDriver(service, options), base);
    }

    /** Waits up to 60 s (a slow shared machine) for a condition. */
    WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(60));
    }

    /** Opens {@code path} (e.g. {@code lessons/parabola?lang=zh}) and waits until the page has drawn its answer. */
    void load(String path) {
        driver.get(base + path);
        ready();
    }

    /** Waits until the lesson page has drawn the server's answer. */
    void ready() {
        waiting().until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
    }

    /** The visible text of the whole page. */
    String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** The visible text of one step of the worked example. */
    String step(String id) {
        return driver.findElement(By.cssSelector("[data-step='" + id + "']")).getText();
    }

    /** Types {@code value} into the control for {@code name} and recomputes. */
    void set(String name, String value) {
        var input = driver.findElement(By.id("c-" + name));
        input.clear();
        input.sendKeys(value);
        driver.findElement(By.id("apply")).click();
        ready();
    }

    void size(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Saves a full-page screenshot as target/screenshots/NAME.png, to be looked at by a person. */
    Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        return file;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
