package dev.loopline.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.support.AbstractIntegrationTest;

/**
 * Blue/green promotes that carry deploy requests: the schema is cut over before the slot switches, a refused
 * cutover leaves the old slot live, and freeze windows hold deploy requests into the environment's branch.
 */
class DeliveryDeployRequestTests extends AbstractIntegrationTest {

    @Autowired
    Scheduler scheduler;

    private String operator;

    /** A database whose main has ITEMS, and a branch adding a column; returns the database name. */
    private String databaseWithChange(String column) throws Exception {
        String db = "bg-" + UUID.randomUUID().toString().substring(0, 6);
        asAdmin(post("/api/v1/databases"), "{\"name\": \"" + db + "\"}").andExpect(status().isCreated());
        asAdmin(delete("/api/v1/databases/" + db + "/branches/main/safe-migrations"), null);
        sqlAsAdmin(db, "main", "CREATE TABLE ITEMS (ID BIGINT PRIMARY KEY, VAL VARCHAR(40)); INSERT INTO ITEMS VALUES (1, 'a');");
        asAdmin(post("/api/v1/databases/" + db + "/branches/main/safe-migrations"), null);
        return db;
    }

    /** Opens and approves a deploy request from a new branch adding {@code column}; returns its number. */
    private int approvedRequest(String db, String column, boolean autoApply) throws Exception {
        String branch = "add-" + column.toLowerCase();
        asAdmin(post("/api/v1/databases/" + db + "/branches"), "{\"name\": \"" + branch + "\"}").andExpect(status().isCreated());
        sqlAsAdmin(db, branch, "ALTER TABLE ITEMS ADD COLUMN " + column + " VARCHAR(10);");
        String json = bodyOf(as(tokenWithRoles("developer"), post("/api/v1/databases/" + db + "/deploy-requests"),
                "{\"branch\": \"" + branch + "\", \"auto_apply\": " + autoApply + "}").andExpect(status().isCreated()));
        int number = JsonPath.read(json, "$.number");
        operator = operator == null ? tokenWithRoles("operator") : operator;
        as(operator, post("/api/v1/databases/" + db + "/deploy-requests/" + number + "/reviews"), "{\"state\": \"approved\"}")
                .andExpect(status().isCreated());
        return number;
    }

    private String environment(String db) throws Exception {
        String name = "bg-" + UUID.randomUUID().toString().substring(0, 6);
        asAdmin(post("/api/v1/environments"), "{\"name\": \"" + name + "\", \"tier\": \"staging\", \"strategy\": \"blue_green\", "
                + "\"database_branch\": \"" + db + "/main\"}").andExpect(status().isCreated());
        return name;
    }

    private long deployment(String env, String version, String requests) throws Exception {
        return ((Number) JsonPath.read(bodyOf(asAdmin(post("/api/v1/deployments"), "{\"environment\": \"" + env
                + "\", \"version\": \"" + version + "\", \"status\": \"success\", \"deploy_requests\": " + requests + "}")
                .andExpect(status().isCreated())), "$.id")).longValue();
    }

    /** The environment page as the signed-in admin sees it. */
    private String page(String env) throws Exception {
        var session = (org.springframework.mock.web.MockHttpSession) mvc.perform(org.springframework.security.test.web
                .servlet.request.SecurityMockMvcRequestBuilders.formLogin("/login").user("admin")
                .password(dev.loopline.support.IntegrationTest.ADMIN_PASSWORD)).andReturn().getRequest().getSession();
        return mvc.perform(get("/environments/" + env).session(session)).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();
    }

    private String schema(String db) throws Exception {
        return bodyOf(asAdmin(get("/api/v1/databases/" + db + "/branches/main/schema"), null));
    }

