package dev.loopline.browser.pages;

import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/** The CI integrations admin page. */
public class IntegrationsPage extends Page {

    public IntegrationsPage(WebDriver driver, String baseUrl) {
        super(driver, baseUrl);
    }

    public static IntegrationsPage open(WebDriver driver, String baseUrl) {
        driver.get(baseUrl + "/admin/integrations");
        return new IntegrationsPage(driver, baseUrl);
    }

    public IntegrationsPage add(String kind, String name) {
        new Select(driver.findElement(By.id("integration-kind"))).selectByValue(kind);
        driver.findElement(By.id("integration-name")).sendKeys(name);
        click(testId("create-integration"));
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='new-integration']")));
        return this;
    }

    public String secret() {
        return testId("integration-secret").getDomProperty("value");
    }

    public String setUpHint() {
        return testId("new-integration").getText();
    }

    public String integrations() {
        return testId("integrations-table").getText();
    }

    /** Each refused request's row (repeats share one), most recently seen first. */
    public List<String> refusals() {
        return driver.findElements(By.cssSelector("[data-testid='refusal-row']")).stream().map(WebElement::getText)
                .toList();
    }

    /** Each delivery row's text, newest first. */
    public List<String> deliveries() {
        return driver.findElements(By.cssSelector("[data-testid='delivery-row']")).stream().map(WebElement::getText)
                .toList();
    }
}
