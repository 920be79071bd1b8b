package dev.loopline.iteration;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpSession;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.support.AbstractIntegrationTest;
import dev.loopline.support.IntegrationTest;

/** The planning pages render, refuse what a role may not do, and never let Markdown run script. */
class PlanningPagesTests extends AbstractIntegrationTest {

    private MockHttpSession admin() throws Exception {
        return (MockHttpSession) mvc.perform(formLogin("/login").user("admin").password(IntegrationTest.ADMIN_PASSWORD))
                .andReturn().getRequest().getSession();
    }

    private long item(String body) throws Exception {
        String json = bodyOf(asAdmin(post("/api/v1/work-items"), body).andExpect(status().isCreated()));
        return ((Number) JsonPath.read(json, "$.id")).longValue();
    }

    @Test
    void everyPlanningPageRenders() throws Exception {
        MockHttpSession session = admin();
        long id = createIteration("Pages " + System.nanoTime());
        long item = item("{\"title\": \"Render me\", \"iteration_id\": " + id + "}");
        for (String page : new String[] {"/backlog", "/backlog?type=bug&label=x&assignee=y&q=z", "/velocity",
                "/iterations/" + id + "/plan", "/iterations/" + id + "/report", "/work-items/" + item}) {
            mvc.perform(get(page).session(session)).andExpect(status().isOk())
                    .andExpect(content().string(containsString("<h1")));
        }
        mvc.perform(get("/backlog?type=epic").session(session)).andExpect(status().isBadRequest());
        mvc.perform(get("/work-items/987654321").session(session)).andExpect(status().isNotFound());
    }

