package dev.loopline.browser.pages;

import java.time.Duration;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A database's backups page. */
public class BackupsPage extends Page {

    public BackupsPage(WebDriver driver, String baseUrl) {
        super(driver, baseUrl);
    }

    public static BackupsPage open(WebDriver driver, String baseUrl, String database) {
        driver.get(baseUrl + "/databases/" + database + "/backups");
        return new BackupsPage(driver, baseUrl);
    }

    /** Types a schedule into the policy form and saves it. */
    public BackupsPage saveSchedule(String cron) {
        WebElement field = driver.findElement(By.id("schedule"));
        field.clear();
        field.sendKeys(cron);
        WebElement save = driver.findElement(By.cssSelector("[data-testid='save-policy']"));
        click(save);
        await().until(ExpectedConditions.stalenessOf(save));
        return new BackupsPage(driver, baseUrl);
    }

    /** The policy's next backups as shown: each the UTC time and, under it, the same moment in the browser's zone. */
    public List<String> nextBackups() {
        await().until(d -> d.findElements(By.cssSelector("[data-testid='policy-next-fire'] .ll-local-time")).size()
                == d.findElements(By.cssSelector("[data-testid='policy-next-fire']")).size());
        return driver.findElements(By.cssSelector("[data-testid='policy-next-fire']")).stream()
                .map(li -> li.findElement(By.tagName("time")).getText() + " | "
                        + li.findElement(By.cssSelector(".ll-local-time")).getText())
                .toList();
    }

    public String scheduleError() {
        return testId("schedule-error").getText();
    }

    public String scheduleField() {
        return driver.findElement(By.id("schedule")).getDomProperty("value");
    }

    private List<WebElement> rows() {
        return driver.findElements(By.cssSelector("[data-testid='backup-row']"));
    }

    /** Waits (the page polls while a backup runs) until the newest backup has finished; returns its state. */
    public String awaitNewestFinished() {
        return new WebDriverWait(driver, Duration.ofSeconds(60)).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
            List<WebElement> rows = rows();
            if (rows.isEmpty()) {
                return null;
            }
            String state = rows.get(0).findElement(By.cssSelector("[data-testid='backup-state']")).getText();
            return state.equals("success") || state.equals("failed") ? state : null;
        });
    }

    public String newestState() {
        return rows().get(0).findElement(By.cssSelector("[data-testid='backup-state']")).getText();
    }

    public String newestRow() {
        return rows().get(0).getText();
    }

    /** Opens the newest backup's restore form, names the new branch, and follows to its page. */
    public BranchPage restoreNewestInto(String branchName) {
        WebElement row = rows().get(0);
        click(row.findElement(By.cssSelector("[data-testid='restore-toggle']")));
        WebElement name = row.findElement(By.cssSelector("[data-testid='restore-name']"));
        await().until(ExpectedConditions.visibilityOf(name));
        name.clear();
        name.sendKeys(branchName);
        click(row.findElement(By.cssSelector("[data-testid='restore']")));
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='branch-heading']")));
        return new BranchPage(driver, baseUrl);
    }

    /** Clicks Verify on the newest backup and waits for the page to come back saying the test restore started. */
    public BackupsPage verifyNewest() {
        WebElement verify = rows().get(0).findElement(By.cssSelector("[data-testid='verify']"));
        click(verify);
        await().until(ExpectedConditions.stalenessOf(verify));
        return new BackupsPage(driver, baseUrl);
    }

    public String notice() {
        return testId("notice").getText();
    }

    /** Waits, without reloading, until the newest backup shows a verification result; returns it. */
    public String awaitNewestVerification() {
        new WebDriverWait(driver, Duration.ofSeconds(60)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> !rows().isEmpty() && !rows().get(0).findElements(By.cssSelector("[data-testid='verification']")).isEmpty());
        return rows().get(0).findElement(By.cssSelector("[data-testid='verification']")).getText();
    }

    public boolean newestOffersVerify() {
        return !rows().get(0).findElements(By.cssSelector("[data-testid='verify']")).isEmpty();
    }
}
