package dev.loopline.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.loopline.browser.pages.ErrorPage;
import dev.loopline.browser.pages.LoginPage;
import dev.loopline.support.IntegrationTest;

/** Every error status a person can meet gets one finished page: a heading, a tab title, a way back. */
class ErrorPageBrowserTests extends AbstractBrowserTest {

    @Test
    void aMissingPageSaysNotFound() {
        LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        ErrorPage page = ErrorPage.open(driver, baseUrl(), "/iterations/999999");
        assertFinished(page, "404", "Not found");
        Browser.screenshot(driver, "error-404");
        assertFinished(ErrorPage.open(driver, baseUrl(), "/no/such/address"), "404", "Not found");
    }

    @Test
    void aBadParameterSaysWhatWasWrong() {
        LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        ErrorPage page = ErrorPage.open(driver, baseUrl(), "/audit?page=abc");
        assertFinished(page, "400", "That request was not right");
        assertThat(page.message()).contains("'abc' is not a valid page");
        Browser.screenshot(driver, "error-400");
    }

    @Test
    void aRefusedPageSaysYouMayNotDoThat() throws Exception {
        createUser("errors-dev", "errors-dev-password", "DEVELOPER");
        LoginPage.open(driver, baseUrl()).signInAs("errors-dev", "errors-dev-password");
        ErrorPage page = ErrorPage.open(driver, baseUrl(), "/admin/users");
        assertFinished(page, "403", "You may not do that");
        Browser.screenshot(driver, "error-403");
        assertFinished(ErrorPage.open(driver, baseUrl(), "/iterations/new"), "403", "You may not do that");
    }

    @Test
    void aFailureOnOurSideSaysSomethingWentWrong() {
        LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        ErrorPage page = ErrorPage.open(driver, baseUrl(), dev.loopline.support.TestGates.FAILING_PAGE);
        assertFinished(page, "500", "Something went wrong");
        assertThat(page.bodyText()).doesNotContain("Exception").doesNotContain("at dev.loopline");
        Browser.screenshot(driver, "error-500");
    }

    private static void assertFinished(ErrorPage page, String status, String heading) {
        assertThat(page.status()).isEqualTo(status);
        assertThat(page.heading()).isEqualTo(heading);
        assertThat(page.tabTitle()).isEqualTo(heading + " · Loopline");
        assertThat(page.bodyText()).doesNotContain("th:").doesNotContain("${").contains("Back to the dashboard");
    }
}
