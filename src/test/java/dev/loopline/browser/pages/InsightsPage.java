package dev.loopline.browser.pages;

import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** A branch's query insights page, and one pattern's page. */
public class InsightsPage extends Page {

    public InsightsPage(WebDriver driver, String baseUrl) {
        super(driver, baseUrl);
    }

    /** Opens the branch page and follows its Insights link, as a person would. */
    public static InsightsPage fromBranch(WebDriver driver, String baseUrl, String database, String branch) {
        driver.get(baseUrl + "/databases/" + database + "/branches/" + branch);
        WebElement link = driver.findElement(By.cssSelector("[data-testid='branch-insights']"));
        link.click();
        new InsightsPage(driver, baseUrl).await().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("[data-testid='insights-heading']")));
        return new InsightsPage(driver, baseUrl);
    }

    /** The patterns in the table's current order. */
    public List<String> patterns() {
        return driver.findElements(By.cssSelector("[data-testid='pattern-row'] a.ll-pattern")).stream()
                .map(WebElement::getText).toList();
    }

    public String rowOf(String pattern) {
        return row(pattern).getText();
    }

    private WebElement row(String pattern) {
        return driver.findElements(By.cssSelector("[data-testid='pattern-row']")).stream()
                .filter(r -> r.findElement(By.cssSelector("a.ll-pattern")).getText().equals(pattern)).findFirst()
                .orElseThrow(() -> new AssertionError("No row for " + pattern + " in " + patterns()));
    }

    /** Clicks a sortable column's header button (Count, Total, Avg, Max, Rows, First seen, Last seen). */
    public InsightsPage sortBy(String column) {
        driver.findElement(By.xpath("//table[@data-testid='patterns']//th/button[normalize-space()='" + column + "']")).click();
        return this;
    }

    /** Whether Chart.js drew the time chart. */
    public boolean chartDrawn() {
        return Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
                "var c = document.getElementById('insights-chart'); return !!(c && window.Chart && Chart.getChart(c));"));
    }

    public InsightsPage openPattern(String pattern) {
        WebElement link = row(pattern).findElement(By.cssSelector("a.ll-pattern"));
        click(link);
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='pattern-heading']")));
        return new InsightsPage(driver, baseUrl);
    }

    public String plan() {
        return testId("plan").getText();
    }

    public String fullScan() {
        return testId("full-scan").getText();
    }

    /** On a pattern's page: Add to backlog; returns the notice shown. */
    public String addToBacklog() {
        WebElement button = testId("add-to-backlog");
        click(button);
        await().until(ExpectedConditions.stalenessOf(button));
        return testId("notice").getText();
    }

    public String backlogLink() {
        return testId("backlog-item").getText();
    }
}
