package dev.loopline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.support.AbstractIntegrationTest;

/**
 * The seed story through the API, without a click on a phase: branch → build → test run → test branch that expires →
 * deploy request → deploy → revert window closed → Monitor, with a release gate holding it back once.
 */
class AutoPhaseFlowTests extends AbstractIntegrationTest {

    @Autowired
    ApplicationEventPublisher events;

    private String phase(long id) throws Exception {
        return JsonPath.read(bodyOf(asAdmin(get("/api/v1/iterations/" + id), null)), "$.phase");
    }

    private String iteration(long id) throws Exception {
        return bodyOf(asAdmin(get("/api/v1/iterations/" + id), null));
    }

    /** What the test-report half of the module publishes when a JUnit report is stored. */
    private void testRun(long buildId, long iteration, int tests, int failures) {
        events.publishEvent(new PipelineEvents.TestRunRecorded(buildId, iteration, buildId * 10, tests, failures, 0));
    }

    private long build(String pipeline, int number, String status, String gitBranch, String testBranch)
            throws Exception {
        String json = bodyOf(asAdmin(post("/api/v1/builds"), "{\"pipeline\":\"" + pipeline + "\",\"number\":" + number
                + ",\"status\":\"" + status + "\",\"commit_sha\":\"abcdef" + number + "\",\"git_branch\":\"" + gitBranch
                + "\"" + (testBranch == null ? "" : ",\"test_branch\":\"" + testBranch + "\"") + "}"));
        return ((Number) JsonPath.read(json, "$.id")).longValue();
    }

    @Test
    void theSeedStoryMovesAnIterationFromPlanToMonitorByItselfAndAGateHoldsItBackOnce() throws Exception {
        String db = "flow-" + UUID.randomUUID().toString().substring(0, 6);
        asAdmin(post("/api/v1/databases"), "{\"name\": \"" + db + "\", \"revert_window_minutes\": 30}")
                .andExpect(status().isCreated());
        String created = bodyOf(asAdmin(post("/api/v1/iterations"), "{\"name\": \"Shipping ETA\", \"starts_on\": \""
                + LocalDate.now(ZoneOffset.UTC) + "\", \"ends_on\": \"" + LocalDate.now(ZoneOffset.UTC).plusDays(10)
                + "\", \"database\": \"" + db + "\"}").andExpect(jsonPath("$.auto_phase").value(true)));
        long id = ((Number) JsonPath.read(created, "$.id")).longValue();
        String branch = "iter-" + id + "-shipping-eta";
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> "ready".equals(JsonPath.read(bodyOf(asAdmin(
                get("/api/v1/databases/" + db + "/branches/" + branch), null)), "$.state")));
        assertThat(phase(id)).isEqualTo("plan");
        asAdmin(put("/api/v1/iterations/" + id + "/build-gates"), "{\"latest_build_green\": true, "
                + "\"no_failing_tests\": true}").andExpect(status().isOk());

        // Code: work on the iteration's branch
        sqlAsAdmin(db, branch, "CREATE TABLE parcels (id BIGINT PRIMARY KEY, eta TIMESTAMP)");
        assertThat(phase(id)).isEqualTo("code");

        // Build: CI builds the git branch named after the iteration, on a test branch that deletes itself
        asAdmin(post("/api/v1/databases/" + db + "/branches"), "{\"name\": \"test-1\", \"parent_branch\": \"" + branch
                + "\", \"delete_after_minutes\": 30}").andExpect(status().isCreated())
                .andExpect(jsonPath("$.expires_at").isString());
        String pipeline = "shop-" + UUID.randomUUID().toString().substring(0, 6);
        long first = build(pipeline, 1, "running", "feature/other", db + "/test-1");
        asAdmin(get("/api/v1/builds/" + first), null).andExpect(jsonPath("$.iteration_id").value(id));
        assertThat(phase(id)).isEqualTo("build");
        build(pipeline, 1, "failed", "feature/other", null);

        // Test: a failing test run
        testRun(first, id, 40, 2);
        assertThat(phase(id)).isEqualTo("test");

        // Release is held back by the gates the PM switched on
        as(tokenWithRoles("developer"), post("/api/v1/databases/" + db + "/deploy-requests"), "{\"branch\": \""
                + branch + "\"}").andExpect(status().isCreated());
        String held = iteration(id);
        assertThat((String) JsonPath.read(held, "$.phase")).isEqualTo("test");
        assertThat((String) JsonPath.read(held, "$.auto_phase_blocked")).contains("Not moved to Release")
                .contains("is failed, not green").contains("2 failing tests");

        // a green build with passing tests lets the held-back evidence count
        long second = build(pipeline, 2, "success", branch, null);
        testRun(second, id, 40, 0);
        String released = iteration(id);
        assertThat((String) JsonPath.read(released, "$.phase")).isEqualTo("release");
        assertThat((Object) JsonPath.read(released, "$.auto_phase_blocked")).isNull();

        // Deploy, Operate, Monitor follow the deploy request
        String operator = tokenWithRoles("operator");
        as(operator, post("/api/v1/databases/" + db + "/deploy-requests/1/reviews"), "{\"state\": \"approved\"}")
                .andExpect(status().isCreated());
        as(operator, post("/api/v1/databases/" + db + "/deploy-requests/1/deploy?wait=true"), "")
                .andExpect(jsonPath("$.deployment_state").value("complete_pending_revert"));
        await().atMost(Duration.ofSeconds(20)).until(() -> phase(id).equals("operate"));
        as(operator, post("/api/v1/databases/" + db + "/deploy-requests/1/skip-revert"), "").andExpect(status().isOk());
        await().atMost(Duration.ofSeconds(20)).until(() -> phase(id).equals("monitor"));

        String done = iteration(id);
        List<String> phases = JsonPath.read(done, "$.phase_history[*].phase");
        List<String> by = JsonPath.read(done, "$.phase_history[*].by");
        List<String> reasons = JsonPath.read(done, "$.phase_history[*].reason");
        assertThat(phases).containsExactly("plan", "code", "build", "test", "release", "deploy", "operate", "monitor");
        assertThat(by.subList(1, by.size())).containsOnly("automation");
        assertThat(reasons.subList(1, reasons.size())).containsExactly("SQL on " + db + "/" + branch,
                "build " + pipeline + "#1", "test run " + first * 10 + " of build " + pipeline + "#1 (40 tests, 2 failing)",
                "deploy request " + db + "#1", "deploy of " + db + "#1", "cutover of " + db + "#1",
                "revert window closed on " + db + "#1");

        // never backwards: an old build's late report leaves it in Monitor
        build(pipeline, 3, "running", branch, null);
        assertThat(phase(id)).isEqualTo("monitor");
        asAdmin(delete("/api/v1/databases/" + db + "/branches/test-1"), null).andExpect(status().isNoContent());
    }

    @Test
    void anIterationWithAutomaticMovesOffStaysWhereItIs() throws Exception {
        long id = createIteration("Manual " + UUID.randomUUID());
        asAdmin(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch("/api/v1/iterations/" + id),
                "{\"auto_phase\": false}").andExpect(jsonPath("$.auto_phase").value(false));
        String pipeline = "manual-" + UUID.randomUUID().toString().substring(0, 6);
        asAdmin(post("/api/v1/builds"), "{\"pipeline\":\"" + pipeline + "\",\"number\":1,\"status\":\"success\","
                + "\"iteration_id\":" + id + "}").andExpect(jsonPath("$.iteration_id").value(id));
        assertThat(phase(id)).isEqualTo("plan");
    }
}
