package dev.loopline.browser.pages;

import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/** Page objects of the planning pages: the backlog, an iteration's planning view, its report, velocity. */
public final class PlanningPages {

    private PlanningPages() {
    }

    /**
     * Drags an item by its handle onto another item, as a person does with a mouse: pressed, moved in steps, released
     * (SortableJS in fallback mode). Through Chrome's input events with the button held, as Puppeteer sends them:
     * chromedriver's W3C actions do not start SortableJS's drag.
     */
    static void drag(WebDriver driver, WebElement item, WebElement onto, boolean below) {
        WebElement handle = item.findElement(By.cssSelector(".ll-handle"));
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", onto);
        double[] from = centre(js, handle);
        double[] target = centre(js, onto);
        double height = ((Number) js.executeScript("return arguments[0].getBoundingClientRect().height;", onto)).doubleValue();
        double toY = target[1] + (below ? height / 2 - 3 : -height / 2 + 3);
        mouse(driver, "mousePressed", from[0], from[1]);
        mouse(driver, "mouseMoved", from[0], from[1] + 8);
        mouse(driver, "mouseMoved", target[0], target[1]);
        mouse(driver, "mouseMoved", target[0], toY);
        mouse(driver, "mouseReleased", target[0], toY);
    }

    private static double[] centre(JavascriptExecutor js, WebElement element) {
        @SuppressWarnings("unchecked")
        List<Number> xy = (List<Number>) js.executeScript("var r = arguments[0].getBoundingClientRect();"
                + "return [r.left + r.width / 2, r.top + r.height / 2];", element);
        return new double[] { xy.get(0).doubleValue(), xy.get(1).doubleValue() };
    }

