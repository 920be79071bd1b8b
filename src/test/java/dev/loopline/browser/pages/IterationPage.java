package dev.loopline.browser.pages;

import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The iteration page: its phase loop, phase controls and board. */
public class IterationPage extends Page {

    public IterationPage(WebDriver driver, String baseUrl) {
        super(driver, baseUrl);
    }

    public static IterationPage open(WebDriver driver, String baseUrl, long id) {
        driver.get(baseUrl + "/iterations/" + id);
        return new IterationPage(driver, baseUrl);
    }

    public long id() {
        String path = driver.getCurrentUrl().replaceAll("[?#].*$", "");
        return Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
    }

    /** The phase the loop drawing marks as current. */
    public String loopCurrentPhase() {
        return testId("phase-loop").getDomAttribute("data-current-phase");
    }

    public String phaseStateInLoop(String phase) {
        return driver.findElement(By.cssSelector("[data-testid='phase-loop'] g[data-phase='" + phase + "']"))
                .getDomAttribute("data-state");
    }

    public String currentPhaseBadge() {
        return testId("current-phase").getText();
    }

    public boolean canAdvance() {
        return hasTestId("advance-phase");
    }

    public boolean canMoveBack() {
        return hasTestId("move-back");
    }

    public IterationPage advance() {
        String before = loopCurrentPhase();
        click(testId("advance-phase"));
        await().until(d -> !before.equals(loopCurrentPhase()));
        return this;
    }

    public List<String> historyPhases() {
        return driver.findElements(By.cssSelector("[data-testid='phase-history'] tbody tr td:first-child")).stream()
                .map(WebElement::getText).toList();
    }

    public IterationPage addWorkItem(String title, String assignee, int points) {
        int before = cards().size();
        testId("work-item-title").sendKeys(title);
        testId("work-item-assignee").sendKeys(assignee, org.openqa.selenium.Keys.ESCAPE);
        testId("work-item-points").sendKeys(String.valueOf(points));
        click(testId("work-item-add"));
        await().until(d -> cards().size() == before + 1);
        return this;
    }

    public List<WebElement> cards() {
        return driver.findElements(By.cssSelector("[data-testid='work-card']"));
    }

    public List<String> column(String status) {
        return driver.findElements(By.cssSelector("[data-testid='column-" + status + "'] [data-testid='work-card'] .title"))
                .stream().map(WebElement::getText).toList();
    }

    /** Clicks the card's own move button, then waits for htmx to swap the board. */
    public IterationPage moveCard(String title, String toStatus) {
        WebElement card = cards().stream().filter(c -> c.findElement(By.className("title")).getText().equals(title))
                .findFirst().orElseThrow();
        click(card.findElement(By.cssSelector("[data-testid='move-to-" + toStatus + "']")));
        await().until(ExpectedConditions.stalenessOf(card));
        await().until(d -> column(toStatus).contains(title));
        return this;
    }

    public String boardProgress() {
        return testId("board-progress").getText();
    }

    /** Marks the window so a test can tell whether the page was reloaded since. */
    public void markWindow() {
        ((JavascriptExecutor) driver).executeScript("window.__looplineMark = 'still-here';");
    }

    public boolean windowStillMarked() {
        return "still-here".equals(((JavascriptExecutor) driver).executeScript("return window.__looplineMark;"));
    }

    /**
     * Sends the phase move the way a forged form would: a POST with the page's own CSRF token, outside the UI.
     * Returns the HTTP status.
     */
    public long forgePhaseMove(String target) {
        Object status = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const token = document.querySelector('meta[name="_csrf"]').content;
                const header = document.querySelector('meta[name="_csrf_header"]').content;
                fetch(location.pathname + '/phase', {method: 'POST', redirect: 'manual',
                    headers: {[header]: token, 'Content-Type': 'application/x-www-form-urlencoded', 'HX-Request': 'true'},
                    body: 'target=' + arguments[0]}).then(r => done(r.status)).catch(e => done(-1));""", target);
        return ((Number) status).longValue();
    }
}
