package dev.loopline.browser.pages;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/** Whatever page a person lands on when something is refused, missing or broken. */
public class ErrorPage extends Page {

    public ErrorPage(WebDriver driver, String baseUrl) {
        super(driver, baseUrl);
    }

    public static ErrorPage open(WebDriver driver, String baseUrl, String path) {
        driver.get(baseUrl + path);
        return new ErrorPage(driver, baseUrl);
    }

    public String tabTitle() {
        return driver.getTitle();
    }

    public String status() {
        return testId("error-status").getText();
    }

    public String message() {
        return testId("error-message").getText();
    }

    public String bodyText() {
        return driver.findElement(By.tagName("body")).getText();
    }
}
