package dev.loopline.browser.pages;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The environments page: one card per environment with its live version, slots, promote and roll back. */
public class EnvironmentsPage extends Page {

    public EnvironmentsPage(WebDriver driver, String baseUrl) {
        super(driver, baseUrl);
    }

    public static EnvironmentsPage open(WebDriver driver, String baseUrl) {
        driver.get(baseUrl + "/environments");
        return new EnvironmentsPage(driver, baseUrl);
    }

    private WebElement card(String environment) {
        return testId("environment-" + environment);
    }

    /** The live line of an environment's card as shown, e.g. "1.4.0 in the blue slot …". */
    public String live(String environment) {
        return card(environment).findElement(By.cssSelector("[data-testid='live-version']")).getText();
    }

    /** A slot's row: its name, live or idle, version and status. */
    public String slot(String environment, String slot) {
        return card(environment).findElement(By.cssSelector("[data-testid='slot-" + slot + "']")).getText();
    }

    public String schemaState(String environment) {
        return card(environment).findElement(By.cssSelector("[data-testid='schema-state']")).getText();
    }

    /** Presses Promote (or Roll back) in the environment's card, accepts the confirmation, waits for the reload. */
    public EnvironmentsPage press(String environment, String action) {
        WebElement button = card(environment).findElement(By.cssSelector("[data-testid='" + action + "']"));
        click(button);
        await().until(ExpectedConditions.alertIsPresent()).accept();
        await().until(ExpectedConditions.stalenessOf(button));
        return new EnvironmentsPage(driver, baseUrl);
    }

    public String notice() {
        return testId("notice").getText();
    }

    /** The banners above the page's content, e.g. a production freeze. */
    public java.util.List<String> banners() {
        return driver.findElements(By.cssSelector("[data-testid='page-banner']")).stream().map(WebElement::getText).toList();
    }
}
