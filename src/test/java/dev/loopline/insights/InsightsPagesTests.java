package dev.loopline.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.UUID;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.database.BranchService;
import dev.loopline.support.AbstractIntegrationTest;
import dev.loopline.support.IntegrationTest;

/** The insights pages and the post-deploy comparison beside the Revert button. */
class InsightsPagesTests extends AbstractIntegrationTest {

    @Autowired
    QuerySampler sampler;

    @Autowired
    BranchService branches;

    private MockHttpSession admin() throws Exception {
        return (MockHttpSession) mvc.perform(formLogin("/login").user("admin").password(IntegrationTest.ADMIN_PASSWORD))
                .andReturn().getRequest().getSession();
    }

    private Document page(MockHttpSession session, String path) throws Exception {
        return Jsoup.parse(bodyOf(mvc.perform(get(path).session(session)).andExpect(status().isOk())));
    }

    /** WEBHOOKS with 100,000 rows and an index on OWNER_ID that the hot query uses; safe migrations on again. */
    private String database() throws Exception {
        String db = "qp-" + UUID.randomUUID().toString().substring(0, 6);
        asAdmin(post("/api/v1/databases"), "{\"name\": \"" + db + "\"}").andExpect(status().isCreated());
        asAdmin(delete("/api/v1/databases/" + db + "/branches/main/safe-migrations"), null).andExpect(status().isOk());
        sqlAsAdmin(db, "main", "CREATE TABLE WEBHOOKS (ID INT PRIMARY KEY, URL VARCHAR(200), OWNER_ID INT);"
                + "INSERT INTO WEBHOOKS SELECT X, 'https://hooks.example/' || X, MOD(X, 1000) FROM SYSTEM_RANGE(1, 100000);"
                + "CREATE INDEX WEBHOOKS_OWNER ON WEBHOOKS (OWNER_ID);");
        asAdmin(post("/api/v1/databases/" + db + "/branches/main/safe-migrations"), null).andExpect(status().isOk());
        return db;
    }

    private void hotQueries(String db, int times) throws Exception {
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < times; i++) {
            script.append("SELECT ID, URL FROM WEBHOOKS WHERE OWNER_ID = ").append(i).append(";");
        }
        sqlAsAdmin(db, "main", script.toString());
        sampler.sample(branches.get(db, "main"));
    }

    @Test
    void warnsBesideRevertWhenADeployMadeAHotQueryMarkedlySlower() throws Exception {
        String db = database();
        sampler.sample(branches.get(db, "main"));
        hotQueries(db, 20);

        // the change drops the index the hot query uses
        String developer = tokenWithRoles("developer");
        String operator = tokenWithRoles("operator");
        as(developer, post("/api/v1/databases/" + db + "/branches"), "{\"name\": \"drop-owner-index\"}")
                .andExpect(status().isCreated());
        mvc.perform(post("/api/v1/databases/" + db + "/branches/drop-owner-index/sql").header("Authorization", bearer(developer))
                .contentType(org.springframework.http.MediaType.TEXT_PLAIN).content("DROP INDEX WEBHOOKS_OWNER;"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.error").doesNotExist());
        as(developer, post("/api/v1/databases/" + db + "/deploy-requests"), "{\"branch\": \"drop-owner-index\"}")
                .andExpect(status().isCreated());
        as(operator, post("/api/v1/databases/" + db + "/deploy-requests/1/reviews"), "{\"state\": \"approved\"}")
                .andExpect(status().isCreated());
        as(operator, post("/api/v1/databases/" + db + "/deploy-requests/1/deploy?wait=true"), null)
                .andExpect(status().isOk()).andExpect(jsonPath("$.deployment_state").value("complete_pending_revert"));

        hotQueries(db, 20);

        MockHttpSession session = admin();
        Document request = page(session, "/databases/" + db + "/deploy-requests/1");
        var warning = request.selectFirst("[data-testid=slowdown-warning]");
        assertThat(warning).as("slowdown warning on the deploy request page").isNotNull();
        assertThat(warning.text()).contains("SELECT ID, URL FROM WEBHOOKS WHERE OWNER_ID = ?").containsPattern("[0-9.]+× slower")
                .contains("ms →");
        assertThat(request.selectFirst("[data-testid=revert]")).isNotNull();

        // the insights page marks the cutover on the chart and flags the scan the deploy brought
        Document insights = page(session, "/databases/" + db + "/branches/main/insights");
        assertThat(insights.select("[data-testid=chart-events]").text()).contains("cutover of #1");
        assertThat(JsonPath.<List<Object>>read(insights.selectFirst("#insights-chart").attr("data-chart"), "$.markers[*].kind"))
                .containsExactly("cutover");
        var row = insights.select("[data-testid=pattern-row]").stream()
                .filter(r -> r.text().contains("WHERE OWNER_ID = ?")).findFirst().orElseThrow();
        assertThat(row.select("[data-testid=full-scan-badge]").text()).contains("100,000 rows");
    }

    @Test
    void theBranchPageLinksToInsightsAndAPatternGoesIntoTheBacklogFromItsPage() throws Exception {
        String db = database();
        sampler.sample(branches.get(db, "main"));
        sqlAsAdmin(db, "main", "SELECT COUNT(*) FROM WEBHOOKS WHERE URL LIKE '%/7';");
        sampler.sample(branches.get(db, "main"));
        MockHttpSession session = admin();
        assertThat(page(session, "/databases/" + db + "/branches/main").select("[data-testid=branch-insights]").attr("href"))
                .isEqualTo("/databases/" + db + "/branches/main/insights");
        Document insights = page(session, "/databases/" + db + "/branches/main/insights");
        var link = insights.select("[data-testid=pattern-row] a.ll-pattern").stream()
                .filter(a -> a.text().equals("SELECT COUNT(*) FROM WEBHOOKS WHERE URL LIKE ?")).findFirst().orElseThrow();
        String patternPage = link.attr("href").replaceFirst("\\?.*", "");

        Document pattern = page(session, patternPage);
        assertThat(pattern.select("[data-testid=plan]").text()).contains("tableScan");
        assertThat(pattern.select("[data-testid=full-scan]").text()).contains("100,000");
        mvc.perform(post(patternPage + "/work-item").session(session).with(csrf()))
                .andExpect(status().is3xxRedirection()).andExpect(redirectedUrl(patternPage));
        String backlog = bodyOf(asAdmin(get("/api/v1/backlog?label=insights"), null).andExpect(status().isOk()));
        List<String> descriptions = JsonPath.read(backlog, "$.data[?(@.title =~ /.*WHERE URL LIKE.*/)].description");
        assertThat(descriptions).hasSize(1);
        assertThat(descriptions.get(0)).contains("Full table scan").contains(patternPage);
        assertThat(page(session, patternPage).select("[data-testid=backlog-item]").text()).startsWith("In the backlog");

        // the Monitor evidence on the page of an iteration of this database
        int iteration = JsonPath.read(bodyOf(asAdmin(post("/api/v1/iterations"), "{\"name\": \"Watch " + db
                + "\", \"starts_on\": \"2026-11-16\", \"ends_on\": \"2026-11-29\", \"database\": \"" + db + "\"}")
                .andExpect(status().isCreated())), "$.id");
        var panel = page(session, "/iterations/" + iteration).selectFirst("[data-testid=insights-panel]");
        assertThat(panel).isNotNull();
        assertThat(panel.text()).contains("SELECT COUNT(*) FROM WEBHOOKS WHERE URL LIKE ?").contains("Full scan · 100,000 rows");
    }
}
