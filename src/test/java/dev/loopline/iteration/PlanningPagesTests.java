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
}
