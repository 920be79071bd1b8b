package dev.loopline.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;

import dev.loopline.audit.AuditEntry;
import dev.loopline.audit.AuditLog;
import dev.loopline.support.AbstractIntegrationTest;
import dev.loopline.support.IntegrationTest;

/** The admin pages for users, through the real security chain (form login, CSRF, sessions). */
class AccountPagesTests extends AbstractIntegrationTest {

    @Autowired
    UserRepository users;

    @Autowired
    AuditLog auditLog;

    private MockHttpSession signIn(String username, String password) throws Exception {
        return (MockHttpSession) mvc.perform(formLogin("/login").user(username).password(password))
                .andExpect(authenticated()).andReturn().getRequest().getSession();
    }

    private long addUser(MockHttpSession admin, String username, String role) throws Exception {
        mvc.perform(post("/admin/users").session(admin).with(csrf()).param("username", username)
                .param("password", username + "-password").param("roles", role))
                .andExpect(redirectedUrl("/admin/users"));
        return users.findByUsername(username).orElseThrow().getId();
    }

    @Test
    void addsAUserWhoCanSignInWithTheirRoles() throws Exception {
        MockHttpSession admin = signIn("admin", IntegrationTest.ADMIN_PASSWORD);
        addUser(admin, "paula", "PROJECT_MANAGER");
        MockHttpSession paula = signIn("paula", "paula-password");
        mvc.perform(get("/iterations/new").session(paula)).andExpect(status().isOk());
        mvc.perform(get("/admin/users").session(paula)).andExpect(status().isForbidden());
    }

    @Test
    void showsValidationErrorsNextToTheFields() throws Exception {
        MockHttpSession admin = signIn("admin", IntegrationTest.ADMIN_PASSWORD);
        mvc.perform(post("/admin/users").session(admin).with(csrf()).param("username", "short-pass")
                .param("password", "123"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("at least 10 characters")));
        mvc.perform(post("/admin/users").session(admin).with(csrf()).param("username", "admin")
                .param("password", "long-enough-password"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("already exists")));
    }

    @Test
    void disablingAUserEndsTheirSessionAndRefusesTheirSignIn() throws Exception {
        MockHttpSession admin = signIn("admin", IntegrationTest.ADMIN_PASSWORD);
        long id = addUser(admin, "olga", "OPERATOR");
        MockHttpSession olga = signIn("olga", "olga-password");
        mvc.perform(get("/").session(olga)).andExpect(status().isOk());

        mvc.perform(post("/admin/users/" + id + "/enabled").session(admin).with(csrf()).param("enabled", "false"))
                .andExpect(redirectedUrl("/admin/users/" + id));

        mvc.perform(get("/").session(olga)).andExpect(redirectedUrl("/login?expired"));
        mvc.perform(formLogin("/login").user("olga").password("olga-password")).andExpect(unauthenticated());
        assertThat(auditLog.forTarget("user", "olga")).extracting(AuditEntry::getAction)
                .contains("user.created", "user.disabled", "user.login_failed");
        assertThat(auditLog.forTarget("user", "olga").get(0).getDetails()).contains("account disabled");
    }

    @Test
    void resetsAPasswordSoOnlyTheNewOneWorks() throws Exception {
        MockHttpSession admin = signIn("admin", IntegrationTest.ADMIN_PASSWORD);
        long id = addUser(admin, "reset-me", "DEVELOPER");
        mvc.perform(post("/admin/users/" + id + "/password").session(admin).with(csrf())
                .param("password", "a-brand-new-password")).andExpect(flash().attributeExists("notice"));
        mvc.perform(formLogin("/login").user("reset-me").password("reset-me-password")).andExpect(unauthenticated());
        signIn("reset-me", "a-brand-new-password");
        assertThat(auditLog.forTarget("user", "reset-me")).extracting(AuditEntry::getAction).contains("user.password_reset");
    }

    @Test
    void anAdminCannotLockThemselvesOut() throws Exception {
        MockHttpSession admin = signIn("admin", IntegrationTest.ADMIN_PASSWORD);
        long adminId = users.findByUsername("admin").orElseThrow().getId();
        mvc.perform(post("/admin/users/" + adminId + "/enabled").session(admin).with(csrf()).param("enabled", "false"))
                .andExpect(flash().attribute("error", containsString("cannot disable your own account")));
        mvc.perform(post("/admin/users/" + adminId).session(admin).with(csrf()).param("displayName", "Admin")
                .param("roles", "DEVELOPER"))
                .andExpect(flash().attribute("error", containsString("own admin role")));
        assertThat(users.findByUsername("admin").orElseThrow().isEnabled()).isTrue();
    }

    @Test
    void refusesFormPostsWithoutACsrfToken() throws Exception {
        MockHttpSession admin = signIn("admin", IntegrationTest.ADMIN_PASSWORD);
        mvc.perform(post("/admin/users").session(admin).param("username", "no-csrf").param("password", "no-csrf-password"))
                .andExpect(status().isForbidden());
        assertThat(users.findByUsername("no-csrf")).isEmpty();
    }
}
