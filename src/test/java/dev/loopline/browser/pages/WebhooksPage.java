package dev.loopline.browser.pages;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The admins' webhooks list with its create form, and a webhook's own page after creating it. */
public class WebhooksPage extends Page {

    public WebhooksPage(WebDriver driver, String baseUrl) {
        super(driver, baseUrl);
    }

    public static WebhooksPage open(WebDriver driver, String baseUrl) {
        driver.get(baseUrl + "/admin/webhooks");
        return new WebhooksPage(driver, baseUrl);
    }

    /** Creates a webhook for all events; lands on its page. */
    public WebhooksPage create(String url, String kind) {
        driver.findElement(By.id("webhook-url")).sendKeys(url);
        click(driver.findElement(By.id("kind-" + kind)));
        click(driver.findElement(By.id("event-all")));
        click(testId("create-webhook"));
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='webhook-heading']")));
        return this;
    }

    public boolean showsSecret() {
        return hasTestId("webhook-secret");
    }

    public String secret() {
        return testId("webhook-secret").getDomProperty("value");
    }

    public String state() {
        return testId("webhook-state").getText();
    }

    public WebhooksPage reload() {
        driver.navigate().refresh();
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='webhook-heading']")));
        return this;
    }
}
