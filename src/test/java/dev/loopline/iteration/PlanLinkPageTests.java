package dev.loopline.iteration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.UUID;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpSession;

import dev.loopline.support.AbstractIntegrationTest;
import dev.loopline.support.IntegrationTest;

/** Only planners are invited to plan; the others are offered the plan to read, and the plan page says so. */
class PlanLinkPageTests extends AbstractIntegrationTest {

    @Test
    void onlyProjectManagersAreInvitedToPlanFromTheBacklog() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        long id = createIteration("Plan link " + suffix);
        MockHttpSession admin = signIn("admin", IntegrationTest.ADMIN_PASSWORD);
        for (String role : new String[] {"PROJECT_MANAGER", "DEVELOPER", "OPERATOR"}) {
            String user = "plan-" + role.toLowerCase().replace('_', '-') + "-" + suffix;
            mvc.perform(post("/admin/users").session(admin).with(csrf()).param("username", user)
                    .param("password", user + "-password").param("roles", role));
            MockHttpSession session = signIn(user, user + "-password");
            Document iteration = page("/iterations/" + id, session);
            Document plan = page("/iterations/" + id + "/plan", session);
            if (role.equals("PROJECT_MANAGER")) {
                assertThat(iteration.select("[data-testid=plan-link]").text()).isEqualTo("Plan from the backlog");
                assertThat(plan.select("h1").text()).isEqualTo("Plan Plan link " + suffix);
                assertThat(plan.text()).contains("Drag items here from the backlog.");
            }
            else {
                assertThat(iteration.select("[data-testid=plan-link]").text()).as(role).isEqualTo("View the plan");
                assertThat(plan.select("h1").text()).as(role).isEqualTo("Plan of Plan link " + suffix);
                assertThat(plan.text()).as(role).doesNotContain("Drag items")
                        .contains("Nothing is planned into this iteration yet.");
            }
        }
    }

    private Document page(String path, MockHttpSession session) throws Exception {
        var response = mvc.perform(get(path).session(session)).andReturn().getResponse();
        assertThat(response.getStatus()).as(path).isEqualTo(200);
        return Jsoup.parse(response.getContentAsString());
    }

    private MockHttpSession signIn(String username, String password) throws Exception {
        return (MockHttpSession) mvc.perform(formLogin("/login").user(username).password(password))
                .andReturn().getRequest().getSession();
    }
}
