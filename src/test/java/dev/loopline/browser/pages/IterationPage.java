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
        new org.openqa.selenium.support.ui.Select(testId("work-item-assignee")).selectByValue(assignee);
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

    /** The people the add form offers as assignees ("" is Unassigned). */
    public List<String> assigneeChoices() {
        return new org.openqa.selenium.support.ui.Select(testId("work-item-assignee")).getOptions().stream()
                .map(o -> o.getDomAttribute("value")).toList();
    }

    private WebElement card(String title) {
        return cards().stream().filter(c -> c.findElement(By.className("title")).getText().equals(title))
                .findFirst().orElseThrow(() -> new AssertionError("no card " + title + " on the board"));
    }

    /** The card's assignee as shown ("unassigned" when none). */
    public String assigneeOf(String title) {
        return card(title).findElement(By.cssSelector("[data-testid='card-assignee']")).getText();
    }

    public boolean canEdit(String title) {
        return !card(title).findElements(By.cssSelector("[data-testid='edit-card']")).isEmpty();
    }

    /** Opens the card's edit form in place. */
    public IterationPage startEditing(String title) {
        click(card(title).findElement(By.cssSelector("[data-testid='edit-card']")));
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='work-item-edit-form']")));
        return this;
    }

    public boolean editFormOffersDelete() {
        return hasTestId("edit-delete");
    }

    /** Changes the open edit form's title, assignee ("" unassigns) and points, saves, and waits for the board. */
    public IterationPage saveEdit(String title, String assignee, int points) {
        WebElement form = testId("work-item-edit-form");
        WebElement titleField = form.findElement(By.cssSelector("[data-testid='edit-title']"));
        titleField.clear();
        titleField.sendKeys(title);
        new org.openqa.selenium.support.ui.Select(form.findElement(By.cssSelector("[data-testid='edit-assignee']")))
                .selectByValue(assignee);
        WebElement pointsField = form.findElement(By.cssSelector("[data-testid='edit-points']"));
        pointsField.clear();
        pointsField.sendKeys(String.valueOf(points));
        click(form.findElement(By.cssSelector("[data-testid='edit-save']")));
        await().until(ExpectedConditions.stalenessOf(form));
        await().until(d -> !hasTestId("work-item-edit-form"));
        return this;
    }

    /** Clicks Delete in the open edit form and answers the confirmation; returns the question asked. */
    public String deleteEditedCard(boolean confirm) {
        WebElement form = testId("work-item-edit-form");
        click(form.findElement(By.cssSelector("[data-testid='edit-delete']")));
        var alert = await().until(ExpectedConditions.alertIsPresent());
        String question = alert.getText();
        if (confirm) {
            alert.accept();
            await().until(ExpectedConditions.stalenessOf(form));
        }
        else {
            alert.dismiss();
        }
        return question;
    }

    /** The gates the phase panel lists for the next move, as shown (mark, name and reason). */
    public List<String> gates() {
        return driver.findElements(By.cssSelector("[data-testid='gate']")).stream().map(WebElement::getText).toList();
    }

    public String phasePanel() {
        return driver.findElement(By.id("phase-section")).getText();
    }

    /** Overrides the failing gates as an admin, with a reason, answering the confirmation. */
    public IterationPage overrideGates(String reason) {
        String before = loopCurrentPhase();
        driver.findElement(By.id("overrideReason")).sendKeys(reason);
        click(testId("override-gate"));
        await().until(ExpectedConditions.alertIsPresent()).accept();
        await().until(d -> !before.equals(loopCurrentPhase()));
        return this;
    }

    /** Waits (the branch card polls by itself) until the card shows the failure; returns its reason. */
    public String awaitBranchFailure() {
        new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(30))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> hasTestId("branch-failure"));
        return testId("branch-failure").getText();
    }

    public boolean canRetryBranch() {
        return hasTestId("retry-branch");
    }

    /** Clicks Retry; the card then polls until the branch is there. Returns the branch link's text. */
    public String retryBranchAndAwaitIt() {
        click(testId("retry-branch"));
        new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(60))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> hasTestId("iteration-branch-link"));
        return testId("iteration-branch-link").getText();
    }

    /** Posts to the retry address with the page's CSRF token, as a forged form would; returns the HTTP status. */
    public long forgeBranchRetry() {
        Object status = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const token = document.querySelector('meta[name="_csrf"]').content;
                const header = document.querySelector('meta[name="_csrf_header"]').content;
                fetch(location.pathname + '/branch', {method: 'POST', redirect: 'manual',
                    headers: {[header]: token, 'HX-Request': 'true'}}).then(r => done(r.status)).catch(e => done(-1));""");
        return ((Number) status).longValue();
    }

    public List<String> branchSchemaChanges() {
        return driver.findElements(By.cssSelector("[data-testid='schema-changes'] li")).stream().map(WebElement::getText).toList();
    }

    public List<String> parentSchemaChanges() {
        return driver.findElements(By.cssSelector("[data-testid='parent-changes'] li")).stream().map(WebElement::getText).toList();
    }

    public String branchCard() {
        return testId("iteration-branch").getText();
    }
}
