package dev.loopline.browser.pages;

import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The bell in the layout, the notifications list behind it, and the choices on the account page. */
public class NotificationsPage extends Page {

    public NotificationsPage(WebDriver driver, String baseUrl) {
        super(driver, baseUrl);
    }

    /** On the account page: waits for the choices (loaded by htmx), ticks phase changes, saves. */
    public static NotificationsPage choosePhaseChanges(WebDriver driver, String baseUrl) {
        driver.get(baseUrl + "/account");
        NotificationsPage page = new NotificationsPage(driver, baseUrl);
        page.await().until(ExpectedConditions.elementToBeClickable(By.id("pref-phases")));
        page.click(driver.findElement(By.id("pref-phases")));
        page.click(page.testId("save-notification-preferences"));
        page.await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='notice']")));
        return page;
    }

    /** The number on the bell, or 0 when it shows none. */
    public int bellCount() {
        List<WebElement> count = driver.findElements(By.cssSelector("[data-testid='bell-count']"));
        return count.isEmpty() ? 0 : Integer.parseInt(count.get(0).getText());
    }

    public NotificationsPage openBell() {
        click(testId("bell"));
        await().until(ExpectedConditions.urlContains("/notifications"));
        return this;
    }

    public List<String> titles() {
        return driver.findElements(By.cssSelector("[data-testid='notification']")).stream().map(WebElement::getText).toList();
    }

    /** Opens the first notification; lands where it leads. */
    public void openFirst() {
        String before = driver.getCurrentUrl();
        click(driver.findElement(By.cssSelector("[data-testid='notification'] button")));
        await().until(d -> !d.getCurrentUrl().equals(before));
    }

    public NotificationsPage reload() {
        driver.navigate().refresh();
        return this;
    }
}
