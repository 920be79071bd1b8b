package dev.loopline.browser.pages;

import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** The SQL console: type a script, run it, read the result tables. */
public class ConsolePage extends Page {

    public ConsolePage(WebDriver driver, String baseUrl) {
        super(driver, baseUrl);
    }

    public ConsolePage run(String script) {
        WebElement box = testId("sql-script");
        box.clear();
        box.sendKeys(script);
        WebElement before = testId("sql-results");
        click(testId("run-sql"));
        await().until(d -> {
            try {
                before.isDisplayed();
                return false;
            }
            catch (org.openqa.selenium.StaleElementReferenceException swapped) {
                return true;
            }
        });
        return this;
    }

    public List<List<String>> lastTable() {
        List<WebElement> tables = driver.findElements(By.cssSelector("[data-testid='result-table']"));
        WebElement table = tables.get(tables.size() - 1);
        return table.findElements(By.cssSelector("tbody tr")).stream()
                .map(row -> row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList()).toList();
    }

    public String error() {
        return hasTestId("sql-error") ? testId("sql-error").getText() : hasTestId("sql-refused") ? testId("sql-refused").getText() : "";
    }
}
