package dev.loopline.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.hamcrest.Matchers.containsString;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.support.AbstractIntegrationTest;
import dev.loopline.support.IntegrationTest;
import dev.loopline.support.TestGates;

class AuditTrailTests extends AbstractIntegrationTest {

    @Autowired
    AuditLog auditLog;

    private List<AuditEntry> entriesFor(String type, String id) {
        return auditLog.forTarget(type, id);
    }

    @Test
    void recordsIterationWorkItemPhaseAndOverrideChangesWithActorAndAddress() throws Exception {
        long id = createIteration("Audited " + TestGates.MARKER);
        String item = mvc.perform(post("/api/v1/iterations/" + id + "/work-items")
                .header("Authorization", bearer(adminToken())).contentType(MediaType.APPLICATION_JSON)
                .content("{\"title\": \"Audit me\"}")).andReturn().getResponse().getContentAsString();
        long itemId = ((Number) JsonPath.read(item, "$.id")).longValue();
        mvc.perform(patch("/api/v1/work-items/" + itemId).header("Authorization", bearer(adminToken()))
                .contentType(MediaType.APPLICATION_JSON).content("{\"status\": \"done\"}")).andExpect(status().isOk());
        for (String phase : new String[] {"code", "build", "test"}) {
            mvc.perform(post("/api/v1/iterations/" + id + "/phase").header("Authorization", bearer(adminToken()))
                    .contentType(MediaType.APPLICATION_JSON).content("{\"phase\": \"" + phase + "\"}"));
        }
        mvc.perform(post("/api/v1/iterations/" + id + "/phase").header("Authorization", bearer(adminToken()))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"phase\": \"release\", \"override_reason\": \"Signed in the meeting\"}"))
                .andExpect(status().isOk());

        List<AuditEntry> iterationEntries = entriesFor("iteration", String.valueOf(id));
        assertThat(iterationEntries).extracting(AuditEntry::getAction)
                .contains("iteration.created", "iteration.phase_changed", "iteration.gate_overridden");
        AuditEntry override = iterationEntries.stream()
                .filter(e -> e.getAction().equals("iteration.gate_overridden")).findFirst().orElseThrow();
        assertThat(override.getActorName()).isEqualTo("token:bootstrap");
        assertThat(override.getActorType()).isEqualTo("token");
        assertThat(override.getDetails()).contains("Signed in the meeting").contains("Release checklist signed");
        assertThat(override.getRemoteAddress()).isNotBlank();

        assertThat(entriesFor("work_item", String.valueOf(itemId))).extracting(AuditEntry::getAction)
                .containsExactly("work_item.updated", "work_item.created");
        assertThat(entriesFor("work_item", String.valueOf(itemId)).get(0).getDetails()).contains("To do → Done");
    }

    @Test
    void aRefusedMoveLeavesNoEntry() throws Exception {
        long id = createIteration("Refused move");
        mvc.perform(post("/api/v1/iterations/" + id + "/phase").header("Authorization", bearer(adminToken()))
                .contentType(MediaType.APPLICATION_JSON).content("{\"phase\": \"monitor\"}"))
                .andExpect(status().isConflict());
        assertThat(entriesFor("iteration", String.valueOf(id))).extracting(AuditEntry::getAction)
                .containsExactly("iteration.created");
    }

    @Test
    void recordsSignInsAndFailedSignIns() throws Exception {
        mvc.perform(formLogin("/login").user("admin").password("wrong-password")).andExpect(status().is3xxRedirection());
        mvc.perform(formLogin("/login").user("admin").password(IntegrationTest.ADMIN_PASSWORD))
                .andExpect(status().is3xxRedirection());
        List<String> actions = entriesFor("user", "admin").stream().map(AuditEntry::getAction).toList();
        assertThat(actions).contains("user.login", "user.login_failed");
    }

    @Test
    void recordsTokenCreationAndShowsThePageFilteredByAction() throws Exception {
        String token = tokenWithRoles("operator");
        assertThat(token).isNotBlank();
        MockHttpSession session = (MockHttpSession) mvc.perform(formLogin("/login").user("admin")
                .password(IntegrationTest.ADMIN_PASSWORD)).andReturn().getRequest().getSession();
        mvc.perform(get("/audit").param("action", "service_token.created").session(session))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Created service token")))
                .andExpect(content().string(containsString("token:bootstrap")));
    }
}
