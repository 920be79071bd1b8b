package dev.loopline.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.ResultActions;

import dev.loopline.audit.AuditEntry;
import dev.loopline.audit.AuditLog;
import dev.loopline.common.Role;
import dev.loopline.support.AbstractIntegrationTest;

/** Sign-in throttling through the real security chain: lock after N failures, same for unknown names, audited. */
class LoginThrottleTests extends AbstractIntegrationTest {

    @Autowired
    UserService users;

    @Autowired
    LoginProperties properties;

    @Autowired
    AuditLog auditLog;

    @Autowired
    JdbcTemplate jdbc;

    private String newUser() {
        String name = "throttle-" + UUID.randomUUID().toString().substring(0, 8);
        users.createUnchecked(name, null, name + "-password", Set.of(Role.DEVELOPER));
        return name;
    }

    /** Signs in from a new browser session (kept in {@link #lastSession} to read the page it lands on). */
    private ResultActions signIn(String username, String password) throws Exception {
        lastSession = new MockHttpSession();
        return mvc.perform(post("/login").session(lastSession).with(csrf()).param("username", username)
                .param("password", password));
    }

    private MockHttpSession lastSession;

    private void failTimes(String username, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            signIn(username, "wrong-password").andExpect(unauthenticated()).andExpect(redirectedUrl("/login?error"));
        }
    }

    private String lockedMessage() {
        return "Too many failed sign-ins; try again in " + properties.lockMinutes() + " minutes.";
    }

    @Test
    void locksANameAfterTooManyFailuresSoEvenTheRightPasswordIsRefused() throws Exception {
        String name = newUser();
        failTimes(name, properties.maxFailures() - 1);
        signIn(name, "wrong-password").andExpect(unauthenticated()).andExpect(redirectedUrl("/login?locked"));

        signIn(name, name + "-password").andExpect(unauthenticated()).andExpect(redirectedUrl("/login?locked"));
        mvc.perform(get("/login").param("locked", "").session(lastSession))
                .andExpect(content().string(containsString(lockedMessage())));
        assertThat(auditLog.forTarget("user", name)).extracting(AuditEntry::getAction).contains("user.login_locked");
        assertThat(auditLog.forTarget("user", name).get(0).getDetails()).contains("locked after too many failed sign-ins");
    }

    @Test
    void anUnknownNameIsLockedTheSameWayWithTheSameMessage() throws Exception {
        String nobody = "nobody-" + UUID.randomUUID().toString().substring(0, 8);
        failTimes(nobody, properties.maxFailures() - 1);
        signIn(nobody, "wrong-password").andExpect(redirectedUrl("/login?locked"));
        signIn(nobody, "any-password").andExpect(redirectedUrl("/login?locked"));
        mvc.perform(get("/login").param("locked", "").session(lastSession))
                .andExpect(content().string(containsString(lockedMessage())));
        assertThat(auditLog.forTarget("user", nobody)).extracting(AuditEntry::getAction).contains("user.login_locked");
    }

    @Test
    void aSuccessfulSignInStartsTheCountAgain() throws Exception {
        String name = newUser();
        failTimes(name, properties.maxFailures() - 1);
        signIn(name, name + "-password").andExpect(authenticated());
        failTimes(name, properties.maxFailures() - 1);
        signIn(name, name + "-password").andExpect(authenticated());
    }

    @Test
    void theRightPasswordWorksAgainOnceTheLockHasPassed() throws Exception {
        String name = newUser();
        failTimes(name, properties.maxFailures() - 1);
        signIn(name, "wrong-password").andExpect(redirectedUrl("/login?locked"));
        signIn(name, name + "-password").andExpect(redirectedUrl("/login?locked"));

        // the clock moves past the lock: the stored lock and failures are as old as the lock's length and a second
        Instant past = Instant.now().minus(Duration.ofMinutes(properties.lockMinutes())).minusSeconds(1);
        assertThat(jdbc.update("UPDATE login_failure SET locked_until = ?, last_failure_at = ? WHERE username = ?",
                Timestamp.from(past), Timestamp.from(past), name)).isEqualTo(1);

        signIn(name, name + "-password").andExpect(authenticated());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM login_failure WHERE username = ?", Integer.class, name))
                .as("the count starts again").isZero();
    }

    @Test
    void namesAreCountedAsSignInLooksThemUp() throws Exception {
        String name = newUser();
        failTimes(name.toUpperCase(), properties.maxFailures() - 1);
        signIn(" " + name + " ", "wrong-password").andExpect(redirectedUrl("/login?locked"));
        signIn(name, name + "-password").andExpect(redirectedUrl("/login?locked"));
    }
}
