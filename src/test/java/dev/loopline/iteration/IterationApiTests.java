package dev.loopline.iteration;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.support.AbstractIntegrationTest;
import dev.loopline.support.TestGates;

class IterationApiTests extends AbstractIntegrationTest {

    private ResultActions postJson(String path, String token, String body) throws Exception {
        return mvc.perform(post(path).header("Authorization", bearer(token)).contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    private String newDatabase() throws Exception {
        String name = "iter-db-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        postJson("/api/v1/databases", adminToken(), "{\"name\": \"" + name + "\"}").andExpect(status().isCreated());
        return name;
    }

    @Test
    void createsAnIterationAndAnswersWithTheContractFields() throws Exception {
        String db = newDatabase();
        postJson("/api/v1/iterations", adminToken(), """
                {"name": "Sprint 1", "goal": "Live parcel tracking", "starts_on": "2026-11-16",
                 "ends_on": "2026-11-29", "database": "%s"}""".formatted(db))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.id").isNumber())
                .andExpect(jsonPath("$.name").value("Sprint 1"))
                .andExpect(jsonPath("$.goal").value("Live parcel tracking"))
                .andExpect(jsonPath("$.starts_on").value("2026-11-16"))
                .andExpect(jsonPath("$.ends_on").value("2026-11-29"))
                .andExpect(jsonPath("$.phase").value("plan"))
                .andExpect(jsonPath("$.database").value(db))
                .andExpect(jsonPath("$.branch").value(nullValue()))
                .andExpect(jsonPath("$.created_at").isString());
    }

    @Test
    void rejectsABlankNameWithACode() throws Exception {
        postJson("/api/v1/iterations", adminToken(), """
                {"name": "  ", "starts_on": "2026-11-16", "ends_on": "2026-11-29"}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_name"))
                .andExpect(jsonPath("$.message").value(containsString("name")));
    }

    @Test
    void rejectsAnEndBeforeTheStart() throws Exception {
        postJson("/api/v1/iterations", adminToken(), """
                {"name": "Backwards", "starts_on": "2026-11-16", "ends_on": "2026-11-01"}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_dates"))
                .andExpect(jsonPath("$.message").value(containsString("2026-11-01")));
    }

    @Test
    void rejectsADatabaseThatDoesNotExistNamingTheField() throws Exception {
        postJson("/api/v1/iterations", adminToken(), """
                {"name": "Ghost db", "starts_on": "2026-11-16", "ends_on": "2026-11-29", "database": "no-such-db"}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_database"))
                .andExpect(jsonPath("$.message").value(containsString("database")))
                .andExpect(jsonPath("$.message").value(containsString("no-such-db")));
        long id = createIteration("Patch me");
        mvc.perform(patch("/api/v1/iterations/" + id).header("Authorization", bearer(adminToken()))
                .contentType(MediaType.APPLICATION_JSON).content("{\"database\": \"no-such-db\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_database"));
        String db = newDatabase();
        mvc.perform(patch("/api/v1/iterations/" + id).header("Authorization", bearer(adminToken()))
                .contentType(MediaType.APPLICATION_JSON).content("{\"database\": \"" + db + "\", \"goal\": \"Linked\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.database").value(db))
                .andExpect(jsonPath("$.goal").value("Linked"))
                .andExpect(jsonPath("$.name").value("Patch me"))
                .andExpect(jsonPath("$.starts_on").value("2026-11-16"));
    }

    @Test
    void rejectsAbsurdDates() throws Exception {
        for (String[] dates : new String[][] {{"2026-11-16", "+99999-12-31", "invalid_ends_on"},
                {"2026-11-16", "2101-01-01", "invalid_ends_on"}, {"1999-12-31", "2026-11-29", "invalid_starts_on"},
                {"0001-01-01", "2026-11-29", "invalid_starts_on"}, {"2026-11-16", "99999-12-31", "invalid_ends_on"}}) {
            postJson("/api/v1/iterations", adminToken(), "{\"name\": \"Absurd\", \"starts_on\": \"" + dates[0]
                    + "\", \"ends_on\": \"" + dates[1] + "\"}")
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.code").value(dates[2]));
        }
        long id = createIteration("Stretch me");
        mvc.perform(patch("/api/v1/iterations/" + id).header("Authorization", bearer(adminToken()))
                .contentType(MediaType.APPLICATION_JSON).content("{\"ends_on\": \"+99999-12-31\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_ends_on"));
        mvc.perform(patch("/api/v1/iterations/" + id).header("Authorization", bearer(adminToken()))
                .contentType(MediaType.APPLICATION_JSON).content("{\"ends_on\": \"2026-11-01\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_dates"));
        mvc.perform(get("/api/v1/iterations/" + id).header("Authorization", bearer(adminToken())))
                .andExpect(jsonPath("$.ends_on").value("2026-11-29"));
    }

    @Test
    void rejectsAMalformedDateAndMalformedJson() throws Exception {
        postJson("/api/v1/iterations", adminToken(), """
                {"name": "Bad date", "starts_on": "16/11/2026", "ends_on": "2026-11-29"}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_starts_on"));
        postJson("/api/v1/iterations", adminToken(), "{\"name\": ")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("malformed_request"))
                .andExpect(jsonPath("$.message").value(not(containsString("Exception"))));
    }

    @Test
    void rejectsAnUnknownPhase() throws Exception {
        long id = createIteration("Unknown phase");
        postJson("/api/v1/iterations/" + id + "/phase", adminToken(), "{\"phase\": \"party\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_phase"))
                .andExpect(jsonPath("$.message").value(containsString("plan, code, build")));
    }

    @Test
    void movesForwardOnePhaseAndBackToAnyEarlierOne() throws Exception {
        long id = createIteration("Round trip");
        postJson("/api/v1/iterations/" + id + "/phase", adminToken(), "{\"phase\": \"code\"}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.phase").value("code"));
        postJson("/api/v1/iterations/" + id + "/phase", adminToken(), "{\"phase\": \"build\"}")
                .andExpect(status().isOk());
        postJson("/api/v1/iterations/" + id + "/phase", adminToken(), "{\"phase\": \"deploy\"}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("phase_skipped"))
                .andExpect(jsonPath("$.message").value(containsString("after Build comes Test")));
        postJson("/api/v1/iterations/" + id + "/phase", adminToken(), "{\"phase\": \"plan\"}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.phase").value("plan"));

        mvc.perform(get("/api/v1/iterations/" + id).header("Authorization", bearer(adminToken())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.phase_history", hasSize(4)))
                .andExpect(jsonPath("$.phase_history[0].phase").value("plan"))
                .andExpect(jsonPath("$.phase_history[0].left_at").isString())
                .andExpect(jsonPath("$.phase_history[2].phase").value("build"))
                .andExpect(jsonPath("$.phase_history[3].phase").value("plan"))
                .andExpect(jsonPath("$.phase_history[3].left_at").value(nullValue()))
                .andExpect(jsonPath("$.phase_history[3].by").value("token:bootstrap"));
    }

    @Test
    void aFailingGateRefusesTheMoveAndNamesWhatIsMissing() throws Exception {
        long id = createIteration("Release " + TestGates.MARKER);
        for (String phase : new String[] {"code", "build", "test"}) {
            postJson("/api/v1/iterations/" + id + "/phase", adminToken(), "{\"phase\": \"" + phase + "\"}")
                    .andExpect(status().isOk());
        }
        postJson("/api/v1/iterations/" + id + "/phase", adminToken(), "{\"phase\": \"release\"}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("gate_not_met"))
                .andExpect(jsonPath("$.message").value(containsString("release checklist is not signed")));
    }

    @Test
    void onlyAnAdminMayOverrideAGateAndTheOverrideIsRecorded() throws Exception {
        long id = createIteration("Override " + TestGates.MARKER);
        String pm = tokenWithRoles("project_manager");
        for (String phase : new String[] {"code", "build", "test"}) {
            postJson("/api/v1/iterations/" + id + "/phase", pm, "{\"phase\": \"" + phase + "\"}")
                    .andExpect(status().isOk());
        }
        postJson("/api/v1/iterations/" + id + "/phase", pm,
                "{\"phase\": \"release\", \"override_reason\": \"I am in a hurry\"}")
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("override_not_allowed"));
        postJson("/api/v1/iterations/" + id + "/phase", adminToken(),
                "{\"phase\": \"release\", \"override_reason\": \"Checklist signed on paper by the CTO\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.phase").value("release"))
                .andExpect(jsonPath("$.phase_history[4].override_reason").value("Checklist signed on paper by the CTO"));
    }

    @Test
    void developersReadIterationsAndMoveWorkItemsButCannotPlan() throws Exception {
        long id = createIteration("Developer rights");
        String developer = tokenWithRoles("developer");
        String item = mvc.perform(post("/api/v1/iterations/" + id + "/work-items")
                .header("Authorization", bearer(adminToken())).contentType(MediaType.APPLICATION_JSON)
                .content("{\"title\": \"Index on shipments\", \"points\": 3}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("todo"))
                .andReturn().getResponse().getContentAsString();
        long itemId = ((Number) JsonPath.read(item, "$.id")).longValue();

        mvc.perform(get("/api/v1/iterations/" + id).header("Authorization", bearer(developer)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.work_items[0].title").value("Index on shipments"));
        mvc.perform(patch("/api/v1/work-items/" + itemId).header("Authorization", bearer(developer))
                .contentType(MediaType.APPLICATION_JSON).content("{\"status\": \"in_progress\", \"assignee\": \"admin\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("in_progress"))
                .andExpect(jsonPath("$.assignee").value("admin"))
                .andExpect(jsonPath("$.points").value(3));

        postJson("/api/v1/iterations", developer, "{\"name\": \"Mine\", \"starts_on\": \"2026-11-16\", \"ends_on\": \"2026-11-29\"}")
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("forbidden"));
        postJson("/api/v1/iterations/" + id + "/phase", developer, "{\"phase\": \"code\"}")
                .andExpect(status().isForbidden());
        postJson("/api/v1/iterations/" + id + "/work-items", developer, "{\"title\": \"Sneaky\"}")
                .andExpect(status().isForbidden());
    }

    @Test
    void assigneesAreLooplineUsersAndPlannersDeleteWorkItems() throws Exception {
        long id = createIteration("Assignees");
        postJson("/api/v1/iterations/" + id + "/work-items", adminToken(), "{\"title\": \"x\", \"assignee\": \"nobody-here\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_assignee"))
                .andExpect(jsonPath("$.message").value(containsString("nobody-here")));
        String item = postJson("/api/v1/iterations/" + id + "/work-items", adminToken(),
                "{\"title\": \"Track parcels\", \"assignee\": \"admin\"}")
                .andExpect(status().isCreated()).andExpect(jsonPath("$.assignee").value("admin"))
                .andReturn().getResponse().getContentAsString();
        long itemId = ((Number) JsonPath.read(item, "$.id")).longValue();
        mvc.perform(patch("/api/v1/work-items/" + itemId).header("Authorization", bearer(adminToken()))
                .contentType(MediaType.APPLICATION_JSON).content("{\"assignee\": \"nobody-here\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_assignee"));
        mvc.perform(patch("/api/v1/work-items/" + itemId).header("Authorization", bearer(adminToken()))
                .contentType(MediaType.APPLICATION_JSON).content("{\"assignee\": \"\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.assignee").value(nullValue()));

        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete("/api/v1/work-items/" + itemId)
                .header("Authorization", bearer(tokenWithRoles("developer"))))
                .andExpect(status().isForbidden());
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete("/api/v1/work-items/" + itemId)
                .header("Authorization", bearer(adminToken())))
                .andExpect(status().isNoContent());
        mvc.perform(get("/api/v1/iterations/" + id).header("Authorization", bearer(adminToken())))
                .andExpect(jsonPath("$.work_items").isEmpty());
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete("/api/v1/work-items/" + itemId)
                .header("Authorization", bearer(adminToken())))
                .andExpect(status().isNotFound());
    }

    @Test
    void validatesWorkItems() throws Exception {
        long id = createIteration("Work item validation");
        postJson("/api/v1/iterations/" + id + "/work-items", adminToken(), "{\"title\": \"\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_title"));
        postJson("/api/v1/iterations/" + id + "/work-items", adminToken(), "{\"title\": \"x\", \"points\": -1}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_points"));
        postJson("/api/v1/iterations/" + id + "/work-items", adminToken(), "{\"title\": \"x\", \"status\": \"blocked\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_status"));
    }

    @Test
    void answers401WithoutOrWithABadToken() throws Exception {
        mvc.perform(get("/api/v1/iterations"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("unauthenticated"));
        mvc.perform(get("/api/v1/iterations").header("Authorization", "Bearer llt_not_a_real_token"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("invalid_token"));
    }

    @Test
    void answers404ForUnknownIterationsWorkItemsAndPaths() throws Exception {
        mvc.perform(get("/api/v1/iterations/987654").header("Authorization", bearer(adminToken())))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"))
                .andExpect(jsonPath("$.message").value("Iteration 987654 does not exist."));
        mvc.perform(patch("/api/v1/work-items/987654").header("Authorization", bearer(adminToken()))
                .contentType(MediaType.APPLICATION_JSON).content("{\"status\": \"done\"}"))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/iterations/not-a-number").header("Authorization", bearer(adminToken())))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_parameter"));
    }

    @Test
    void listsIterationsNewestFirstWithPaging() throws Exception {
        createIteration("List me");
        mvc.perform(get("/api/v1/iterations?per_page=1").header("Authorization", bearer(adminToken())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.data", hasSize(1)));
        mvc.perform(get("/api/v1/iterations?per_page=1000").header("Authorization", bearer(adminToken())))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_per_page"));
    }
}
