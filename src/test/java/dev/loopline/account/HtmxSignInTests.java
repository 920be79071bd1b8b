package dev.loopline.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;

import dev.loopline.common.Role;
import dev.loopline.support.AbstractIntegrationTest;
import dev.loopline.support.IntegrationTest;

/**
 * htmx requests whose session has ended go to the login page as a whole page ({@code HX-Redirect}), and signing in
 * lands on the page the person was on, not on the fragment htmx asked for.
 */
class HtmxSignInTests extends AbstractIntegrationTest {

    private static final String FRAGMENT = "/databases/shop/deploy-requests/1/deployment";

    @Autowired
    UserService users;

    private MockHttpSession signIn(MockHttpSession session, String username, String password, String expectedUrl)
            throws Exception {
        return (MockHttpSession) mvc.perform(post("/login").session(session).with(csrf()).param("username", username)
                        .param("password", password))
                .andExpect(authenticated()).andExpect(redirectedUrl(expectedUrl)).andReturn().getRequest().getSession();
    }

    @Test
    void anHtmxRequestWithoutASessionIsSentToTheLoginPageAsAWholePage() throws Exception {
        long iteration = createIteration("htmx-expiry");
        String page = "http://localhost/iterations/" + iteration;
        MockHttpSession expired = new MockHttpSession();

        mvc.perform(get(FRAGMENT).session(expired).header("HX-Request", "true").header("HX-Current-URL", page))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("HX-Redirect", "/login"));

        MockHttpSession signedIn = signIn(expired, "admin", IntegrationTest.ADMIN_PASSWORD, page + "?continue");
        mvc.perform(get("/iterations/" + iteration).param("continue", "").session(signedIn))
                .andExpect(status().isOk()).andExpect(content().string(containsString("htmx-expiry")));
    }

    @Test
    void anHtmxFormPostAfterTheSessionEndedIsSentToTheLoginPageToo() throws Exception {
        MockHttpSession expired = new MockHttpSession();
        mvc.perform(post("/iterations/1/work-items").session(expired).header("X-CSRF-TOKEN", "from-the-old-session")
                        .header("HX-Request", "true").header("HX-Current-URL", "http://localhost/iterations/1"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("HX-Redirect", "/login"));
        signIn(expired, "admin", IntegrationTest.ADMIN_PASSWORD, "http://localhost/iterations/1?continue");
    }

    @Test
    void aSignedInHtmxPostWithABadCsrfTokenIsStillForbidden() throws Exception {
        MockHttpSession admin = signIn(new MockHttpSession(), "admin", IntegrationTest.ADMIN_PASSWORD, "/");
        mvc.perform(post("/iterations/1/work-items").session(admin).header("X-CSRF-TOKEN", "forged")
                        .header("HX-Request", "true"))
                .andExpect(status().isForbidden())
                .andExpect(header().doesNotExist("HX-Redirect"));
    }

    @Test
    void theCurrentUrlHeaderCannotSendAnyoneToAnotherHost() throws Exception {
        MockHttpSession expired = new MockHttpSession();
        mvc.perform(get(FRAGMENT).session(expired).header("HX-Request", "true")
                        .header("HX-Current-URL", "https://elsewhere.example/iterations?x=1"))
                .andExpect(status().isUnauthorized());
        signIn(expired, "admin", IntegrationTest.ADMIN_PASSWORD, "http://localhost/iterations?x=1&continue");
    }

    @Test
    void plainPageRequestsStillRedirectToTheLoginPage() throws Exception {
        MockHttpSession expired = new MockHttpSession();
        mvc.perform(get("/iterations").session(expired))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/login"))
                .andExpect(header().doesNotExist("HX-Redirect"));
        signIn(expired, "admin", IntegrationTest.ADMIN_PASSWORD, "http://localhost/iterations?continue");
    }

    @Test
    void anHtmxRequestOfASessionAnAdminEndedIsSentToTheLoginPageAsAWholePage() throws Exception {
        String name = "htmx-" + UUID.randomUUID().toString().substring(0, 8);
        User user = users.createUnchecked(name, null, name + "-password", Set.of(Role.DEVELOPER));
        MockHttpSession session = (MockHttpSession) mvc.perform(formLogin("/login").user(name).password(name + "-password"))
                .andExpect(authenticated()).andReturn().getRequest().getSession();
        MockHttpSession admin = signIn(new MockHttpSession(), "admin", IntegrationTest.ADMIN_PASSWORD, "/");
        mvc.perform(post("/admin/users/" + user.getId() + "/enabled").session(admin).with(csrf()).param("enabled", "false"));

        mvc.perform(get(FRAGMENT).session(session).header("HX-Request", "true"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("HX-Redirect", "/login?expired"));
    }

    @Test
    void theApiStaysStatelessAndAnswersJsonWhateverHeadersHtmxWouldSend() throws Exception {
        mvc.perform(get("/api/v1/iterations").header("HX-Request", "true"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().doesNotExist("HX-Redirect"))
                .andExpect(content().string(containsString("\"code\"")));
        var answer = mvc.perform(get("/api/v1/iterations").header("Authorization", bearer(adminToken()))
                .header("HX-Request", "true")).andExpect(status().isOk()).andReturn();
        assertThat(answer.getRequest().getSession(false)).as("no session for bearer requests").isNull();
    }
}
