package dev.loopline.browser.pages;

import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** The deploy-requests list: tabs, filters and rows. */
public class DeployRequestsPage extends Page {

    public DeployRequestsPage(WebDriver driver, String baseUrl) {
        super(driver, baseUrl);
    }

    public static DeployRequestsPage open(WebDriver driver, String baseUrl, String query) {
        driver.get(baseUrl + "/deploy-requests" + (query == null ? "" : "?" + query));
        return new DeployRequestsPage(driver, baseUrl);
    }

    public DeployRequestsPage tab(String name) {
        click(driver.findElement(By.cssSelector("[data-tab='" + name + "']")));
        await().until(d -> d.getCurrentUrl().contains("state=" + name));
        return new DeployRequestsPage(driver, baseUrl);
    }

    public String activeTab() {
        return driver.findElement(By.cssSelector("[data-testid='deploy-request-tabs'] .active")).getText();
    }

    public DeployRequestsPage filter(String database, String author) {
        new Select(testId("filter-database")).selectByValue(database == null ? "" : database);
        new Select(testId("filter-author")).selectByValue(author == null ? "" : author);
        String before = driver.getCurrentUrl();
        click(testId("apply-filters"));
        await().until(d -> !d.getCurrentUrl().equals(before));
        return new DeployRequestsPage(driver, baseUrl);
    }

    /** Each row's text, "#1 shop feature → main 0 of 1 Clean Not deployed …". */
    public List<String> rows() {
        return driver.findElements(By.cssSelector("[data-testid='deploy-request-row']")).stream()
                .map(WebElement::getText).toList();
    }

    public String emptyMessage() {
        return testId("deploy-requests-empty").getText();
    }
}
