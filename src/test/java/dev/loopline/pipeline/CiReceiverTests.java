package dev.loopline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.web.servlet.ResultActions;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.support.AbstractIntegrationTest;

/** The native receivers with payloads shaped as Jenkins, GitHub and GitLab send them (fixtures in pipeline/ci). */
class CiReceiverTests extends AbstractIntegrationTest {

    @Autowired
    IntegrationService integrations;

    @Autowired
    BuildService builds;

    static <T> T asAdmin(Supplier<T> work) {
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("admin", null,
                Set.of(new SimpleGrantedAuthority("ROLE_ADMIN"))));
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        }
        finally {
            SecurityContextHolder.clearContext();
        }
    }

    static String fixture(String name, Map<String, String> values) throws IOException {
        try (InputStream in = CiReceiverTests.class.getResourceAsStream("/pipeline/ci/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (var value : values.entrySet()) {
                text = text.replace("{{" + value.getKey() + "}}", value.getValue());
            }
            return text;
        }
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static long buildId(ResultActions result) throws Exception {
        return ((Number) JsonPath.read(bodyOf(result), "$.build_id")).longValue();
    }

    @Test
    void jenkinsStartedWithTheOldStringTimestampThenFinalizedWithEpochMillisAndReplayedOnce() throws Exception {
        String token = asAdmin(() -> integrations.create(CiKind.JENKINS, "jenkins-" + unique())).plainText();
        long iteration = createIteration("Jenkins " + unique());
        var values = Map.of("job", "shop-" + unique(), "iteration", String.valueOf(iteration));

        long id = buildId(mvc.perform(post("/api/v1/integrations/jenkins").param("token", token)
                .contentType("application/json").content(fixture("jenkins-started-old.json", values)))
                .andExpect(status().isAccepted()).andExpect(jsonPath("$.status").value("running")));
        Build started = builds.get(id);
        // "…28.45+00:00": the plugin wrote milliseconds unpadded, so this is 45 ms, not 450
        assertThat(started.getStartedAt()).isEqualTo(Instant.parse("2016-08-12T15:23:28.045Z"));
        assertThat(started.getIterationId()).isEqualTo(iteration);
        assertThat(started.getGitBranch()).isEqualTo("iter-" + iteration + "-shipping");

        String finalized = fixture("jenkins-finalized-new.json", values);
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(("jenkins:" + token).getBytes());
        mvc.perform(post("/api/v1/integrations/jenkins").header("Authorization", basic)
                .contentType("application/json").content(finalized))
                .andExpect(status().isAccepted()).andExpect(jsonPath("$.outcome").value("accepted"))
                .andExpect(jsonPath("$.build_id").value(id)).andExpect(jsonPath("$.status").value("success"));
        Build done = builds.get(id);
        assertThat(done.getStatus()).isEqualTo(BuildStatus.SUCCESS);
        assertThat(done.getStartedAt()).isEqualTo(Instant.ofEpochMilli(1471015408045L));
        assertThat(done.duration()).hasValue(java.time.Duration.ofSeconds(181));
        assertThat(done.getArtifacts()).extracting(BuildArtifact::name).containsExactly("shop.jar");

        mvc.perform(post("/api/v1/integrations/jenkins").header("Authorization", basic)
                .contentType("application/json").content(finalized))
                .andExpect(status().isAccepted()).andExpect(jsonPath("$.outcome").value("duplicate"));
        assertThat(builds.get(id).getUpdatedAt()).isEqualTo(done.getUpdatedAt());

        mvc.perform(post("/api/v1/integrations/jenkins").param("token", "llci_wrong")
                .contentType("application/json").content(finalized))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.code").value("invalid_token"));
        assertThat(integrations.recentRefusals(1)).first().satisfies(d -> {
            assertThat(d.getOutcome()).isEqualTo(CiDelivery.Outcome.REFUSED);
            assertThat(d.getStatusCode()).isEqualTo(401);
            assertThat(d.getReason()).contains("matches no enabled Jenkins integration");
        });
    }

    private String workflowRun(String workflow, long iteration, String action, String status, String conclusion,
            int attempt, String startedAt, String updatedAt) throws IOException {
        return fixture("github-workflow-run.json", Map.of("workflow", workflow, "iteration", String.valueOf(iteration),
                "action", action, "status", status, "conclusion", conclusion == null ? "null" : "\"" + conclusion + "\"",
                "attempt", String.valueOf(attempt), "run_started_at", startedAt, "updated_at", updatedAt));
    }

    private ResultActions github(String secret, String delivery, String event, String body) throws Exception {
        String signature = "sha256=" + HexFormat.of().formatHex(IntegrationService.hmacSha256(secret,
                body.getBytes(StandardCharsets.UTF_8)));
        return mvc.perform(post("/api/v1/integrations/github").header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", delivery).header("X-Hub-Signature-256", signature)
                .contentType("application/json").content(body));
    }

    @Test
    void githubWorkflowRunsAreCheckedBySignatureReplayedIdempotentlyAndReRunAsANewAttempt() throws Exception {
        String secret = asAdmin(() -> integrations.create(CiKind.GITHUB, "github-" + unique())).plainText();
        long iteration = createIteration("GitHub " + unique());
        String workflow = "CI " + unique();

        github(secret, unique(), "ping", "{\"zen\":\"Keep it logically awesome.\"}")
                .andExpect(status().isAccepted()).andExpect(jsonPath("$.outcome").value("ignored"));

        String running = workflowRun(workflow, iteration, "in_progress", "in_progress", null, 1, "2020-01-22T19:33:08Z",
                "2020-01-22T19:33:10Z");
        long id = buildId(github(secret, "d-1-" + unique(), "workflow_run", running).andExpect(status().isAccepted()));
        String completedDelivery = "d-2-" + unique();
        String completed = workflowRun(workflow, iteration, "completed", "completed", "success", 1,
                "2020-01-22T19:33:08Z", "2020-01-22T19:38:08Z");
        github(secret, completedDelivery, "workflow_run", completed).andExpect(status().isAccepted())
                .andExpect(jsonPath("$.build_id").value(id)).andExpect(jsonPath("$.status").value("success"));
        Build build = builds.get(id);
        assertThat(build.getPipeline()).isEqualTo("octo-org/octo-repo · " + workflow);
        assertThat(build.getNumber()).isEqualTo(562);
        assertThat(build.getIterationId()).isEqualTo(iteration);
        assertThat(build.duration()).hasValue(java.time.Duration.ofMinutes(5));

        // GitHub's "Redeliver": the same delivery id again
        github(secret, completedDelivery, "workflow_run", completed).andExpect(status().isAccepted())
                .andExpect(jsonPath("$.outcome").value("duplicate"));

        // a tampered body, or one signed with another key, is refused
        String signature = "sha256=" + HexFormat.of().formatHex(IntegrationService.hmacSha256("not-the-secret",
                completed.getBytes(StandardCharsets.UTF_8)));
        mvc.perform(post("/api/v1/integrations/github").header("X-GitHub-Event", "workflow_run")
                .header("X-Hub-Signature-256", signature).contentType("application/json").content(completed))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.code").value("invalid_signature"));
        mvc.perform(post("/api/v1/integrations/github").header("X-GitHub-Event", "workflow_run")
                .contentType("application/json").content(completed))
                .andExpect(status().isUnauthorized());

        // "Re-run failed jobs": same run, run_attempt 2 — the build starts over and fails this time
        github(secret, "d-3-" + unique(), "workflow_run", workflowRun(workflow, iteration, "in_progress", "in_progress",
                null, 2, "2020-01-22T20:00:00Z", "2020-01-22T20:00:01Z")).andExpect(jsonPath("$.status").value("running"));
        assertThat(builds.get(id).getFinishedAt()).isNull();
        github(secret, "d-4-" + unique(), "workflow_run", workflowRun(workflow, iteration, "completed", "completed",
                "failure", 2, "2020-01-22T20:00:00Z", "2020-01-22T20:02:00Z")).andExpect(jsonPath("$.status").value("failed"));
        // a late delivery of attempt 1 changes nothing any more
        github(secret, "d-5-" + unique(), "workflow_run", completed).andExpect(jsonPath("$.status").value("failed"));
        assertThat(builds.get(id).getAttempt()).isEqualTo(2);
        assertThat(builds.get(id).duration()).hasValue(java.time.Duration.ofMinutes(2));
    }

    @Test
    void aTimeInAnUnknownFormatIsLeftOutRatherThanLosingTheBuildsFinalStatus() throws Exception {
        String token = asAdmin(() -> integrations.create(CiKind.JENKINS, "jenkins-" + unique())).plainText();
        long iteration = createIteration("Jenkins time " + unique());
        String finalized = fixture("jenkins-finalized-new.json", Map.of("job", "shop-" + unique(), "iteration",
                String.valueOf(iteration))).replace("1471015408045", "\"Aug 12, 2016 3:23:28 PM\"");
        long id = buildId(mvc.perform(post("/api/v1/integrations/jenkins").param("token", token)
                .contentType("application/json").content(finalized))
                .andExpect(status().isAccepted()).andExpect(jsonPath("$.outcome").value("accepted"))
                .andExpect(jsonPath("$.status").value("success")));
        Build build = builds.get(id);
        assertThat(build.getStatus()).isEqualTo(BuildStatus.SUCCESS);
        assertThat(build.getStartedAt()).isNull();
        assertThat(build.getIterationId()).isEqualTo(iteration);
        assertThat(integrations.recentDeliveries(1)).first().satisfies(d -> assertThat(d.getReason())
                .contains("build.timestamp").contains("Aug 12, 2016 3:23:28 PM"));
    }

    @Test
    void githubsDefaultFormContentTypeIsReadLikeJson() throws Exception {
        String secret = asAdmin(() -> integrations.create(CiKind.GITHUB, "github-" + unique())).plainText();
        long iteration = createIteration("GitHub form " + unique());
        String workflow = "CI " + unique();
        String json = workflowRun(workflow, iteration, "completed", "completed", "success", 1, "2020-01-22T19:33:08Z",
                "2020-01-22T19:38:08Z");
        // a webhook left on GitHub's default content type posts payload=<url-encoded JSON>, signed as sent
        String form = "payload=" + java.net.URLEncoder.encode(json, StandardCharsets.UTF_8);
        String signature = "sha256=" + HexFormat.of().formatHex(IntegrationService.hmacSha256(secret,
                form.getBytes(StandardCharsets.UTF_8)));
        long id = buildId(mvc.perform(post("/api/v1/integrations/github").header("X-GitHub-Event", "workflow_run")
                .header("X-GitHub-Delivery", unique()).header("X-Hub-Signature-256", signature)
                .contentType("application/x-www-form-urlencoded").content(form))
                .andExpect(status().isAccepted()).andExpect(jsonPath("$.status").value("success")));
        assertThat(builds.get(id).getIterationId()).isEqualTo(iteration);

        String noPayload = "other=1";
        mvc.perform(post("/api/v1/integrations/github").header("X-GitHub-Event", "workflow_run")
                .header("X-GitHub-Delivery", unique()).header("X-Hub-Signature-256", "sha256=" + HexFormat.of()
                        .formatHex(IntegrationService.hmacSha256(secret, noPayload.getBytes(StandardCharsets.UTF_8))))
                .contentType("application/x-www-form-urlencoded").content(noPayload))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.message").value(
                        org.hamcrest.Matchers.containsString("'payload'")));
    }

    private String pipeline(String project, int iid, String status, String finishedAt, String duration, String iteration)
            throws IOException {
        return fixture("gitlab-pipeline.json", Map.of("project", project, "iid", String.valueOf(iid), "status", status,
                "finished_at", finishedAt == null ? "null" : "\"" + finishedAt + "\"", "duration",
                duration == null ? "null" : duration, "iteration", iteration));
    }

    @Test
    void gitlabPipelineHooksAreCheckedByTokenReadTheirTimestampsAndKeepUnknownIterationsUnlinked() throws Exception {
        String token = asAdmin(() -> integrations.create(CiKind.GITLAB, "gitlab-" + unique())).plainText();
        String project = "group/shop-" + unique();

        long id = buildId(mvc.perform(post("/api/v1/integrations/gitlab").header("X-Gitlab-Token", token)
                .header("X-Gitlab-Event", "Pipeline Hook").contentType("application/json")
                .content(pipeline(project, 3, "running", null, null, "987654321"))).andExpect(status().isAccepted()));
        Build running = builds.get(id);
        assertThat(running.getStatus()).isEqualTo(BuildStatus.RUNNING);
        assertThat(running.getIterationId()).isNull();
        assertThat(running.getStartedAt()).isEqualTo(Instant.parse("2016-08-12T15:23:40Z"));

        mvc.perform(post("/api/v1/integrations/gitlab").header("X-Gitlab-Token", token)
                .header("X-Gitlab-Event", "Pipeline Hook").contentType("application/json")
                .content(pipeline(project, 3, "success", "2016-08-12 15:26:29 UTC", "63", "987654321")))
                .andExpect(status().isAccepted()).andExpect(jsonPath("$.build_id").value(id));
        Build done = builds.get(id);
        assertThat(done.getFinishedAt()).isEqualTo(Instant.parse("2016-08-12T15:26:29Z"));
        assertThat(done.duration()).hasValue(java.time.Duration.ofSeconds(63));
        assertThat(done.getCommitMessage()).isEqualTo("test\n");
        assertThat(done.getArtifacts()).extracting(BuildArtifact::name).containsExactly("package/artifacts.zip");

        mvc.perform(post("/api/v1/integrations/gitlab").header("X-Gitlab-Token", "llci_wrong")
                .contentType("application/json").content(pipeline(project, 4, "running", null, null, "")))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.code").value("invalid_token"));
        mvc.perform(post("/api/v1/integrations/gitlab").header("X-Gitlab-Token", token)
                .contentType("application/json").content("{not json"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_payload"));
        mvc.perform(post("/api/v1/integrations/gitlab").header("X-Gitlab-Token", token)
                .contentType("application/json").content("{\"object_kind\":\"push\"}"))
                .andExpect(status().isAccepted()).andExpect(jsonPath("$.outcome").value("ignored"));
    }
}