    private static void mouse(WebDriver driver, String type, double x, double y) {
        ((org.openqa.selenium.chromium.ChromiumDriver) driver).executeCdpCommand("Input.dispatchMouseEvent",
                java.util.Map.of("type", type, "x", x, "y", y, "button", "left", "buttons", 1, "clickCount", 1));
        try {
            Thread.sleep(150); // SortableJS looks at the pointer every 50 ms while dragging
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static final class BacklogPage extends Page {

        public BacklogPage(WebDriver driver, String baseUrl) {
            super(driver, baseUrl);
        }

        public static BacklogPage open(WebDriver driver, String baseUrl) {
            driver.get(baseUrl + "/backlog");
            return new BacklogPage(driver, baseUrl);
        }

        public BacklogPage add(String title, String type, int points, String labels) {
            WebElement form = testId("new-item-form");
            form.findElement(By.name("title")).sendKeys(title);
            new Select(form.findElement(By.name("type"))).selectByValue(type);
            form.findElement(By.name("points")).sendKeys(String.valueOf(points));
            form.findElement(By.name("labels")).sendKeys(labels);
            click(form.findElement(By.cssSelector("button[type=submit]")));
            await().until(d -> titles().contains(title));
            return this;
        }

        public List<String> titles() {
            return driver.findElements(By.cssSelector("[data-testid='backlog-item'] [data-testid='item-title']")).stream()
                    .map(WebElement::getText).toList();
        }

        /** Drags {@code title} just above {@code above}; waits until the server has the new order. */
        public BacklogPage dragAbove(String title, String above) {
            drag(driver, item(title), item(above), false);
            await().until(d -> {
                List<String> now = titles();
                return now.indexOf(title) == now.indexOf(above) - 1;
            });
            return this;
        }

        /** Drags {@code title} above {@code above} when the server refuses the move; returns the message shown. */
        public String dragAboveRefused(String title, String above) {
            drag(driver, item(title), item(above), false);
            await().until(d -> hasTestId("error") || hasTestId("planning-error"));
            return hasTestId("error") ? testId("error").getText() : testId("planning-error").getText();
        }

        public BacklogPage reload() {
            driver.navigate().refresh();
            await().until(ExpectedConditions.presenceOfElementLocated(By.tagName("h1")));
            return this;
        }

        private WebElement item(String title) {
            return driver.findElements(By.cssSelector("[data-testid='backlog-item']")).stream()
                    .filter(li -> li.findElement(By.cssSelector("[data-testid='item-title']")).getText().equals(title))
                    .findFirst().orElseThrow(() -> new AssertionError("no backlog item " + title));
        }
    }

    public static final class PlanPage extends Page {

        public PlanPage(WebDriver driver, String baseUrl) {
            super(driver, baseUrl);
        }

        public static PlanPage open(WebDriver driver, String baseUrl, long iterationId) {
            driver.get(baseUrl + "/iterations/" + iterationId + "/plan");
            return new PlanPage(driver, baseUrl);
        }

        public List<String> planned() {
            return texts("[data-testid='planned-item'] a");
        }

        public List<String> backlog() {
            return texts("[data-testid='plan-backlog'] [data-testid='backlog-item'] a");
        }

        /** Drags a backlog item into the iteration's list (the page reloads with the new sums). */
        public PlanPage dragIntoIteration(String title) {
            WebElement item = find("[data-testid='plan-backlog'] [data-testid='backlog-item']", title);
            List<WebElement> planned = driver.findElements(By.cssSelector("[data-testid='planned-item']"));
            WebElement onto = planned.isEmpty() ? testId("plan-iteration") : planned.get(planned.size() - 1);
            drag(driver, item, onto, true);
            await().until(d -> planned().contains(title));
            return this;
        }

        public PlanPage planWithButton(String title) {
            WebElement item = find("[data-testid='plan-backlog'] [data-testid='backlog-item']", title);
            click(item.findElement(By.cssSelector("button[type=submit]")));
            await().until(d -> planned().contains(title));
            return this;
        }

        public String plannedPoints() {
            return testId("planned-points").getText();
        }

        public PlanPage setCapacity(int points) {
            WebElement input = driver.findElement(By.id("capacity"));
            input.clear();
            input.sendKeys(String.valueOf(points));
            click(input.findElement(By.xpath("ancestor::form//button")));
            await().until(d -> hasTestId("notice"));
            return this;
        }

        public PlanPage start() {
            click(testId("start-iteration"));
            driver.switchTo().alert().accept();
            await().until(d -> hasTestId("committed"));
            return this;
        }

        public String committed() {
            return testId("committed").getText();
        }

        public ReportPage complete(String carryTo) {
            new Select(driver.findElement(By.id("carry"))).selectByVisibleText(carryTo);
            click(testId("complete-iteration"));
            driver.switchTo().alert().accept();
            await().until(d -> hasTestId("report-figures"));
            return new ReportPage(driver, baseUrl);
        }

        private List<String> texts(String css) {
            return driver.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
        }

        private WebElement find(String css, String title) {
            return driver.findElements(By.cssSelector(css)).stream()
                    .filter(li -> li.findElement(By.cssSelector("a")).getText().equals(title)).findFirst()
                    .orElseThrow(() -> new AssertionError("no item " + title));
        }
    }

    public static final class ReportPage extends Page {

        public ReportPage(WebDriver driver, String baseUrl) {
            super(driver, baseUrl);
        }

        public static ReportPage open(WebDriver driver, String baseUrl, long iterationId) {
            driver.get(baseUrl + "/iterations/" + iterationId + "/report");
            return new ReportPage(driver, baseUrl);
        }

        public String figure(String testId) {
            return testId(testId).getText();
        }

        /** The burndown table's last row: day, scope, done, remaining. */
        public List<String> lastDay() {
            List<WebElement> rows = driver.findElements(By.cssSelector("[data-testid='burndown-table'] tbody tr"));
            return rows.get(rows.size() - 1).findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
        }

        /** Whether Chart.js drew the burndown on its canvas. */
        public boolean chartDrawn() {
            return Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
                    "return typeof Chart !== 'undefined' && !!Chart.getChart(document.getElementById('burndown'));"));
        }
    }

    public static final class VelocityPage extends Page {

        public VelocityPage(WebDriver driver, String baseUrl) {
            super(driver, baseUrl);
        }

        public static VelocityPage open(WebDriver driver, String baseUrl) {
            driver.get(baseUrl + "/velocity");
            return new VelocityPage(driver, baseUrl);
        }

        public List<String> rows() {
            return driver.findElements(By.cssSelector("[data-testid='velocity-table'] tbody tr")).stream()
                    .map(WebElement::getText).toList();
        }

        public boolean chartDrawn() {
            return Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
                    "return typeof Chart !== 'undefined' && !!Chart.getChart(document.getElementById('velocity'));"));
        }
    }
}