    /** A backlog item is reassigned and deleted on its own page (the board is not the only place), from users only. */
    @Test
    void aWorkItemIsReassignedAndDeletedOnItsOwnPage() throws Exception {
        MockHttpSession session = admin();
        long id = item("{\"title\": \"Reassign me\"}");
        String page = mvc.perform(get("/work-items/" + id).session(session)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        var document = org.jsoup.Jsoup.parse(page);
        org.assertj.core.api.Assertions.assertThat(document.select("[data-testid=edit-assignee] option").eachAttr("value"))
                .contains("", "admin");
        org.assertj.core.api.Assertions.assertThat(document.select("form:has([data-testid=delete-work-item])")
                .attr("data-confirm")).contains("Reassign me");
        String backlog = mvc.perform(get("/backlog").session(session)).andReturn().getResponse().getContentAsString();
        org.assertj.core.api.Assertions.assertThat(org.jsoup.Jsoup.parse(backlog)
                .select("[data-testid=new-item-assignee] option").eachAttr("value")).contains("", "admin");

        mvc.perform(post("/work-items/" + id + "/details").session(session).with(csrf()).param("title", "Reassign me")
                .param("assignee", "admin")).andExpect(redirectedUrl("/work-items/" + id));
        asAdmin(get("/api/v1/work-items/" + id), null).andExpect(
                org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.assignee").value("admin"));
        mvc.perform(post("/work-items/" + id + "/details").session(session).with(csrf()).param("title", "Reassign me")
                .param("assignee", "nobody-here")).andExpect(redirectedUrl("/work-items/" + id))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash()
                        .attribute("error", containsString("no user named")));
        mvc.perform(post("/work-items/" + id + "/details").session(session).with(csrf()).param("title", "Reassign me")
                .param("assignee", "")).andExpect(redirectedUrl("/work-items/" + id));
        asAdmin(get("/api/v1/work-items/" + id), null).andExpect(
                org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.assignee").doesNotExist());

        mvc.perform(post("/work-items/" + id + "/delete").session(session).with(csrf())).andExpect(redirectedUrl("/backlog"));
        mvc.perform(get("/work-items/" + id).session(session)).andExpect(status().isNotFound());
    }

    @Test
    void markdownInDescriptionsAndCommentsCannotRunScript() throws Exception {
        MockHttpSession session = admin();
        long id = item("{\"title\": \"Markdown\", \"description\": \"Hello *world* <script>alert(1)</script> "
                + "[x](javascript:alert(2))\"}");
        mvc.perform(post("/work-items/" + id + "/comments").session(session).with(csrf())
                .param("body", "**Looks good** <img src=x onerror=alert(3)>"))
                .andExpect(redirectedUrl("/work-items/" + id + "#comments"));
        mvc.perform(get("/work-items/" + id).session(session)).andExpect(status().isOk())
                .andExpect(content().string(containsString("<em>world</em>")))
                .andExpect(content().string(containsString("<strong>Looks good</strong>")))
                .andExpect(content().string(containsString("&lt;script&gt;alert(1)&lt;/script&gt;")))
                .andExpect(content().string(not(containsString("<script>alert"))))
                .andExpect(content().string(not(containsString("href=\"javascript"))))
                .andExpect(content().string(not(containsString("<img src=x"))))
                .andExpect(content().string(containsString("Commented on")));
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @Test
    void theDashboardShowsPlannersTheRunningBurndownItemsAtRiskAndTheBacklog() throws Exception {
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        String json = bodyOf(asAdmin(post("/api/v1/iterations"), "{\"name\": \"Dash " + System.nanoTime()
                + "\", \"starts_on\": \"" + today.minusDays(1) + "\", \"ends_on\": \"" + today.plusDays(9) + "\"}"));
        long sprint = ((Number) JsonPath.read(json, "$.id")).longValue();
        long stuck = item("{\"title\": \"Stuck for a week\", \"points\": 3, \"iteration_id\": " + sprint + "}");
        item("{\"title\": \"Fresh\", \"points\": 2, \"iteration_id\": " + sprint + "}");
        asAdmin(post("/api/v1/iterations/" + sprint + "/start"), "{}").andExpect(status().isOk());
        asAdmin(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch("/api/v1/work-items/" + stuck),
                "{\"status\": \"in_progress\"}").andExpect(status().isOk());
        jdbc.update("UPDATE work_item SET work_started_at = ? WHERE id = ?",
                java.sql.Timestamp.from(java.time.Instant.now().minus(java.time.Duration.ofDays(7))), stuck);
        mvc.perform(get("/").session(admin())).andExpect(status().isOk())
                .andExpect(content().string(containsString("data-testid=\"planner-panel\"")))
                .andExpect(content().string(containsString("data-burndown=")))
                .andExpect(content().string(containsString("Stuck for a week")))
                .andExpect(content().string(not(containsString(">Fresh<"))))
                .andExpect(content().string(containsString("data-testid=\"backlog-size\"")));
        String name = "ops-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        mvc.perform(post("/admin/users").session(admin()).with(csrf()).param("username", name)
                .param("password", name + "-password").param("roles", "OPERATOR"));
        MockHttpSession operator = (MockHttpSession) mvc.perform(formLogin("/login").user(name).password(name
                + "-password")).andReturn().getRequest().getSession();
        mvc.perform(get("/").session(operator)).andExpect(status().isOk())
                .andExpect(content().string(containsString("data-testid=\"operator-panel\"")))
                .andExpect(content().string(not(containsString("data-testid=\"planner-panel\""))));
    }

    @Test
    void onlyPlannersMoveItemsAndOperatorsCannotComment() throws Exception {
        long id = item("{\"title\": \"Guarded\"}");
        var operator = org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                .user("ops1").roles("OPERATOR");
        var developer = org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                .user("dev1").roles("DEVELOPER");
        mvc.perform(post("/work-items/" + id + "/move").with(developer).with(csrf()).param("list", "backlog"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/work-items/" + id + "/comments").with(operator).with(csrf()).param("body", "hi"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/backlog").with(developer).with(csrf()).param("title", "Not a planner"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/backlog").session(admin()).param("title", "No CSRF token"))
                .andExpect(status().isForbidden());
    }

    @Test
    void aMoveNeverRedirectsOffTheSite() throws Exception {
        MockHttpSession session = admin();
        long id = item("{\"title\": \"Stays home\"}");
        // browsers drop tabs and newlines from a Location, which would turn these into "//evil.example"
        for (String back : new String[] { "/\t/evil.example", "/\n/evil.example", "/\r//evil.example", "//evil.example",
                "/\\evil.example", "https://evil.example" }) {
            mvc.perform(post("/work-items/" + id + "/move").session(session).with(csrf()).param("list", "backlog")
                    .param("back", back)).andExpect(redirectedUrl("/backlog"));
        }
        mvc.perform(post("/work-items/" + id + "/move").session(session).with(csrf()).param("list", "backlog")
                .param("back", "/work-items/" + id + "?tab=history")).andExpect(redirectedUrl("/work-items/" + id
                        + "?tab=history"));
    }

    @Test
    void draggingAnItemSomeoneJustDeletedIsA404AndThePageSaysSo() throws Exception {
        MockHttpSession session = admin();
        long id = item("{\"title\": \"Deleted meanwhile\"}");
        asAdmin(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete("/api/v1/work-items/" + id),
                null).andExpect(status().isNoContent());
        mvc.perform(post("/work-items/" + id + "/move").session(session).with(csrf()).header("X-Requested-With", "fetch")
                .param("list", "backlog")).andExpect(status().isNotFound());
        // planning.js reloads the page after a refused drag
        mvc.perform(get("/backlog").session(session)).andExpect(status().isOk())
                .andExpect(content().string(containsString("Work item " + id + " does not exist")))
                .andExpect(content().string(containsString("Someone may have just deleted it")));
    }
}
