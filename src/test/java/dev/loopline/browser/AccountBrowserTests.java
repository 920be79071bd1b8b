package dev.loopline.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;

import dev.loopline.audit.AuditLog;
import dev.loopline.browser.pages.AccountPage;
import dev.loopline.browser.pages.LoginPage;

/** A person's own account page and password change, in headless Chromium. */
class AccountBrowserTests extends AbstractBrowserTest {

    @Autowired
    AuditLog auditLog;

    @Test
    void aPersonChangesTheirPasswordWithTheCurrentOneAndTheirOtherSessionsEnd() throws Exception {
        createUser("acct-carol", "carol-old-password", "DEVELOPER");
        MockHttpSession otherDevice = (MockHttpSession) mvc.perform(formLogin("/login").user("acct-carol")
                .password("carol-old-password")).andReturn().getRequest().getSession();
        assertThat(mvc.perform(get("/").session(otherDevice)).andReturn().getResponse().getStatus()).isEqualTo(200);

        LoginPage.open(driver, baseUrl()).signInAs("acct-carol", "carol-old-password");
        AccountPage account = AccountPage.fromNavigation(driver, baseUrl());
        assertThat(account.heading()).isEqualTo("Your account");
        assertThat(driver.getTitle()).isEqualTo("Your account · Loopline");
        assertThat(account.username()).isEqualTo("acct-carol");
        assertThat(account.roles()).contains("Developer");
        Browser.screenshot(driver, "account");

        AccountPage wrong = account.changePassword("not-my-password", "carol-new-password", "carol-new-password");
        assertThat(wrong.error("current-password-error")).contains("not your current password");
        AccountPage differ = wrong.changePassword("carol-old-password", "carol-new-password", "carol-other-password");
        assertThat(differ.error("confirm-password-error")).contains("differ");
        AccountPage changed = differ.changePassword("carol-old-password", "carol-new-password", "carol-new-password");
        assertThat(changed.notice()).contains("Your password is changed");
        Browser.screenshot(driver, "account-password-changed");

        var ended = mvc.perform(get("/").session(otherDevice)).andReturn().getResponse();
        assertThat(ended.getStatus()).isEqualTo(302);
        assertThat(ended.getRedirectedUrl()).contains("/login");
        assertThat(auditLog.forTarget("user", "acct-carol"))
                .anySatisfy(e -> assertThat(e.getAction()).isEqualTo("user.password_changed"));

        LoginPage.open(driver, baseUrl()).signInExpectingFailure("acct-carol", "carol-old-password");
        LoginPage.open(driver, baseUrl()).signInAs("acct-carol", "carol-new-password");
    }
}