    @Test
    void promoteCutsTheDeployRequestOverBeforeSwitchingTheSlotAndRollbackSwitchesBack() throws Exception {
        String db = databaseWithChange("NOTE");
        int number = approvedRequest(db, "NOTE", false);
        as(operator, post("/api/v1/databases/" + db + "/deploy-requests/" + number + "/deploy?wait=true"), null)
                .andExpect(status().isOk()).andExpect(jsonPath("$.deployment_state").value("pending_cutover"));
        String env = environment(db);
        long v1 = deployment(env, "1.0", "[]");
        asAdmin(post("/api/v1/deployments/" + v1 + "/promote"), null).andExpect(status().isOk());
        long v2 = deployment(env, "2.0", "[{\"database\": \"" + db + "\", \"number\": " + number + "}]");
        assertThat(schema(db)).doesNotContain("\"NOTE\"");

        asAdmin(post("/api/v1/deployments/" + v2 + "/promote?wait=true"), null).andExpect(status().isOk())
                .andExpect(jsonPath("$.live").value(true)).andExpect(jsonPath("$.slot").value("green"))
                .andExpect(jsonPath("$.promotion").doesNotExist());

        asAdmin(get("/api/v1/databases/" + db + "/deploy-requests/" + number), null)
                .andExpect(jsonPath("$.deployment_state").value("complete_pending_revert"));
        assertThat(schema(db)).contains("\"NOTE\"");
        asAdmin(get("/api/v1/environments/" + env), null).andExpect(jsonPath("$.live_slot").value("green"))
                .andExpect(jsonPath("$.live.version").value("2.0"));

        asAdmin(post("/api/v1/deployments/" + v2 + "/rollback"), null).andExpect(status().isOk())
                .andExpect(jsonPath("$.rollback_of").value(v2)).andExpect(jsonPath("$.slot").value("blue"));
        asAdmin(get("/api/v1/environments/" + env), null).andExpect(jsonPath("$.live_slot").value("blue"))
                .andExpect(jsonPath("$.live.version").value("1.0"));
    }

