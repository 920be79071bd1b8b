package dev.loopline.browser.pages;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

public class AdminUsersPage extends Page {

    public AdminUsersPage(WebDriver driver, String baseUrl) {
        super(driver, baseUrl);
    }

    public static AdminUsersPage open(WebDriver driver, String baseUrl) {
        driver.get(baseUrl + "/admin/users");
        return new AdminUsersPage(driver, baseUrl);
    }

    public AdminUsersPage addUser(String username, String password, String role) {
        click(testId("add-user"));
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("displayName")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        click(driver.findElement(By.cssSelector("input[name='roles'][value='" + role + "']")));
        click(testId("create-user"));
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='notice']")));
        return this;
    }

    public String usersTable() {
        return testId("users-table").getText();
    }

    public void signOut() {
        click(driver.findElement(By.xpath("//button[text()='Sign out']")));
        await().until(ExpectedConditions.urlContains("/login"));
    }
}
