package dev.loopline.browser.pages;

import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

public class DashboardPage extends Page {

    public DashboardPage(WebDriver driver, String baseUrl) {
        super(driver, baseUrl);
    }

    public static DashboardPage open(WebDriver driver, String baseUrl) {
        driver.get(baseUrl + "/");
        return new DashboardPage(driver, baseUrl);
    }

    public String signedInAs() {
        return testId("signed-in-as").getText();
    }

    public List<String> currentIterations() {
        return driver.findElements(By.cssSelector("[data-testid='dashboard-iteration']")).stream()
                .map(WebElement::getText).toList();
    }

    public IterationFormPage newIteration() {
        driver.get(baseUrl + "/iterations/new");
        return new IterationFormPage(driver, baseUrl);
    }

    public boolean hasOperatorPanel() {
        return hasTestId("operator-panel");
    }

    public String toReview() {
        return testId("to-review").getText();
    }

    public String revertWindows() {
        return testId("revert-windows").getText();
    }

    /** The hover text (exact time) of the first revert window's countdown. */
    public String revertWindowExactTime() {
        return driver.findElement(By.cssSelector("[data-testid='revert-window-countdown'] time")).getAttribute("title");
    }

    public String runningDeploys() {
        return testId("running-deploys").getText();
    }

    /** What a backup health row shows: its text, its {@code data-healthy} and its last backup's classes. */
    public record BackupHealth(String text, String healthy, String lastBackupClass) {
    }

    /** The backup health row of a production branch, "shop/main …", read at once. */
    public BackupHealth backupHealth(String databaseAndBranch) {
        // the card refreshes itself: a row found just before a refresh is gone when it is read, so read it again
        for (int attempt = 1; ; attempt++) {
            try {
                WebElement row = driver.findElements(By.cssSelector("[data-testid='backup-health-row']")).stream()
                        .filter(r -> r.getText().startsWith(databaseAndBranch)).findFirst().orElseThrow();
                return new BackupHealth(row.getText(), row.getAttribute("data-healthy"),
                        row.findElement(By.cssSelector("[data-testid='last-backup']")).getAttribute("class"));
            }
            catch (org.openqa.selenium.StaleElementReferenceException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    public String activity() {
        return testId("dashboard-activity").getText();
    }
}
