package dev.loopline.browser.pages;

import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

public class DashboardPage extends Page {

    public DashboardPage(WebDriver driver, String baseUrl) {
        super(driver, baseUrl);
    }

    public static DashboardPage open(WebDriver driver, String baseUrl) {
        driver.get(baseUrl + "/");
        return new DashboardPage(driver, baseUrl);
    }

    public String signedInAs() {
        return testId("signed-in-as").getText();
    }

    public List<String> currentIterations() {
        return driver.findElements(By.cssSelector("[data-testid='dashboard-iteration']")).stream()
                .map(WebElement::getText).toList();
    }

    public IterationFormPage newIteration() {
        driver.get(baseUrl + "/iterations/new");
        return new IterationFormPage(driver, baseUrl);
    }
}
