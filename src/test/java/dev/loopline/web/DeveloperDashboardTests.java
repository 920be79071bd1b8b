package dev.loopline.web;

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

/** A developer's dashboard shows their own work: open work items, their branches, their open deploy requests. */
class DeveloperDashboardTests extends AbstractIntegrationTest {

    @Test
    void aDeveloperSeesTheirWorkItemsBranchesAndOpenDeployRequestsAndNobodyElses() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String db = "devdash-" + suffix;
        String dev = "devdash-" + suffix;
        String other = "devdash-other-" + suffix;
        MockHttpSession admin = signIn("admin", IntegrationTest.ADMIN_PASSWORD);
        for (String user : new String[] {dev, other}) {
            mvc.perform(post("/admin/users").session(admin).with(csrf()).param("username", user)
                    .param("password", user + "-password").param("roles", "DEVELOPER"));
        }
        String operator = "devdash-ops-" + suffix;
        mvc.perform(post("/admin/users").session(admin).with(csrf()).param("username", operator)
                .param("password", operator + "-password").param("roles", "OPERATOR"));
        asAdmin(post("/api/v1/databases"), "{\"name\": \"" + db + "\"}");
        MockHttpSession me = signIn(dev, dev + "-password");
        mvc.perform(post("/databases/" + db + "/branches").session(me).with(csrf()).param("branchName", "parcel-eta"));
        sqlAsAdmin(db, "parcel-eta", "CREATE TABLE parcels (id BIGINT PRIMARY KEY, eta TIMESTAMP);");
        mvc.perform(post("/databases/" + db + "/deploy-requests").session(me).with(csrf()).param("branch", "parcel-eta"));
        long iteration = createIteration("Dashboard " + suffix);
        asAdmin(post("/api/v1/iterations/" + iteration + "/work-items"),
                "{\"title\": \"Show the ETA " + suffix + "\", \"status\": \"in_progress\", \"assignee\": \"" + dev + "\"}");
        asAdmin(post("/api/v1/iterations/" + iteration + "/work-items"),
                "{\"title\": \"Finished " + suffix + "\", \"status\": \"done\", \"assignee\": \"" + dev + "\"}");
        asAdmin(post("/api/v1/iterations/" + iteration + "/work-items"),
                "{\"title\": \"Someone else's " + suffix + "\", \"assignee\": \"" + other + "\"}");

        Document mine = dashboard(me);
        assertThat(mine.select("[data-testid=my-work-items]").text()).contains("Show the ETA " + suffix)
                .contains("In progress").doesNotContain("Finished " + suffix).doesNotContain("Someone else's");
        assertThat(mine.select("[data-testid=my-branches]").text()).contains(db + "/parcel-eta").contains("made by you");
        assertThat(mine.select("[data-testid=my-deploy-requests]").text()).contains(db + " #1")
                .contains("parcel-eta → main");

        Document theirs = dashboard(signIn(other, other + "-password"));
        assertThat(theirs.select("[data-testid=my-work-items]").text()).contains("Someone else's " + suffix)
                .doesNotContain("Show the ETA");
        assertThat(theirs.select("[data-testid=my-branches]").text()).doesNotContain(db)
                .contains("You have no branch yet");
        assertThat(theirs.select("[data-testid=my-deploy-requests]").text()).doesNotContain(db)
                .contains("You have no open deploy request");

        assertThat(dashboard(signIn(operator, operator + "-password")).select("[data-testid=developer-panel]"))
                .as("an operator has no developer panel").isEmpty();
    }

    @Test
    void eachCardListsTenAndLinksToTheRest() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String db = "devcap-" + suffix;
        String dev = "devcap-" + suffix;
        MockHttpSession admin = signIn("admin", IntegrationTest.ADMIN_PASSWORD);
        mvc.perform(post("/admin/users").session(admin).with(csrf()).param("username", dev)
                .param("password", dev + "-password").param("roles", "DEVELOPER"));
        asAdmin(post("/api/v1/databases"), "{\"name\": \"" + db + "\"}");
        MockHttpSession me = signIn(dev, dev + "-password");
        for (int i = 1; i <= 12; i++) {
            mvc.perform(post("/databases/" + db + "/branches").session(me).with(csrf()).param("branchName", "b" + i));
            sqlAsAdmin(db, "b" + i, "CREATE TABLE t" + i + " (id BIGINT PRIMARY KEY);");
            mvc.perform(post("/databases/" + db + "/deploy-requests").session(me).with(csrf()).param("branch", "b" + i));
        }
        long iteration = createIteration("Capped " + suffix);
        for (int i = 1; i <= 14; i++) {
            asAdmin(post("/api/v1/iterations/" + iteration + "/work-items"),
                    "{\"title\": \"Item " + i + "\", \"assignee\": \"" + dev + "\"}");
        }

        Document page = dashboard(me);
        assertCapped(page, "my-work-items", 4, "/?all=work-items");
        assertThat(page.select("[data-testid=my-work-items] .badge").text()).as("the count is of all of them")
                .isEqualTo("14");
        assertCapped(page, "my-branches", 2, "/?all=branches");
        assertCapped(page, "my-deploy-requests", 2, "/?all=deploy-requests");

        assertThat(full(me, "work-items", "my-work-items")).hasSize(14);
        assertThat(full(me, "branches", "my-branches")).hasSize(12);
        assertThat(full(me, "deploy-requests", "my-deploy-requests")).hasSize(12);
    }

    private static void assertCapped(Document page, String card, int more, String link) {
        assertThat(page.select("[data-testid=" + card + "] li")).as("ten listed").hasSize(10);
        var rest = page.select("[data-testid=" + card + "] [data-testid=more] a");
        assertThat(rest.text()).isEqualTo("and " + more + " more");
        assertThat(rest.attr("href")).isEqualTo(link);
    }

    private org.jsoup.select.Elements full(MockHttpSession session, String all, String card) throws Exception {
        var response = mvc.perform(get("/").param("all", all).session(session)).andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(200);
        Document page = Jsoup.parse(response.getContentAsString());
        assertThat(page.select("[data-testid=" + card + "] [data-testid=more]")).isEmpty();
        return page.select("[data-testid=" + card + "] li");
    }

    private Document dashboard(MockHttpSession session) throws Exception {
        var response = mvc.perform(get("/").session(session)).andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(200);
        return Jsoup.parse(response.getContentAsString());
    }

    private MockHttpSession signIn(String username, String password) throws Exception {
        return (MockHttpSession) mvc.perform(formLogin("/login").user(username).password(password))
                .andReturn().getRequest().getSession();
    }
}
