package dev.loopline.deployrequest;

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

/** The deploy-requests page's filters, as a signed-in person sees them. */
class DeployRequestListPageTests extends AbstractIntegrationTest {

    @Test
    void theDatabaseFilterListsEveryDatabaseAndKeepsAChosenOneWithoutRequestsSelected() throws Exception {
        String quiet = "quiet-" + UUID.randomUUID().toString().substring(0, 6);
        asAdmin(post("/api/v1/databases"), "{\"name\": \"" + quiet + "\"}");
        MockHttpSession admin = (MockHttpSession) mvc.perform(formLogin("/login").user("admin")
                .password(IntegrationTest.ADMIN_PASSWORD)).andReturn().getRequest().getSession();

        Document all = Jsoup.parse(mvc.perform(get("/deploy-requests").session(admin)).andReturn().getResponse()
                .getContentAsString());
        assertThat(all.select("[data-testid=filter-database] option").eachAttr("value"))
                .as("a database without deploy requests can still be chosen").contains(quiet);

        Document filtered = Jsoup.parse(mvc.perform(get("/deploy-requests").param("database", quiet).session(admin))
                .andReturn().getResponse().getContentAsString());
        assertThat(filtered.select("[data-testid=filter-database] option[selected]").eachAttr("value"))
                .containsExactly(quiet);
        assertThat(filtered.select("h2").text()).contains("No open deploy requests in " + quiet);
    }

    @Test
    void deployingOrApplyingARequestThatDoesNotExistSaysSoOnTheListItReturnsTo() throws Exception {
        String db = "gone-" + UUID.randomUUID().toString().substring(0, 6);
        asAdmin(post("/api/v1/databases"), "{\"name\": \"" + db + "\"}");
        MockHttpSession admin = (MockHttpSession) mvc.perform(formLogin("/login").user("admin")
                .password(IntegrationTest.ADMIN_PASSWORD)).andReturn().getRequest().getSession();

        for (String action : new String[] {"deploy", "apply"}) {
            var posted = mvc.perform(post("/databases/" + db + "/deploy-requests/42/" + action).session(admin)
                    .with(csrf())).andReturn();
            assertThat(posted.getResponse().getRedirectedUrl()).isEqualTo("/deploy-requests?database=" + db);
            var landed = mvc.perform(get(posted.getResponse().getRedirectedUrl()).session(admin)
                    .flashAttrs(posted.getFlashMap())).andReturn().getResponse();
            assertThat(landed.getStatus()).isEqualTo(200);
            Document page = Jsoup.parse(landed.getContentAsString());
            assertThat(page.select("[data-testid=error]").text()).isEqualTo("No deploy request #42 in " + db + ".");
        }
    }
}
