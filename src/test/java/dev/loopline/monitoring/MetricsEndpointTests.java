package dev.loopline.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.support.AbstractIntegrationTest;

/**
 * {@code /actuator/prometheus}: who may scrape it, and that the {@code loopline.*} meters move after real work (a
 * backup with its test restore, a deploy with its cutover, a phase move), with bounded labels only.
 */
class MetricsEndpointTests extends AbstractIntegrationTest {

    /** Every label a {@code loopline_*} sample may carry: states, outcomes, phases, job groups, database names. */
    private static final Set<String> LABELS = Set.of("application", "state", "outcome", "result", "phase", "group",
            "database", "le");

    @Test
    void onlyAdminsAndMetricsTokensMayScrape() throws Exception {
        var anonymous = mvc.perform(get("/actuator/prometheus")).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("unauthenticated")).andReturn();
        assertThat(anonymous.getRequest().getSession(false)).as("a refused scrape starts no session").isNull();
        mvc.perform(get("/actuator/prometheus").header("Authorization", bearer("llt_not_a_token")))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.code").value("invalid_token"));
        for (String role : new String[] { "developer", "operator", "project_manager" }) {
            mvc.perform(get("/actuator/prometheus").header("Authorization", bearer(tokenWithRoles(role))))
                    .andExpect(status().isForbidden()).andExpect(jsonPath("$.code").value("forbidden"));
        }
        assertThat(scrape(adminToken()).matching("loopline_deploys_total")).isNotEmpty();
        assertThat(scrape(tokenWithRoles("metrics")).matching("loopline_deploys_total")).isNotEmpty();
    }

    @Test
    void aMetricsTokenGrantsNothingElse() throws Exception {
        String metrics = tokenWithRoles("metrics");
        mvc.perform(get("/api/v1/iterations").header("Authorization", bearer(metrics)))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.code").value("forbidden"));
        mvc.perform(post("/api/v1/databases").header("Authorization", bearer(metrics))
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"nope\"}")).andExpect(status().isForbidden());
        // the rest of actuator stays closed, to metrics tokens and admins alike
        for (String token : new String[] { metrics, adminToken() }) {
            for (String path : new String[] { "/actuator", "/actuator/env", "/actuator/beans", "/actuator/metrics",
                    "/actuator/heapdump" }) {
                int answer = mvc.perform(get(path).header("Authorization", bearer(token))).andReturn().getResponse()
                        .getStatus();
                assertThat(answer).as(path).isIn(403, 404);
            }
        }
        // a token is no sign-in for the pages
        var page = httpGet("/", metrics);
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(to -> assertThat(to).endsWith("/login"));
    }

    @Test
    void aBackupADeployAndAPhaseMoveMoveTheMeters() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String db = "metrics-" + suffix;
        String branch = "secret-feature-" + suffix;
        String operator = tokenWithRoles("operator");
        String developer = tokenWithRoles("developer");
        asAdmin(post("/api/v1/databases"), "{\"name\": \"" + db + "\"}").andExpect(status().isCreated());
        asAdmin(delete("/api/v1/databases/" + db + "/branches/main/safe-migrations"), null).andExpect(status().isOk());
        sqlAsAdmin(db, "main", "CREATE TABLE ORDERS_" + suffix.toUpperCase() + " (ID BIGINT PRIMARY KEY, VAL VARCHAR(20));"
                + "INSERT INTO ORDERS_" + suffix.toUpperCase() + " SELECT X, 'v' FROM SYSTEM_RANGE(1, 500);");
        asAdmin(post("/api/v1/databases/" + db + "/branches/main/safe-migrations"), null).andExpect(status().isOk());
        PrometheusText before = scrape(adminToken());
        assertThat(before.value("loopline_backup_size_bytes", "database", db)).as("no backup yet").isZero();
        assertThat(before.value("loopline_backup_age_seconds", "database", db))
                .as("never backed up: counted from the production branch's creation").isGreaterThanOrEqualTo(0);

        String backup = bodyOf(as(operator, post("/api/v1/databases/" + db + "/branches/main/backups?wait=true"), "{}")
                .andExpect(status().isCreated()).andExpect(jsonPath("$.state").value("success")));
        long backupId = ((Number) JsonPath.read(backup, "$.id")).longValue();
        long size = ((Number) JsonPath.read(backup, "$.size_bytes")).longValue();
        as(operator, post("/api/v1/databases/" + db + "/branches/main/backups/" + backupId + "/verify?wait=true"), null)
                .andExpect(jsonPath("$.verification").value("passed"));

        asAdmin(post("/api/v1/databases/" + db + "/branches"), "{\"name\": \"" + branch + "\"}")
                .andExpect(status().isCreated());
        sqlAsAdmin(db, branch, "ALTER TABLE ORDERS_" + suffix.toUpperCase() + " ADD COLUMN NOTE VARCHAR(20);");
        as(developer, post("/api/v1/databases/" + db + "/deploy-requests"), "{\"branch\": \"" + branch + "\"}")
                .andExpect(status().isCreated());
        as(operator, post("/api/v1/databases/" + db + "/deploy-requests/1/reviews"), "{\"state\": \"approved\"}")
                .andExpect(status().isCreated());
        as(operator, post("/api/v1/databases/" + db + "/deploy-requests/1/deploy?wait=true"), null)
                .andExpect(status().isOk()).andExpect(jsonPath("$.deployment_state").value("complete_pending_revert"));

        long iteration = createIteration("Metrics " + suffix);
        asAdmin(post("/api/v1/iterations/" + iteration + "/phase"),
                "{\"phase\": \"code\", \"override_reason\": \"metrics test\"}").andExpect(status().isOk());

        // the deploy's meters are recorded by the runner's thread right after its commit
        String metrics = tokenWithRoles("metrics");
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            PrometheusText after = scrape(metrics);
            assertThat(delta(before, after, "loopline_deploys_total", "state", "queued")).isGreaterThanOrEqualTo(1);
            assertThat(delta(before, after, "loopline_deploys_total", "state", "cut_over")).isGreaterThanOrEqualTo(1);
            assertThat(delta(before, after, "loopline_deploy_duration_seconds_count", "outcome", "cut_over"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(delta(before, after, "loopline_deploy_cutover_pause_seconds_count")).isGreaterThanOrEqualTo(1);
        });
        PrometheusText after = scrape(adminToken());
        assertThat(delta(before, after, "loopline_backups_total", "result", "succeeded")).isGreaterThanOrEqualTo(1);
        assertThat(delta(before, after, "loopline_backup_duration_seconds_count")).isGreaterThanOrEqualTo(1);
        assertThat(delta(before, after, "loopline_backup_verifications_total", "result", "passed"))
                .isGreaterThanOrEqualTo(1);
        assertThat(after.value("loopline_backup_size_bytes", "database", db)).isEqualTo((double) size).isPositive();
        assertThat(after.value("loopline_backup_age_seconds", "database", db)).isBetween(0.0, 600.0);
        assertThat(delta(before, after, "loopline_iteration_phase_duration_seconds_count", "phase", "plan"))
                .isGreaterThanOrEqualTo(1);
        assertThat(after.matching("loopline_deploy_queue_depth", "state", "queued")).hasSize(1);
        assertThat(after.matching("loopline_job_runs_total")).isNotEmpty();

        // bounded labels only: no branch, table or SQL text anywhere
        String text = scrapeText(adminToken());
        assertThat(text).doesNotContain(branch).doesNotContain("ORDERS_" + suffix.toUpperCase());
        after.samples().stream().filter(sample -> sample.name().startsWith("loopline_")).forEach(sample -> {
            assertThat(LABELS).as(sample.name()).containsAll(sample.labels().keySet());
            assertThat(sample.labels()).as("the dashboard selects by it").containsEntry("application", "loopline");
            if (sample.labels().containsKey("database")) {
                assertThat(sample.name()).startsWith("loopline_backup_");
            }
        });
    }

    @Test
    void theGrafanaDashboardReadsMetersThatAreExposed() throws Exception {
        asAdmin(post("/api/v1/databases"), "{\"name\": \"grafana-" + UUID.randomUUID().toString().substring(0, 6) + "\"}")
                .andExpect(status().isCreated());
        String dashboard = Files.readString(Path.of("docs", "grafana-loopline.json"));
        List<String> expressions = JsonPath.read(dashboard, "$.panels[*].targets[*].expr");
        Set<String> read = new TreeSet<>();
        expressions.forEach(expression -> Pattern.compile("loopline_[a-z_]+").matcher(expression).results()
                .forEach(name -> read.add(name.group())));
        assertThat(read).as("meters the dashboard reads").hasSizeGreaterThan(10);
        Set<String> exposed = scrape(adminToken()).samples().stream().map(PrometheusText.Sample::name)
                .collect(Collectors.toSet());
        assertThat(exposed).containsAll(read);
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.value(name, labels) - before.valueOrZero(name, labels);
    }

    private PrometheusText scrape(String token) throws Exception {
        return PrometheusText.parse(scrapeText(token));
    }

    private String scrapeText(String token) throws Exception {
        var answer = mvc.perform(get("/actuator/prometheus").header("Authorization", bearer(token)))
                .andExpect(status().isOk()).andReturn().getResponse();
        assertThat(answer.getContentType()).startsWith("text/plain");
        return answer.getContentAsString();
    }
}
