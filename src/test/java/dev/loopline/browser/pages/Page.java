package dev.loopline.browser.pages;

import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What every page object shares: the driver, the base URL and waiting with a deadline. */
public abstract class Page {

    protected final WebDriver driver;
    protected final String baseUrl;

    protected Page(WebDriver driver, String baseUrl) {
        this.driver = driver;
        this.baseUrl = baseUrl;
    }

    /** Waits up to 10 s; an element htmx swapped out while the condition looked at it counts as "not yet". */
    protected WebDriverWait await() {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(10));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    protected WebElement testId(String id) {
        return driver.findElement(By.cssSelector("[data-testid='" + id + "']"));
    }

    protected boolean hasTestId(String id) {
        return !driver.findElements(By.cssSelector("[data-testid='" + id + "']")).isEmpty();
    }

    /**
     * Scrolls the element to the middle of the window first, as a person would before clicking. Instantly: Bootstrap
     * makes scrolling smooth, and a click during the animation lands on whatever passes under the pointer.
     */
    protected void click(WebElement element) {
        ((org.openqa.selenium.JavascriptExecutor) driver)
                .executeScript("arguments[0].scrollIntoView({block: 'center', inline: 'center', behavior: 'instant'});", element);
        element.click();
    }

    /** Marks the window so a test can tell whether the page was reloaded since (htmx swaps keep the mark). */
    public void markWindow() {
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("window.__looplineMark = 'still-here';");
    }

    /** Whether the mark of {@link #markWindow} is still there: the page was not reloaded. */
    public boolean windowStillMarked() {
        return "still-here".equals(((org.openqa.selenium.JavascriptExecutor) driver)
                .executeScript("return window.__looplineMark;"));
    }

    /** Waits, without reloading, until no notice is shown; {@code false} if one is still there after 10 s. */
    public boolean awaitNoNotice() {
        try {
            await().until(d -> d.findElements(By.cssSelector("[data-testid='notice']")).isEmpty());
            return true;
        }
        catch (org.openqa.selenium.TimeoutException stillThere) {
            return false;
        }
    }

    public String heading() {
        return driver.findElement(By.tagName("h1")).getText();
    }
}
