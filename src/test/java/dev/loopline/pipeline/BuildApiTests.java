package dev.loopline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.support.AbstractIntegrationTest;

class BuildApiTests extends AbstractIntegrationTest {

    private static String pipeline() {
        return "api-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void createsABuildThenUpdatesItByPipelineAndNumber() throws Exception {
        String pipeline = pipeline();
        String created = bodyOf(asAdmin(post("/api/v1/builds"), """
                {"pipeline":"%s","number":12,"status":"running","commit_sha":"0123abcd","git_branch":"main",
                 "started_at":"2026-11-20T10:00:00Z","url":"https://ci.example/job/12"}""".formatted(pipeline))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("running"))
                .andExpect(jsonPath("$.test_summary.tests").value(0))
                .andExpect(jsonPath("$.duration_ms").doesNotExist()));
        long id = ((Number) JsonPath.read(created, "$.id")).longValue();

        asAdmin(post("/api/v1/builds"), """
                {"pipeline":"%s","number":12,"status":"success","finished_at":"2026-11-20T10:04:30+00:00",
                 "artifacts":[{"name":"app.jar","url":"https://ci.example/app.jar","sha256":"%s","size_bytes":2048}]}"""
                .formatted(pipeline, "ab".repeat(32)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(id))
                .andExpect(jsonPath("$.status").value("success"))
                .andExpect(jsonPath("$.commit_sha").value("0123abcd"))
                .andExpect(jsonPath("$.duration_ms").value(270_000))
                .andExpect(jsonPath("$.artifacts[0].size_bytes").value(2048));

        asAdmin(get("/api/v1/builds/" + id), null).andExpect(status().isOk())
                .andExpect(jsonPath("$.url").value("https://ci.example/job/12"));
        asAdmin(get("/api/v1/builds?pipeline=" + pipeline + "&status=success"), null)
                .andExpect(jsonPath("$.data.length()").value(1));
        asAdmin(get("/api/v1/builds?pipeline=" + pipeline + "&status=failed"), null)
                .andExpect(jsonPath("$.data.length()").value(0));
    }

    @Test
    void refusesAFinishBeforeTheStartAndOtherMalformedInput() throws Exception {
        asAdmin(post("/api/v1/builds"), """
                {"pipeline":"%s","number":1,"status":"success","started_at":"2026-11-20T10:00:00Z",
                 "finished_at":"2026-11-20T09:59:00Z"}""".formatted(pipeline()))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_times"));
        String pipeline = pipeline();
        asAdmin(post("/api/v1/builds"), "{\"pipeline\":\"" + pipeline + "\",\"number\":2,\"status\":\"running\","
                + "\"started_at\":\"2026-11-20T10:00:00Z\"}").andExpect(status().isCreated());
        // the finish alone arrives later, and is before the start the build already has
        asAdmin(post("/api/v1/builds"), "{\"pipeline\":\"" + pipeline + "\",\"number\":2,\"status\":\"failed\","
                + "\"finished_at\":\"2026-11-20T09:00:00Z\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_times"));
        asAdmin(post("/api/v1/builds"), "{\"pipeline\":\"x\",\"number\":1,\"status\":\"green\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_status"));
        asAdmin(post("/api/v1/builds"), "{\"pipeline\":\"x\",\"number\":1,\"started_at\":\"yesterday\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_started_at"));
        asAdmin(post("/api/v1/builds"), "{\"pipeline\":\"x\",\"number\":1,\"test_branch\":\"no-slash\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_test_branch"));
        asAdmin(post("/api/v1/builds"), "{\"pipeline\":\"x\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_number"));
        asAdmin(get("/api/v1/builds/99999999"), null).andExpect(status().isNotFound());
    }

    @Test
    void refusesLinksThatAreNotWebAddressesSoNoPageLinksToScript() throws Exception {
        asAdmin(post("/api/v1/builds"), "{\"pipeline\":\"" + pipeline() + "\",\"number\":1,\"url\":\"javascript:alert(1)\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_url"));
        asAdmin(post("/api/v1/builds"), "{\"pipeline\":\"" + pipeline() + "\",\"number\":1,\"artifacts\":[{\"name\":\"a\","
                + "\"url\":\" JavaScript:alert(1)\"}]}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_artifacts"));
        asAdmin(post("/api/v1/builds"), "{\"pipeline\":\"" + pipeline() + "\",\"number\":1,\"url\":\"HTTPS://ci.example/1\","
                + "\"artifacts\":[{\"name\":\"a\",\"url\":\"http://ci.example/a.jar\"}]}").andExpect(status().isCreated());
    }

    @Test
    void linksTheIterationFromTheIdTheCommitMessageOrTheGitBranchAndStoresUnknownOnesUnlinked() throws Exception {
        long iteration = createIteration("Linked " + UUID.randomUUID());
        String item = bodyOf(asAdmin(post("/api/v1/iterations/" + iteration + "/work-items"), "{\"title\":\"ETA\"}"));
        long workItem = ((Number) JsonPath.read(item, "$.id")).longValue();

        assertThat(iterationOf("{\"iteration_id\":" + iteration + "}")).isEqualTo(iteration);
        assertThat(iterationOf("{\"commit_message\":\"Fix it\\n\\niteration:" + iteration + "\"}")).isEqualTo(iteration);
        assertThat(iterationOf("{\"commit_message\":\"LL-" + workItem + " add ETA\"}")).isEqualTo(iteration);
        assertThat(iterationOf("{\"git_branch\":\"refs/heads/feature/iter-" + iteration + "-shipping\"}"))
                .isEqualTo(iteration);
        assertThat(iterationOf("{\"iteration_id\":987654321,\"commit_message\":\"LL-987654321\","
                + "\"git_branch\":\"iter-987654321-x\"}")).isNull();
    }

    private Long iterationOf(String fields) throws Exception {
        String body = "{\"pipeline\":\"" + pipeline() + "\",\"number\":1,\"status\":\"queued\"," + fields.substring(1);
        String json = bodyOf(asAdmin(post("/api/v1/builds"), body).andExpect(status().isCreated()));
        Number id = JsonPath.read(json, "$.iteration_id");
        return id == null ? null : id.longValue();
    }

    @Test
    void onlyDevelopersAndOperatorsReportBuilds() throws Exception {
        String planner = tokenWithRoles("project_manager");
        as(planner, post("/api/v1/builds"), "{\"pipeline\":\"" + pipeline() + "\",\"number\":1}")
                .andExpect(status().isForbidden());
        as(planner, get("/api/v1/builds"), null).andExpect(status().isOk());
        String ci = tokenWithRoles("developer");
        as(ci, post("/api/v1/builds"), "{\"pipeline\":\"" + pipeline() + "\",\"number\":1}")
                .andExpect(status().isCreated());
        mvc.perform(post("/api/v1/builds").contentType("application/json").content("{}"))
                .andExpect(status().isUnauthorized());
    }
}
