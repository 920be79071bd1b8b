package dev.loopline.browser.pages;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

public class TokensPage extends Page {

    public TokensPage(WebDriver driver, String baseUrl) {
        super(driver, baseUrl);
    }

    public static TokensPage open(WebDriver driver, String baseUrl) {
        driver.get(baseUrl + "/admin/tokens");
        return new TokensPage(driver, baseUrl);
    }

    public TokensPage create(String name, String role) {
        driver.findElement(By.id("token-name")).sendKeys(name);
        click(driver.findElement(By.id("role-" + role)));
        click(testId("create-token"));
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='new-token']")));
        return this;
    }

    public boolean showsSecret() {
        return hasTestId("token-secret");
    }

    public String secret() {
        return testId("token-secret").getDomProperty("value");
    }

    public String table() {
        return testId("tokens-table").getText();
    }
}
