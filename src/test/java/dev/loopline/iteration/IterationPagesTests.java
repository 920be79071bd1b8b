package dev.loopline.iteration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;

import dev.loopline.audit.AuditEntry;
import dev.loopline.audit.AuditLog;
import dev.loopline.support.AbstractIntegrationTest;
import dev.loopline.support.IntegrationTest;
import dev.loopline.support.TestGates;

class IterationPagesTests extends AbstractIntegrationTest {

    @Autowired
    AuditLog auditLog;

    private MockHttpSession admin() throws Exception {
        return (MockHttpSession) mvc.perform(formLogin("/login").user("admin").password(IntegrationTest.ADMIN_PASSWORD))
                .andReturn().getRequest().getSession();
    }

    @Test
    void everyPageRendersForAnAdmin() throws Exception {
        MockHttpSession session = admin();
        long id = createIteration("Render me");
        for (String page : new String[] {"/", "/iterations", "/iterations/new", "/iterations/" + id,
                "/iterations/" + id + "/edit", "/audit", "/audit?actor=admin&page=0", "/admin/users", "/admin/users/1",
                "/admin/users/new", "/admin/tokens"}) {
            mvc.perform(get(page).session(session)).andExpect(status().isOk())
                    .andExpect(content().string(containsString("<h1")));
        }
        mvc.perform(get("/iterations/424242").session(session)).andExpect(status().isNotFound())
                .andExpect(content().string(containsString("Iteration 424242 does not exist.")));
    }

    @Autowired
    TestGates testGates;

    @Test
    void showsTheEvidencePanelsOtherModulesProvide() throws Exception {
        MockHttpSession session = admin();
        long with = createIteration("With evidence");
        long without = createIteration("Without evidence");
        testGates.showPanelFor(with);
        String page = mvc.perform(get("/iterations/" + with).session(session)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        var evidence = org.jsoup.Jsoup.parse(page).selectFirst("[data-testid=evidence]");
        assertThat(evidence).isNotNull();
        var panel = evidence.selectFirst("[data-testid=panel-checklist]");
        assertThat(panel.selectFirst(".card-header > span").text()).isEqualTo("Checklist <b>");
        assertThat(panel.select(".card-header .phase-badge").eachText()).containsExactly("Build", "Test");
        assertThat(evidence.selectFirst("[data-testid=checklist-body]").text())
                .isEqualTo("Iteration " + with + " is in Plan.");
        mvc.perform(get("/iterations/" + without).session(session)).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("data-testid=\"panel-checklist\""))));
    }

    @Test
    void editsAnIterationAndAuditsWhatChanged() throws Exception {
        MockHttpSession session = admin();
        long id = createIteration("Before the edit");
        mvc.perform(post("/api/v1/databases").header("Authorization", bearer(adminToken()))
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON).content("{\"name\": \"mechanica\"}"));
        mvc.perform(post("/iterations/" + id).session(session).with(csrf()).param("name", "After the edit")
                .param("startsOn", "2026-11-16").param("endsOn", "2026-11-30").param("database", "mechanica"))
                .andExpect(redirectedUrl("/iterations/" + id));
        AuditEntry updated = auditLog.forTarget("iteration", String.valueOf(id)).get(0);
        assertThat(updated.getAction()).isEqualTo("iteration.updated");
        assertThat(updated.getDetails()).contains("\"Before the edit\" → \"After the edit\"")
                .contains("database none → mechanica");
    }

    @Test
    void showsFormErrorsNextToTheField() throws Exception {
        mvc.perform(post("/iterations").session(admin()).with(csrf()).param("name", "")
                .param("startsOn", "2026-11-16").param("endsOn", "2026-11-30"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Give the iteration a name.")))
                .andExpect(content().string(containsString("is-invalid")));
    }

    @Test
    void showsAnUnknownDatabaseAndAbsurdDatesNextToTheirFields() throws Exception {
        MockHttpSession session = admin();
        mvc.perform(post("/iterations").session(session).with(csrf()).param("name", "Ghost database")
                .param("startsOn", "2026-11-16").param("endsOn", "2026-11-30").param("database", "no-such-db"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("class=\"form-select mono is-invalid\"")))
                .andExpect(content().string(containsString(
                        "data-testid=\"database-error\">There is no database named no-such-db.")));
        long id = createIteration("Edit to a ghost");
        mvc.perform(post("/iterations/" + id).session(session).with(csrf()).param("name", "Edit to a ghost")
                .param("startsOn", "2026-11-16").param("endsOn", "2026-11-30").param("database", "no-such-db"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("data-testid=\"database-error\">There is no database")));
        mvc.perform(post("/iterations").session(session).with(csrf()).param("name", "Far future")
                .param("startsOn", "2026-11-16").param("endsOn", "+99999-12-31"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("data-testid=\"ends-on-error\"")));
        mvc.perform(post("/iterations").session(session).with(csrf()).param("name", "Far future")
                .param("startsOn", "2026-11-16").param("endsOn", "2101-01-01"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("give a date between 2000-01-01 and 2100-12-31")));
    }

    @Test
    void showsABlockedGateAndLetsTheAdminOverrideWithAReason() throws Exception {
        MockHttpSession session = admin();
        long id = createIteration("Page gate " + TestGates.MARKER);
        for (String phase : new String[] {"code", "build", "test"}) {
            mvc.perform(post("/iterations/" + id + "/phase").session(session).with(csrf()).param("target", phase));
        }
        mvc.perform(get("/iterations/" + id).session(session))
                .andExpect(content().string(containsString("The release checklist is not signed.")))
                .andExpect(content().string(containsString("data-testid=\"override-gate\"")))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("data-testid=\"advance-phase\""))));
        mvc.perform(post("/iterations/" + id + "/phase").session(session).with(csrf()).header("HX-Request", "true")
                .param("target", "release"))
                .andExpect(content().string(containsString("Cannot move to Release")));
        mvc.perform(post("/iterations/" + id + "/phase").session(session).with(csrf()).header("HX-Request", "true")
                .param("target", "release").param("overrideReason", "Signed off by phone"))
                .andExpect(content().string(containsString("data-current-phase=\"release\"")))
                .andExpect(content().string(containsString("Signed off by phone")));
    }
}
