package dev.loopline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpSession;

import dev.loopline.support.AbstractIntegrationTest;
import dev.loopline.support.IntegrationTest;

/**
 * A form field of the wrong kind or left empty sends the person back to the form with a sentence naming the field,
 * on every form (number fields of the database settings and the backup policy here), never to an error page.
 */
class FormInputTests extends AbstractIntegrationTest {

    private MockHttpSession admin() throws Exception {
        return (MockHttpSession) mvc.perform(formLogin("/login").user("admin").password(IntegrationTest.ADMIN_PASSWORD))
                .andReturn().getRequest().getSession();
    }

    @Test
    void aNumberFieldWithTextOrNothingGoesBackToTheFormNamingTheField() throws Exception {
        MockHttpSession session = admin();
        String db = "forms-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        asAdmin(post("/api/v1/databases"), "{\"name\": \"" + db + "\"}").andExpect(status().isCreated());
        String page = "http://localhost/databases/" + db;

        mvc.perform(post("/databases/" + db + "/settings").session(session).with(csrf()).header("Referer", page)
                .param("requiredApprovals", "abc").param("revertWindowMinutes", "30"))
                .andExpect(redirectedUrl("/databases/" + db))
                .andExpect(flash().attribute("error", "Required approvals must be a whole number; 'abc' is not."));
        mvc.perform(post("/databases/" + db + "/settings").session(session).with(csrf()).header("Referer", page)
                .param("requiredApprovals", "1").param("revertWindowMinutes", ""))
                .andExpect(redirectedUrl("/databases/" + db))
                .andExpect(flash().attribute("error", "Revert window minutes is required."));
        mvc.perform(post("/databases/" + db + "/backup-policy").session(session).with(csrf())
                .header("Referer", page + "/backups").param("schedule", "0 0 2 * * ?"))
                .andExpect(redirectedUrl("/databases/" + db + "/backups"))
                .andExpect(flash().attribute("error", "Retention days is required."));

        String shown = mvc.perform(get("/databases/" + db).session(session)
                .flashAttr("error", "Required approvals must be a whole number; 'abc' is not."))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(org.jsoup.Jsoup.parse(shown).select("[data-testid=error]").text())
                .isEqualTo("Required approvals must be a whole number; 'abc' is not.");

        // from another site or without a Referer: the error page, as before
        mvc.perform(post("/databases/" + db + "/settings").session(session).with(csrf())
                .header("Referer", "https://evil.example/x").param("requiredApprovals", "abc")
                .param("revertWindowMinutes", "30")).andExpect(status().isBadRequest());
    }
}
