package dev.loopline.browser.pages;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The databases list and a database's page with its branch tree. */
public class DatabasesPage extends Page {

    public DatabasesPage(WebDriver driver, String baseUrl) {
        super(driver, baseUrl);
    }

    public static DatabasesPage open(WebDriver driver, String baseUrl) {
        driver.get(baseUrl + "/databases");
        return new DatabasesPage(driver, baseUrl);
    }

    public DatabasesPage createDatabase(String name) {
        testId("database-name").sendKeys(name);
        click(testId("create-database"));
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='branch-tree']")));
        return this;
    }

    public String branchTree() {
        return testId("branch-tree").getText();
    }

    public BranchPage createBranch(String name) {
        testId("branch-name").sendKeys(name);
        click(testId("create-branch"));
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='branch-heading']")));
        return new BranchPage(driver, baseUrl);
    }
}
