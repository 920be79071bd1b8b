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

    public String reviews() {
        return testId("reviews").getText();
    }
}