    @Test
    void aPromoteWithDeployRequestsRunsInTheBackgroundShowsProgressAndRefusesASecondPromoteOrARollback() throws Exception {
        String db = databaseWithChange("NOTE");
        int number = approvedRequest(db, "NOTE", false);
        as(operator, post("/api/v1/databases/" + db + "/deploy-requests/" + number + "/deploy?wait=true"), null)
                .andExpect(jsonPath("$.deployment_state").value("pending_cutover"));
        String env = environment(db);
        long v1 = deployment(env, "1.0", "[]");
        asAdmin(post("/api/v1/deployments/" + v1 + "/promote"), null).andExpect(status().isOk())
                .andExpect(jsonPath("$.live").value(true));
        long v2 = deployment(env, "2.0", "[{\"database\": \"" + db + "\", \"number\": " + number + "}]");

        scheduler.standby();
        try {
            // the answer comes at once; the cutover waits for the promote job (as after a restart)
            asAdmin(post("/api/v1/deployments/" + v2 + "/promote"), null).andExpect(status().isOk())
                    .andExpect(jsonPath("$.live").value(false))
                    .andExpect(jsonPath("$.promotion.state").value("in_progress"))
                    .andExpect(jsonPath("$.promotion.by").value("token:bootstrap"));
            asAdmin(post("/api/v1/deployments/" + v2 + "/promote"), null).andExpect(status().isConflict())
                    .andExpect(jsonPath("$.code").value("promotion_in_progress"));
            asAdmin(post("/api/v1/deployments/" + v1 + "/rollback"), null).andExpect(status().isConflict())
                    .andExpect(jsonPath("$.code").value("promotion_in_progress"));
            asAdmin(post("/api/v1/deployments"), "{\"environment\": \"" + env + "\", \"version\": \"3.0\"}")
                    .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("slot_busy"));
            String page = page(env);
            assertThat(page).contains("data-testid=\"promotion\"").contains("hx-trigger=\"every 2s\"")
                    .doesNotContain("data-testid=\"promote\"").doesNotContain("data-testid=\"rollback\"");
            asAdmin(get("/api/v1/environments/" + env), null).andExpect(jsonPath("$.live.version").value("1.0"));
        }
        finally {
            scheduler.start();
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> (Boolean) JsonPath.read(
                bodyOf(asAdmin(get("/api/v1/deployments/" + v2), null)), "$.live"));
        asAdmin(get("/api/v1/deployments/" + v2), null).andExpect(jsonPath("$.promotion").doesNotExist())
                .andExpect(jsonPath("$.status").value("success"));
        asAdmin(get("/api/v1/databases/" + db + "/deploy-requests/" + number), null)
                .andExpect(jsonPath("$.deployment_state").value("complete_pending_revert"));
        asAdmin(get("/api/v1/environments/" + env), null).andExpect(jsonPath("$.live_slot").value("green"));
        assertThat(page(env)).doesNotContain("every 2s");
    }

    @Test
    void anOverrideLetsTheCarriedDeployRequestCrossItsOwnFreezeButNotALaterOne() throws Exception {
        String db = databaseWithChange("NOTE");
        int number = approvedRequest(db, "NOTE", false);
        as(operator, post("/api/v1/databases/" + db + "/deploy-requests/" + number + "/deploy?wait=true"), null)
                .andExpect(jsonPath("$.deployment_state").value("pending_cutover"));
        String env = environment(db);
        Instant now = Instant.now();
        long first = freeze(env, now.plus(1, ChronoUnit.HOURS), "Quarter close");
        asAdmin(post("/api/v1/deployments"), "{\"environment\": \"" + env + "\", \"version\": \"2.0\", \"status\": "
                + "\"success\", \"override_reason\": \"payment outage\", \"deploy_requests\": [{\"database\": \"" + db
                + "\", \"number\": " + number + "}]}").andExpect(status().isCreated());
        asAdmin(delete("/api/v1/environments/" + env + "/freezes/" + first), null).andExpect(status().isNoContent());
        long later = freeze(env, now.plus(3, ChronoUnit.HOURS), "Holiday");
        try {
            // the override was for the quarter close; the holiday freeze holds the request like any other
            as(operator, post("/api/v1/databases/" + db + "/deploy-requests/" + number + "/apply"), null)
                    .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("deploy_freeze"))
                    .andExpect(jsonPath("$.message").value(org.hamcrest.Matchers.containsString("Holiday")));
        }
        finally {
            asAdmin(delete("/api/v1/environments/" + env + "/freezes/" + later), null).andExpect(status().isNoContent());
        }
    }

    private long freeze(String env, Instant end, String reason) throws Exception {
        return ((Number) JsonPath.read(bodyOf(asAdmin(post("/api/v1/environments/" + env + "/freezes"), "{\"kind\": "
                + "\"once\", \"starts_at\": \"" + Instant.now().minus(1, ChronoUnit.MINUTES) + "\", \"ends_at\": \""
                + end + "\", \"reason\": \"" + reason + "\"}").andExpect(status().isCreated())), "$.id")).longValue();
    }

    @Test
    void aRefusedCutoverFailsThePromoteAndLeavesTheOldSlotLive() throws Exception {
        String db = databaseWithChange("TAG");
        int number = approvedRequest(db, "TAG", false);
        as(operator, post("/api/v1/databases/" + db + "/deploy-requests/" + number + "/deploy?wait=true"), null)
                .andExpect(jsonPath("$.deployment_state").value("pending_cutover"));
        String env = environment(db);
        long v1 = deployment(env, "1.0", "[]");
        asAdmin(post("/api/v1/deployments/" + v1 + "/promote"), null).andExpect(status().isOk());
        long v2 = deployment(env, "2.0", "[{\"database\": \"" + db + "\", \"number\": " + number + "}]");
        // the deploy is cancelled before the promote: its cutover can no longer run
        as(operator, post("/api/v1/databases/" + db + "/deploy-requests/" + number + "/cancel"), null).andExpect(status().isOk());

        asAdmin(post("/api/v1/deployments/" + v2 + "/promote"), "{\"wait\": true}").andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("cutover_failed"))
                .andExpect(jsonPath("$.message").value(org.hamcrest.Matchers.containsString(db + "#" + number)));

        asAdmin(get("/api/v1/deployments/" + v2), null).andExpect(jsonPath("$.status").value("failed"))
                .andExpect(jsonPath("$.live").value(false))
                .andExpect(jsonPath("$.failure_reason").value(org.hamcrest.Matchers.containsString("stays on its live slot")));
        asAdmin(get("/api/v1/environments/" + env), null).andExpect(jsonPath("$.live_slot").value("blue"))
                .andExpect(jsonPath("$.live.version").value("1.0"));
        assertThat(schema(db)).doesNotContain("\"TAG\"");
        asAdmin(post("/api/v1/deployments/" + v2 + "/promote"), null).andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("deployment_failed"));
    }

    @Test
    void aFreezeRefusesDeployAndApplyAndAQueuedDeployWaitsForItToEnd() throws Exception {
        String db = databaseWithChange("FLAG");
        String env = environment(db);
        int gated = approvedRequest(db, "FLAG", false);
        as(operator, post("/api/v1/databases/" + db + "/deploy-requests/" + gated + "/deploy?wait=true"), null)
                .andExpect(jsonPath("$.deployment_state").value("pending_cutover"));
        Instant now = Instant.now();
        String freeze = bodyOf(asAdmin(post("/api/v1/environments/" + env + "/freezes"), "{\"kind\": \"once\", \"starts_at\": \""
                + now.minus(1, ChronoUnit.MINUTES) + "\", \"ends_at\": \"" + now.plus(1, ChronoUnit.HOURS)
                + "\", \"reason\": \"Quarter close\"}").andExpect(status().isCreated()));
        long freezeId = ((Number) JsonPath.read(freeze, "$.id")).longValue();
        as(operator, post("/api/v1/databases/" + db + "/deploy-requests/" + gated + "/apply"), null)
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("deploy_freeze"))
                .andExpect(jsonPath("$.message").value(org.hamcrest.Matchers.containsString("Quarter close")));
        as(operator, post("/api/v1/databases/" + db + "/deploy-requests/" + gated + "/cancel"), null).andExpect(status().isOk());
        asAdmin(delete("/api/v1/environments/" + env + "/freezes/" + freezeId), null).andExpect(status().isNoContent());

        int queued = approvedRequest(db, "MARK", true);
        scheduler.standby();
        try {
            // queued while the branch is open; the freeze begins before the runner reaches it
            as(operator, post("/api/v1/databases/" + db + "/deploy-requests/" + queued + "/deploy"), null)
                    .andExpect(jsonPath("$.deployment_state").value("queued"));
            freezeId = ((Number) JsonPath.read(bodyOf(asAdmin(post("/api/v1/environments/" + env + "/freezes"),
                    "{\"kind\": \"once\", \"starts_at\": \"" + now.minus(1, ChronoUnit.MINUTES) + "\", \"ends_at\": \""
                            + now.plus(1, ChronoUnit.HOURS) + "\", \"reason\": \"Quarter close\"}")), "$.id")).longValue();
        }
        finally {
            scheduler.start();
        }
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                String deployment = bodyOf(asAdmin(get("/api/v1/databases/" + db + "/deploy-requests/" + queued + "/deployment"), null));
                return String.valueOf((Object) JsonPath.read(deployment, "$.status_message")).contains("Quarter close");
            });
            asAdmin(get("/api/v1/databases/" + db + "/deploy-requests/" + queued), null)
                    .andExpect(jsonPath("$.deployment_state").value("queued"));
            assertThat(schema(db)).doesNotContain("\"MARK\"");
            as(operator, post("/api/v1/databases/" + db + "/deploy-requests/" + gated + "/deploy"), null)
                    .andExpect(status().isConflict());
        }
        finally {
            asAdmin(delete("/api/v1/environments/" + env + "/freezes/" + freezeId), null).andExpect(status().isNoContent());
        }
        asAdmin(post("/api/v1/jobs/deployrequest/deploy-runner/run"), null);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> schema(db).contains("\"MARK\""));
    }
}
