package dev.loopline.browser.pages;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

public class LoginPage extends Page {

    public LoginPage(WebDriver driver, String baseUrl) {
        super(driver, baseUrl);
    }

    public static LoginPage open(WebDriver driver, String baseUrl) {
        driver.manage().deleteAllCookies();
        driver.get(baseUrl + "/login");
        return new LoginPage(driver, baseUrl);
    }

    public DashboardPage signInAs(String username, String password) {
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        click(driver.findElement(By.id("sign-in")));
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='signed-in-as']")));
        return new DashboardPage(driver, baseUrl);
    }

    public LoginPage signInExpectingFailure(String username, String password) {
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        click(driver.findElement(By.id("sign-in")));
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='login-error']")));
        return this;
    }

    /** Signs in where the browser already is (the login page htmx or a redirect brought it to). */
    public static LoginPage here(WebDriver driver, String baseUrl) {
        return new LoginPage(driver, baseUrl);
    }

    public LoginPage signInExpectingLock(String username, String password) {
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        click(driver.findElement(By.id("sign-in")));
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='login-locked']")));
        return this;
    }

    public String lockMessage() {
        return testId("login-locked").getText();
    }

    public String error() {
        return testId("login-error").getText();
    }
}
