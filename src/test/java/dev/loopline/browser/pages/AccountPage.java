package dev.loopline.browser.pages;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The signed-in person's own account page. */
public class AccountPage extends Page {

    public AccountPage(WebDriver driver, String baseUrl) {
        super(driver, baseUrl);
    }

    /** Follows "Signed in as …" in the navigation bar, as a person would. */
    public static AccountPage fromNavigation(WebDriver driver, String baseUrl) {
        Page page = new AccountPage(driver, baseUrl);
        page.click(page.testId("signed-in-as"));
        page.await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='account-username']")));
        return new AccountPage(driver, baseUrl);
    }

    public String username() {
        return testId("account-username").getText();
    }

    public String roles() {
        return testId("account-roles").getText();
    }

    public AccountPage changePassword(String current, String newPassword, String again) {
        driver.findElement(By.id("currentPassword")).sendKeys(current);
        driver.findElement(By.id("newPassword")).sendKeys(newPassword);
        driver.findElement(By.id("confirmPassword")).sendKeys(again);
        WebElement save = testId("save-password");
        click(save);
        await().until(ExpectedConditions.stalenessOf(save));
        return new AccountPage(driver, baseUrl);
    }

    public String error(String testId) {
        return testId(testId).getText();
    }

    public String notice() {
        return testId("notice").getText();
    }
}
