package dev.descent.web;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, for tests that use the page as a person would.
 * Nothing is downloaded: when either binary is missing ({@code apt-get install chromium chromium-driver}) the tests
 * that need a browser are skipped.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getProperty("descent.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("descent.chromedriver", "/usr/bin/chromedriver"));
    /** Where screenshots go, to be looked at by a person (not compared by tests). */
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /** Selenium's own notes (no DevTools build for this Chromium: not needed here) stay out of the test output. */
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("org.openqa.selenium");

    static {
        QUIET.setLevel(java.util.logging.Level.SEVERE);
    }

    final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** A fresh browser at desktop size, or the test is skipped when Chromium or chromedriver is not installed. */
    static Browser open() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)");
        // Selenium Manager would look for a driver online: the driver's path is given, so it never runs
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=en-US"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return new Browser(driver);
    }

    /** Waits up to 30 s for a condition (a slow shared CI machine), failing the test if it never holds. */
    WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    /** Resizes the window: 1280×900 for a desktop, 390×844 for a phone. */
    void size(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Saves a screenshot as target/screenshots/NAME.png. */
    Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        return file;
    }

    /** The elements that stick out of the window on the right (a page should never scroll sideways), or "". */
    String overflowing() {
        return String.valueOf(driver.executeScript("const out = [];"
                + "for (const el of document.querySelectorAll('body *')) {"
                + "  const r = el.getBoundingClientRect();"
                + "  if (r.width > 0 && r.right > document.documentElement.clientWidth + 1 && !el.closest('.scroll, .wide'))"
                + "    out.push(el.tagName + '#' + el.id + '.' + el.className + ' right=' + Math.round(r.right));"
                + "}"
                + "return out.slice(0, 5).join('; ');"));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
