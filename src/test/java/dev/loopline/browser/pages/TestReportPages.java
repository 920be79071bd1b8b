package dev.loopline.browser.pages;

import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** Test results where people read them: the iteration page's Test panel, a build's test section, a test's history. */
public class TestReportPages extends Page {

    private final String scope;

    private TestReportPages(WebDriver driver, String baseUrl, String scope) {
        super(driver, baseUrl);
        this.scope = scope;
    }

    /** The Test panel of the iteration page. */
    public static TestReportPages iterationPanel(WebDriver driver, String baseUrl, long iterationId) {
        driver.get(baseUrl + "/iterations/" + iterationId);
        return new TestReportPages(driver, baseUrl, "[data-testid='test-panel']");
    }

    /** The test section of a build's page. */
    public static TestReportPages buildSection(WebDriver driver, String baseUrl, long buildId) {
        driver.get(baseUrl + "/builds/" + buildId);
        return new TestReportPages(driver, baseUrl, "[data-testid='build-tests']");
    }

    /** A build's page of test results (the same section on a page of its own). */
    public static TestReportPages buildTestsPage(WebDriver driver, String baseUrl, long buildId) {
        driver.get(baseUrl + "/builds/" + buildId + "/tests");
        return new TestReportPages(driver, baseUrl, "[data-testid='build-tests']");
    }

    private List<WebElement> all(String testId) {
        return driver.findElements(By.cssSelector(scope + " [data-testid='" + testId + "']"));
    }

    public boolean shown() {
        return !driver.findElements(By.cssSelector(scope)).isEmpty();
    }

    public String text() {
        return driver.findElement(By.cssSelector(scope)).getText();
    }

    public String totals() {
        return all("test-totals").get(0).getText();
    }

    public List<String> failedTests() {
        return all("failed-test").stream().map(WebElement::getText).toList();
    }

    public List<String> flakyTests() {
        return all("flaky-test").stream().map(WebElement::getText).toList();
    }

    /** The first failure's stack trace after opening its "Stack trace" disclosure. */
    public String openFirstStackTrace() {
        WebElement failure = all("failed-test").get(0);
        click(failure.findElement(By.tagName("summary")));
        WebElement trace = failure.findElement(By.cssSelector("[data-testid='stack-trace']"));
        await().until(d -> trace.isDisplayed());
        return trace.getText();
    }

    /** The slowest tests' rows, slowest first. */
    public List<String> slowest() {
        return driver.findElements(By.cssSelector(scope + " [data-testid='slowest-tests'] tbody tr")).stream()
                .map(WebElement::getText).toList();
    }

    public int slowestRows() {
        return driver.findElements(By.cssSelector(scope + " [data-testid='slowest-tests'] tbody tr")).size();
    }

    /** Points the trend chart drew for pass rate, once Chart.js has drawn it. */
    public long chartedBuilds() {
        await().until(d -> ((JavascriptExecutor) d).executeScript(
                "return window.Chart && Chart.getChart(document.getElementById('test-trend')) ? true : null;") != null);
        return (Long) ((JavascriptExecutor) driver).executeScript(
                "return Chart.getChart(document.getElementById('test-trend')).data.datasets[0].data.length;");
    }

    /** Opens the history of the failed test with this name. */
    public History openFailedTest(String name) {
        WebElement link = driver.findElement(By.cssSelector(scope + " [data-testid='failed-tests']"))
                .findElement(By.linkText(name));
        click(link);
        await().until(d -> d.getCurrentUrl().contains("/test-cases/history"));
        return new History(driver, baseUrl);
    }

    /** A test's page. */
    public static final class History extends Page {

        History(WebDriver driver, String baseUrl) {
            super(driver, baseUrl);
        }

        /** The sparkline's bars, oldest first, as their statuses. */
        public List<String> sparkline() {
            return driver.findElements(By.cssSelector("[data-testid='sparkline'] rect")).stream()
                    .map(bar -> bar.getDomAttribute("data-status")).toList();
        }

        public String sparklineLabel() {
            return testId("sparkline").getDomAttribute("aria-label");
        }

        /** The history table's rows, newest first. */
        public List<String> rows() {
            return driver.findElements(By.cssSelector("[data-testid='history-row']")).stream().map(WebElement::getText)
                    .toList();
        }
    }
}
