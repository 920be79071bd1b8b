package dev.loopline.browser.pages;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
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

    private static final By REDELIVER = By.xpath("//table[@data-testid='deliveries']//button[normalize-space()='Redeliver']");

    /** One webhook's page, with its delivery log. */
    public static WebhooksPage openWebhook(WebDriver driver, String baseUrl, long id) {
        driver.get(baseUrl + "/admin/webhooks/" + id);
        return new WebhooksPage(driver, baseUrl);
    }

    /**
     * Whether the first delivery's Redeliver button lies inside the window as the page opens: not beyond its right
     * edge, where only sideways scrolling of the log would reveal it.
     */
    public boolean redeliverFitsTheWindow() {
        WebElement button = driver.findElements(REDELIVER).get(0);
        return (Boolean) ((JavascriptExecutor) driver).executeScript("const r = arguments[0].getBoundingClientRect();"
                + "return r.width > 0 && r.left >= 0 && r.right <= document.documentElement.clientWidth;", button);
    }

    /** Redelivers the newest delivery; answers the notice the page shows. */
    public String redeliverFirst() {
        click(driver.findElements(REDELIVER).get(0));
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='notice']")));
        return testId("notice").getText();
    }

    public WebhooksPage reload() {
        driver.navigate().refresh();
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='webhook-heading']")));
        return this;
    }
}
