package dev.loopline.browser.pages;

import java.time.LocalDate;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

public class IterationFormPage extends Page {

    public IterationFormPage(WebDriver driver, String baseUrl) {
        super(driver, baseUrl);
    }

    public IterationFormPage fill(String name, String goal, LocalDate startsOn, LocalDate endsOn, String database) {
        type("name", name);
        type("goal", goal);
        setDate("startsOn", startsOn);
        setDate("endsOn", endsOn);
        pickDatabase(database);
        return this;
    }

    /** Picks the database from the list of existing ones; an empty name picks "No database". */
    public IterationFormPage pickDatabase(String database) {
        new org.openqa.selenium.support.ui.Select(testId("database-select")).selectByValue(database == null ? "" : database);
        return this;
    }

    /** The databases the form offers, "No database" first. */
    public java.util.List<String> databaseChoices() {
        return new org.openqa.selenium.support.ui.Select(testId("database-select")).getOptions().stream()
                .map(o -> o.getDomAttribute("value")).toList();
    }

    private void type(String id, String value) {
        WebElement field = driver.findElement(By.id(id));
        field.clear();
        field.sendKeys(value);
    }

    /** Date inputs take typed text in the locale's order; setting the value is what a date picker does. */
    private void setDate(String id, LocalDate value) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1]", driver.findElement(By.id(id)),
                value.toString());
    }

    public IterationPage create() {
        click(testId("save-iteration"));
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='phase-loop']")));
        return new IterationPage(driver, baseUrl);
    }

    public IterationFormPage createExpectingErrors() {
        click(testId("save-iteration"));
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".invalid-feedback")));
        return this;
    }

    public String fieldError(String testId) {
        return testId(testId).getText();
    }
}
