package dev.loopline.browser.pages;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;

public class AuditPage extends Page {

    public AuditPage(WebDriver driver, String baseUrl) {
        super(driver, baseUrl);
    }

    public static AuditPage open(WebDriver driver, String baseUrl) {
        driver.get(baseUrl + "/audit");
        return new AuditPage(driver, baseUrl);
    }

    public AuditPage filterByAction(String action) {
        new Select(testId("audit-action")).selectByValue(action);
        click(driver.findElement(By.xpath("//button[text()='Filter']")));
        await().until(d -> d.getCurrentUrl().contains("action=" + action));
        return this;
    }

    public String table() {
        return testId("audit-table").getText();
    }
}
