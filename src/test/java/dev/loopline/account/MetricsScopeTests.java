package dev.loopline.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;

import dev.loopline.support.AbstractIntegrationTest;
import dev.loopline.support.IntegrationTest;

/**
 * The {@code metrics} scope is for service tokens only: the tokens page offers it, the user forms do not and refuse
 * it; a signed-in admin reaches the actuator through the session as well as with a token.
 */
class MetricsScopeTests extends AbstractIntegrationTest {

    @Autowired
    UserRepository users;

    private MockHttpSession admin() throws Exception {
        return (MockHttpSession) mvc.perform(formLogin("/login").user("admin").password(IntegrationTest.ADMIN_PASSWORD))
                .andExpect(authenticated()).andReturn().getRequest().getSession();
    }

    @Test
    void tokensMayHaveTheMetricsScopeAndPeopleMayNot() throws Exception {
        MockHttpSession admin = admin();
        var tokensPage = Jsoup.parse(bodyOf(mvc.perform(get("/admin/tokens").session(admin)).andExpect(status().isOk())));
        assertThat(tokensPage.select("input[name=roles]").eachAttr("value")).contains("METRICS");
        var userForm = Jsoup.parse(bodyOf(mvc.perform(get("/admin/users/new").session(admin)).andExpect(status().isOk())));
        assertThat(userForm.select("input[name=roles]").eachAttr("value")).contains("OPERATOR").doesNotContain("METRICS");

        mvc.perform(post("/admin/users").session(admin).with(csrf()).param("username", "scraper-person")
                .param("password", "scraper-person-password").param("roles", "METRICS"))
                .andExpect(status().isOk());
        assertThat(users.findByUsername("scraper-person")).as("no person holds the metrics scope").isEmpty();
    }

    @Test
    void aSignedInAdminSeesMetricsAndHealthDetails() throws Exception {
        MockHttpSession admin = admin();
        assertThat(bodyOf(mvc.perform(get("/actuator/prometheus").session(admin)).andExpect(status().isOk())))
                .contains("loopline_deploys_total");
        mvc.perform(get("/actuator/health").session(admin)).andExpect(status().isOk())
                .andExpect(jsonPath("$.components.h2TcpServer.status").value("UP"));
    }
}
