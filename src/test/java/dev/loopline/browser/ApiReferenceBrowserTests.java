package dev.loopline.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The API reference (Swagger UI) opens without signing in and, under the pages' content security policy, renders
 * the contract's sections with the bearer scheme to authorize with.
 */
class ApiReferenceBrowserTests extends AbstractBrowserTest {

    @Test
    void showsTheApiSectionsWithoutSigningIn() {
        driver.get(baseUrl() + "/swagger-ui.html");
        new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(ExpectedConditions.presenceOfAllElementsLocatedBy(By.cssSelector(".opblock-tag")));
        assertThat(driver.getCurrentUrl()).doesNotContain("/login");
        assertThat(driver.findElements(By.cssSelector(".opblock-tag")).stream().map(WebElement::getText).toList())
                .anySatisfy(tag -> assertThat(tag).contains("Iterations"))
                .anySatisfy(tag -> assertThat(tag).contains("Deploy requests"));
        assertThat(driver.findElement(By.cssSelector(".auth-wrapper .authorize")).isDisplayed()).isTrue();
        Browser.screenshot(driver, "api-reference");
    }
}
