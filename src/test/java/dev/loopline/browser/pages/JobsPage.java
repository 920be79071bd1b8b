package dev.loopline.browser.pages;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The scheduled-jobs page. */
public class JobsPage extends Page {

    public JobsPage(WebDriver driver, String baseUrl) {
        super(driver, baseUrl);
    }

    public static JobsPage open(WebDriver driver, String baseUrl) {
        driver.get(baseUrl + "/jobs");
        return new JobsPage(driver, baseUrl);
    }

    private WebElement row(String job) {
        return driver.findElement(By.cssSelector("[data-job='" + job + "']"));
    }

    public String state(String job) {
        return row(job).findElement(By.cssSelector("[data-testid='job-state']")).getText();
    }

    /** The headings of the groups of jobs, in page order. */
    public java.util.List<String> groupHeadings() {
        return driver.findElements(By.cssSelector("main .card > .card-header")).stream().map(WebElement::getText)
                .filter(text -> !text.isBlank()).toList();
    }

    public String rowText(String job) {
        return row(job).getText();
    }

    private JobsPage press(String job, String button) {
        click(row(job).findElement(By.cssSelector("[data-testid='" + button + "']")));
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='notice']")));
        return new JobsPage(driver, baseUrl);
    }

    /** Presses Pause and accepts the confirmation. */
    public JobsPage pause(String job) {
        return pause(job, true);
    }

    /** Presses Pause; answers the confirmation with {@code accept}. Returns the confirmation's text. */
    public String pauseAnswering(String job, boolean accept) {
        click(row(job).findElement(By.cssSelector("[data-testid='pause-job']")));
        var alert = await().until(ExpectedConditions.alertIsPresent());
        String text = alert.getText();
        if (accept) {
            alert.accept();
        }
        else {
            alert.dismiss();
        }
        return text;
    }

    private JobsPage pause(String job, boolean accept) {
        pauseAnswering(job, accept);
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='notice']")));
        return new JobsPage(driver, baseUrl);
    }

    public JobsPage resume(String job) {
        return press(job, "resume-job");
    }

    public JobsPage run(String job) {
        return press(job, "run-job");
    }

    public String notice() {
        return testId("notice").getText();
    }
}
