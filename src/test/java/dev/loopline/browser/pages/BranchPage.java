package dev.loopline.browser.pages;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/** A branch's page: passwords, schema, connection details. */
public class BranchPage extends Page {

    public BranchPage(WebDriver driver, String baseUrl) {
        super(driver, baseUrl);
    }

    public static BranchPage open(WebDriver driver, String baseUrl, String database, String branch) {
        driver.get(baseUrl + "/databases/" + database + "/branches/" + branch);
        return new BranchPage(driver, baseUrl);
    }

    public BranchPage createPassword(String name, String role) {
        testId("password-name").sendKeys(name);
        new Select(testId("password-role")).selectByValue(role);
        click(testId("create-password"));
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='new-password']")));
        return this;
    }

    public boolean showsNewPassword() {
        return hasTestId("new-password");
    }

    public String newPassword() {
        return testId("password-secret").getDomProperty("value");
    }

    public String newPasswordUsername() {
        return testId("password-username").getDomProperty("value");
    }

    public String newPasswordJdbcUrl() {
        return testId("password-url").getDomProperty("value");
    }

    public String passwordsTable() {
        return testId("passwords-table").getText();
    }

    public String activity() {
        return testId("branch-activity").getText();
    }

    public DeployRequestPage openDeployRequest() {
        return openDeployRequest(null, true);
    }

    /** Opens the request form, writes the notes (if any), sets auto-apply and submits. */
    public DeployRequestPage openDeployRequest(String notes, boolean autoApply) {
        click(testId("open-deploy-request-toggle"));
        if (notes != null) {
            testId("request-notes-field").sendKeys(notes);
        }
        if (testId("request-auto-apply").isSelected() != autoApply) {
            click(testId("request-auto-apply"));
        }
        click(testId("open-deploy-request"));
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='diff']")));
        return new DeployRequestPage(driver, baseUrl);
    }

    /** Submits the request form as it is and stays on the branch page, which shows why it was refused. */
    public BranchPage openDeployRequestExpectingError() {
        click(testId("open-deploy-request-toggle"));
        click(testId("open-deploy-request"));
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='error']")));
        return this;
    }

    public ConsolePage openConsole() {
        click(testId("open-console"));
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='sql-script']")));
        return new ConsolePage(driver, baseUrl);
    }

    /** Presses "Back up now" and lands on the branch's backups page. */
    public BackupsPage backUpNow() {
        click(testId("back-up-now"));
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='backups-heading']")));
        return new BackupsPage(driver, baseUrl);
    }

    /** Waits while the branch is being created or restored (the page updates itself) until it is ready. */
    public BranchPage awaitReady() {
        new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(60))
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='open-console']")));
        return this;
    }

    public String restoredFrom() {
        return testId("restored-from").getText();
    }

    public boolean offersPasswordForm() {
        return hasTestId("create-password");
    }

    /** What the passwords card says when the branch has none. */
    public String noPasswordsText() {
        return testId("no-passwords").getText();
    }
}
