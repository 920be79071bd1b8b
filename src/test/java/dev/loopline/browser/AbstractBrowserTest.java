package dev.loopline.browser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.WebDriver;

import dev.loopline.support.AbstractIntegrationTest;

/** One real headless Chromium per test class, against the app on its random port. */
abstract class AbstractBrowserTest extends AbstractIntegrationTest {

    protected static WebDriver driver;

    @BeforeAll
    static void startBrowser() {
        driver = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
    }

    protected String baseUrl() {
        return "http://localhost:" + port;
    }
}
