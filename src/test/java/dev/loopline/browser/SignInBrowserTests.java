package dev.loopline.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

import dev.loopline.account.LoginProperties;
import dev.loopline.browser.pages.IterationPage;
import dev.loopline.browser.pages.LoginPage;
import dev.loopline.support.IntegrationTest;

/** Signing in as a person does: after a session ended under an htmx page, and against a locked name. */
class SignInBrowserTests extends AbstractBrowserTest {

    @Autowired
    LoginProperties login;

    @Test
    void anHtmxActionAfterTheSessionEndedOpensTheLoginPageAndSigningInReturnsToThePage() throws Exception {
        long id = createIteration("Session ends mid-sprint");
        LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        IterationPage iteration = IterationPage.open(driver, baseUrl(), id);
        assertThat(iteration.heading()).isEqualTo("Session ends mid-sprint");

        // the server forgot the session: the browser still sends the old cookie, as after a timeout
        driver.manage().deleteCookieNamed("JSESSIONID");
        driver.manage().addCookie(new Cookie("JSESSIONID", "expired-session-id"));
        driver.findElement(By.cssSelector("[data-testid='work-item-title']")).sendKeys("Written after the timeout");
        var add = driver.findElement(By.cssSelector("[data-testid='work-item-add']"));
        // the board sits below the evidence panels: bring the button into view as a person would scroll to it
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", add);
        add.click();

        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().endsWith("/login"));
        assertThat(driver.getTitle()).isEqualTo("Sign in · Loopline");
        assertThat(driver.findElements(By.id("sign-in"))).as("one login form, as a whole page").hasSize(1);
        Browser.screenshot(driver, "login-after-htmx-expiry");

        LoginPage.here(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        assertThat(driver.getCurrentUrl()).startsWith(baseUrl() + "/iterations/" + id);
        assertThat(new IterationPage(driver, baseUrl()).heading()).isEqualTo("Session ends mid-sprint");
    }

    @Test
    void aLockedNameIsToldHowLongToWait() throws Exception {
        for (int i = 0; i < login.maxFailures(); i++) {
            mvc.perform(post("/login").with(csrf()).param("username", "mallory").param("password", "guess-" + i));
        }
        LoginPage page = LoginPage.open(driver, baseUrl()).signInExpectingLock("mallory", "one-more-guess");
        assertThat(page.lockMessage())
                .isEqualTo("Too many failed sign-ins; try again in " + login.lockMinutes() + " minutes.");
        Browser.screenshot(driver, "login-locked");
    }
}
