package dev.loopline.web;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;

import dev.loopline.support.AbstractIntegrationTest;
import dev.loopline.support.IntegrationTest;

/** The pages hold to the same input rules as the API: limits shown next to the field, decimal ids, sane paging. */
class FormLimitsTests extends AbstractIntegrationTest {

    private MockHttpSession admin() throws Exception {
        return (MockHttpSession) mvc.perform(formLogin("/login").user("admin").password(IntegrationTest.ADMIN_PASSWORD))
                .andReturn().getRequest().getSession();
    }

    private void api(String path, String json) throws Exception {
        mvc.perform(post(path).header("Authorization", bearer(adminToken())).contentType(MediaType.APPLICATION_JSON)
                .content(json)).andExpect(status().isCreated());
    }

    @Test
    void aTooLongReviewIsShownNextToTheCommentBox() throws Exception {
        api("/api/v1/databases", "{\"name\":\"forms\"}");
        api("/api/v1/databases/forms/branches", "{\"name\":\"dev\"}");
        sqlAsAdmin("forms", "dev", "CREATE TABLE reviewed (id BIGINT PRIMARY KEY)");
        api("/api/v1/databases/forms/deploy-requests", "{\"branch\":\"dev\"}");
        MockHttpSession session = admin();
        mvc.perform(get("/databases/forms/deploy-requests/1").session(session)).andExpect(status().isOk())
                .andExpect(content().string(containsString("maxlength=\"4000\"")));

        var posted = mvc.perform(post("/databases/forms/deploy-requests/1/reviews").session(session).with(csrf())
                .param("state", "commented").param("body", "z".repeat(5000)))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("reviewError", "'body' is 5000 characters long; the limit is 4000."))
                .andReturn();
        mvc.perform(get("/databases/forms/deploy-requests/1").session(session)
                .flashAttrs(posted.getFlashMap()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("data-testid=\"review-error\">&#39;body&#39; is 5000 characters long; "
                        + "the limit is 4000.</div>")));
    }

    @Test
    void pagesRefuseHexIdsAndNonsensePaging() throws Exception {
        MockHttpSession session = admin();
        long id = createIteration("Hex");
        mvc.perform(get("/iterations/" + id).session(session)).andExpect(status().isOk());
        mvc.perform(get("/iterations/0x" + Long.toHexString(id)).session(session)).andExpect(status().isNotFound());
        mvc.perform(get("/iterations?page=2147483647").session(session)).andExpect(status().isBadRequest());
        mvc.perform(get("/iterations?page=0").session(session)).andExpect(status().isBadRequest());
        mvc.perform(get("/iterations?page=2").session(session)).andExpect(status().isOk());
        mvc.perform(get("/audit?page=2147483647").session(session)).andExpect(status().isOk());
    }
}
