package dev.loopline.browser.pages;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** A deploy request's page: the diff, lint, reviews and the approve button. */
public class DeployRequestPage extends Page {

    public DeployRequestPage(WebDriver driver, String baseUrl) {
        super(driver, baseUrl);
    }

    public static DeployRequestPage open(WebDriver driver, String baseUrl, String database, int number) {
        driver.get(baseUrl + "/databases/" + database + "/deploy-requests/" + number);
        return new DeployRequestPage(driver, baseUrl);
    }

    public String diff() {
        return testId("diff").getText();
    }

    public String approvalState() {
        return testId("approval-state").getText();
    }

    public boolean canApprove() {
        return hasTestId("approve");
    }

    public DeployRequestPage approve(String comment) {
        testId("review-body").sendKeys(comment);
        click(testId("approve"));
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='notice']")));
        return this;
    }

    /** Presses Deploy, then waits for the live panel (htmx polling) to show the given state. */
    public DeployRequestPage deployAndWaitFor(String stateLabel) {
        click(testId("deploy"));
        await().until(ExpectedConditions.alertIsPresent()).accept();
        new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(60))
                .until(d -> liveState().equals(stateLabel));
        return this;
    }

    /** Waits, without reloading, until the deployment panel says {@code stateLabel}. */
    public DeployRequestPage awaitLiveState(String stateLabel) {
        new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(60))
                .until(d -> liveState().equals(stateLabel));
        return this;
    }

    public String liveState() {
        try {
            return testId("deployment-state-live").getText();
        }
        catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.NoSuchElementException swapping) {
            return "";
        }
    }

    public String operationProgress() {
        return driver.findElements(By.cssSelector("[data-testid='operation-progress']")).stream()
                .map(org.openqa.selenium.WebElement::getText).reduce("", (a, b) -> a + " | " + b);
    }

    public String revertCountdown() {
        return testId("revert-countdown").getText();
    }

    public DeployRequestPage revert() {
        click(testId("revert"));
        driver.switchTo().alert().accept();
        await().until(d -> liveState().equals("Reverted"));
        return this;
    }

    public String reviews() {
        return testId("reviews").getText();
    }

    /** Whether the Deploy button is there and disabled. */
    public boolean deployDisabled() {
        return !testId("deploy").isEnabled();
    }

    /** The reasons shown under a disabled Deploy button. */
    public String deployBlockers() {
        return testId("deploy-blockers").getText();
    }

    /** Presses Deploy and dismisses the confirmation; returns its text. */
    public String deployButCancel() {
        click(testId("deploy"));
        var alert = await().until(ExpectedConditions.alertIsPresent());
        String text = alert.getText();
        alert.dismiss();
        return text;
    }

    public String notes() {
        return testId("request-notes").getText();
    }

    public String autoApply() {
        return testId("auto-apply").getText();
    }

    public String iterationLink() {
        return testId("request-iteration").getText();
    }

    /** The sentence the review card shows to someone who may not approve. */
    public String approveHint() {
        return testId("approve-hint").getText();
    }
}
