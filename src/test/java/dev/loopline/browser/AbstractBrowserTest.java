package dev.loopline.browser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.WebDriver;

import dev.loopline.support.AbstractIntegrationTest;

/** One real headless Chromium per test class, against the app on its random port. */
abstract class AbstractBrowserTest extends AbstractIntegrationTest {

    protected static WebDriver driver;

    @BeforeAll
    static void startBrowser() {
        driver = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
    }

    protected String baseUrl() {
        return "http://localhost:" + port;
    }

    /** Adds a user the way an admin does on the users page (through a signed-in admin session). */
    protected void createUser(String username, String password, String... roles) throws Exception {
        var admin = (org.springframework.mock.web.MockHttpSession) mvc.perform(
                org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin("/login")
                        .user("admin").password(dev.loopline.support.IntegrationTest.ADMIN_PASSWORD))
                .andReturn().getRequest().getSession();
        var request = org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/admin/users")
                .session(admin).with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf())
                .param("username", username).param("password", password);
        for (String role : roles) {
            request.param("roles", role);
        }
        mvc.perform(request);
    }
}
