package dev.loopline.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.support.AbstractIntegrationTest;

/** Environments, deployments, freezes and DORA through the API, with the errors API.md names. */
class DeliveryApiTests extends AbstractIntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    dev.loopline.audit.AuditLog audit;

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    private String environment(String tier, String strategy) throws Exception {
        String name = unique(tier);
        createEnvironment(name, tier, strategy);
        return name;
    }

    @Test
    void anEnvironmentIsDeletedWithItsFreezesOnlyWhenNothingRunsAndItsDeploymentsStay() throws Exception {
        String env = environment("staging", "rolling");
        asAdmin(post("/api/v1/environments/" + env + "/freezes"), "{\"kind\": \"recurring\", \"cron\": \"0 18 * * 5\", "
                + "\"duration_minutes\": 60, \"time_zone\": \"UTC\", \"reason\": \"Weekend\"}").andExpect(status().isCreated());
        long running = recordDeployment(env, "1.0", "in_progress");
        as(tokenWithRoles("developer"), delete("/api/v1/environments/" + env), null).andExpect(status().isForbidden());

        asAdmin(delete("/api/v1/environments/" + env), null).andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("deployment_running"));
        asAdmin(patch("/api/v1/deployments/" + running), "{\"status\": \"success\"}").andExpect(status().isOk());
        asAdmin(delete("/api/v1/environments/" + env), null).andExpect(status().isNoContent());

        asAdmin(get("/api/v1/environments/" + env), null).andExpect(status().isNotFound());
        asAdmin(delete("/api/v1/environments/" + env), null).andExpect(status().isNotFound());
        asAdmin(get("/api/v1/deployments/" + running), null).andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value("1.0"));
        assertThat(audit.forTarget("environment", env)).anySatisfy(entry ->
                assertThat(entry.getAction()).isEqualTo("environment.deleted"));
        // the name is free again, without the old freeze
        asAdmin(post("/api/v1/environments"), "{\"name\": \"" + env + "\", \"tier\": \"staging\"}")
                .andExpect(status().isCreated()).andExpect(jsonPath("$.frozen").isEmpty());
        asAdmin(get("/api/v1/environments/" + env + "/freezes"), null).andExpect(jsonPath("$.data").isEmpty());
    }

    @Test
    void theEnvironmentPageShowsAOneOffFreezeInWordsNotAsIsoTimestamps() throws Exception {
        String env = environment("staging", "rolling");
        asAdmin(post("/api/v1/environments/" + env + "/freezes"), "{\"kind\": \"once\", \"starts_at\": "
                + "\"2099-12-24T17:00:00Z\", \"ends_at\": \"2099-12-27T08:00:00Z\", \"reason\": \"Holidays\"}")
                .andExpect(status().isCreated());
        String row = freezeRowsOnThePage(env);
        assertThat(row).contains("Holidays").contains("2099-12-24 17:00").contains("2099-12-27 08:00")
                .doesNotContain("2099-12-24T17:00:00Z").doesNotContain("T08:00");
    }

    /** The text of the environment page's freeze rows, as the admin sees them. */
    private String freezeRowsOnThePage(String env) throws Exception {
        var session = (org.springframework.mock.web.MockHttpSession) mvc.perform(org.springframework.security.test.web
                .servlet.request.SecurityMockMvcRequestBuilders.formLogin("/login").user("admin")
                .password(dev.loopline.support.IntegrationTest.ADMIN_PASSWORD)).andReturn().getRequest().getSession();
        return org.jsoup.Jsoup.parse(mvc.perform(get("/environments/" + env).session(session))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString())
                .select("[data-testid=freeze-row]").text();
    }

    /** A weekly freeze reads in its own time zone, and its length in days and hours, not "3840 min" in UTC. */
    @Test
    void theEnvironmentPageShowsARecurringFreezeInItsOwnZoneAndItsLengthInWords() throws Exception {
        String env = environment("staging", "rolling");
        asAdmin(post("/api/v1/environments/" + env + "/freezes"), "{\"kind\": \"recurring\", \"cron\": \"0 18 * * 5\", "
                + "\"duration_minutes\": 3840, \"time_zone\": \"Europe/Berlin\", \"reason\": \"Weekend\"}")
                .andExpect(status().isCreated());
        String row = freezeRowsOnThePage(env);
        assertThat(row).contains("for 2 d 16 h (Weekend)").doesNotContain("3840 min")
                .contains("Next, in Europe/Berlin time:")
                .containsPattern("Fri \\d{4}-\\d{2}-\\d{2} 18:00 – Mon \\d{4}-\\d{2}-\\d{2} (09|10|11):00");
    }

    @Test
    void environmentsAreCreatedOnceAndRefuseBadInput() throws Exception {
        String name = unique("staging");
        asAdmin(post("/api/v1/environments"), "{\"name\": \"" + name + "\", \"tier\": \"staging\", \"strategy\": \"blue_green\"}")
                .andExpect(status().isCreated()).andExpect(jsonPath("$.tier").value("staging"))
                .andExpect(jsonPath("$.strategy").value("blue_green"))
                .andExpect(jsonPath("$.slots.blue.deployment_id").isEmpty())
                .andExpect(jsonPath("$.live_slot").isEmpty());
        asAdmin(post("/api/v1/environments"), "{\"name\": \"" + name + "\", \"tier\": \"staging\"}")
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("environment_exists"));
        asAdmin(post("/api/v1/environments"), "{\"name\": \"" + unique("x") + "\", \"tier\": \"moon\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_tier"));
        asAdmin(post("/api/v1/environments"), "{\"name\": \"" + unique("x") + "\", \"tier\": \"staging\", \"database_branch\": \"no slash\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_database_branch"));
        asAdmin(post("/api/v1/environments"), "{\"name\": \"" + unique("x") + "\", \"tier\": \"staging\", \"database_branch\": \"nodb-zz/main\"}")
                .andExpect(status().isNotFound());
        asAdmin(get("/api/v1/environments/nowhere-" + name), null).andExpect(status().isNotFound());
        asAdmin(post("/api/v1/deployments"), "{\"environment\": \"nowhere-" + name + "\", \"version\": \"1\"}")
                .andExpect(status().isNotFound());
        asAdmin(post("/api/v1/environments/nowhere-" + name + "/freezes"), "{\"kind\": \"once\", \"reason\": \"x\"}")
                .andExpect(status().isNotFound());
        as(tokenWithRoles("developer"), post("/api/v1/environments"), "{\"name\": \"" + unique("x") + "\", \"tier\": \"staging\"}")
                .andExpect(status().isForbidden());
    }

    @Test
    void blueGreenDeploysToTheIdleSlotPromotesAndRollsBack() throws Exception {
        String env = environment("staging", "blue_green");
        long v1 = recordDeployment(env, "1.0.0", "success");
        asAdmin(get("/api/v1/deployments/" + v1), null).andExpect(jsonPath("$.slot").value("blue"))
                .andExpect(jsonPath("$.live").value(false));
        asAdmin(post("/api/v1/deployments/" + v1 + "/promote"), null).andExpect(status().isOk())
                .andExpect(jsonPath("$.live").value(true));

        long v2 = recordDeployment(env, "1.1.0", "in_progress");
        asAdmin(get("/api/v1/deployments/" + v2), null).andExpect(jsonPath("$.slot").value("green"));
        asAdmin(post("/api/v1/deployments"), "{\"environment\": \"" + env + "\", \"version\": \"1.1.1\"}")
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("slot_busy"));
        // the build it links as evidence must exist, like its iteration
        asAdmin(post("/api/v1/deployments"), "{\"environment\": \"" + environment("testing", "rolling")
                + "\", \"version\": \"1.1.1\", \"build_id\": -5}").andExpect(status().isNotFound())
                .andExpect(jsonPath("$.message").value("Build -5 does not exist."));
        asAdmin(post("/api/v1/deployments/" + v2 + "/promote"), null)
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("deployment_in_progress"));
        asAdmin(patch("/api/v1/deployments/" + v2), "{\"status\": \"success\", \"finished_at\": \"2000-01-01T00:00:00Z\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("finished_before_started"));
        asAdmin(patch("/api/v1/deployments/" + v2), "{\"status\": \"failed\"}").andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("failed"));
        asAdmin(post("/api/v1/deployments/" + v2 + "/promote"), null)
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("deployment_failed"));

        long v3 = recordDeployment(env, "1.2.0", "success");
        asAdmin(post("/api/v1/deployments/" + v3 + "/promote"), null).andExpect(status().isOk());
        asAdmin(get("/api/v1/environments/" + env), null).andExpect(jsonPath("$.live_slot").value("green"))
                .andExpect(jsonPath("$.slots.green.version").value("1.2.0"))
                .andExpect(jsonPath("$.slots.blue.version").value("1.0.0"))
                .andExpect(jsonPath("$.live.version").value("1.2.0"));
        asAdmin(post("/api/v1/deployments/" + v1 + "/rollback"), null)
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("not_live"));

        String rollback = bodyOf(asAdmin(post("/api/v1/deployments/" + v3 + "/rollback"), null).andExpect(status().isOk())
                .andExpect(jsonPath("$.rollback_of").value(v3)).andExpect(jsonPath("$.version").value("1.0.0"))
                .andExpect(jsonPath("$.slot").value("blue")).andExpect(jsonPath("$.live").value(true)));
        asAdmin(get("/api/v1/environments/" + env), null).andExpect(jsonPath("$.live_slot").value("blue"))
                .andExpect(jsonPath("$.live.version").value("1.0.0"))
                .andExpect(jsonPath("$.live.deployment_id").value(((Number) JsonPath.read(rollback, "$.id")).longValue()));
        asAdmin(get("/api/v1/deployments?environment=" + env), null).andExpect(jsonPath("$.data.length()").value(4));
        asAdmin(get("/api/v1/deployments?environment=" + env + "&status=failed"), null)
                .andExpect(jsonPath("$.data.length()").value(1)).andExpect(jsonPath("$.data[0].id").value(v2));
    }

    @Test
    void rollingDeploymentsAreLiveWhenTheySucceedAndRollBackToThePreviousVersion() throws Exception {
        String env = environment("testing", "rolling");
        long first = recordDeployment(env, "2.0.0", "success");
        long second = recordDeployment(env, "2.1.0", "success");
        asAdmin(get("/api/v1/deployments/" + second), null).andExpect(jsonPath("$.live").value(true))
                .andExpect(jsonPath("$.slot").isEmpty());
        asAdmin(post("/api/v1/deployments/" + second + "/promote"), null)
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("not_blue_green"));
        asAdmin(post("/api/v1/deployments/" + second + "/rollback"), null).andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value("2.0.0")).andExpect(jsonPath("$.rollback_of").value(second));
        asAdmin(get("/api/v1/environments/" + env), null).andExpect(jsonPath("$.live.version").value("2.0.0"));
        assertThat(first).isLessThan(second);
        asAdmin(post("/api/v1/deployments"), "{\"environment\": \"" + env + "\", \"version\": \"3\", \"status\": \"success\", "
                + "\"started_at\": \"2026-11-02T10:00:00Z\", \"finished_at\": \"2026-11-02T09:59:00Z\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("finished_before_started"));
    }

    @Test
    void aFreezeRefusesDeploymentsUntilItEndsOrAnAdminOverridesIt() throws Exception {
        String env = environment("staging", "rolling");
        Instant now = Instant.now();
        String freeze = bodyOf(asAdmin(post("/api/v1/environments/" + env + "/freezes"), "{\"kind\": \"once\", \"starts_at\": \""
                + now.minus(1, ChronoUnit.HOURS) + "\", \"ends_at\": \"" + now.plus(2, ChronoUnit.HOURS)
                + "\", \"time_zone\": \"Europe/Berlin\", \"reason\": \"Black Friday\"}").andExpect(status().isCreated())
                .andExpect(jsonPath("$.active").value(true)).andExpect(jsonPath("$.next_windows.length()").value(1)));
        long id = ((Number) JsonPath.read(freeze, "$.id")).longValue();

        asAdmin(post("/api/v1/deployments"), "{\"environment\": \"" + env + "\", \"version\": \"9\"}")
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("deploy_freeze"))
                .andExpect(jsonPath("$.message").value(org.hamcrest.Matchers.containsString("Black Friday")))
                .andExpect(jsonPath("$.message").value(org.hamcrest.Matchers.containsString("until")));
        as(tokenWithRoles("operator"), post("/api/v1/deployments"), "{\"environment\": \"" + env
                + "\", \"version\": \"9\", \"override_reason\": \"payment outage\"}").andExpect(status().isForbidden());
        String overridden = bodyOf(asAdmin(post("/api/v1/deployments"), "{\"environment\": \"" + env + "\", \"version\": \"9\", \"status\": \"success\", "
                + "\"override_reason\": \"payment outage\"}").andExpect(status().isCreated())
                .andExpect(jsonPath("$.override_reason").value("payment outage")));
        asAdmin(get("/api/v1/environments/" + env), null).andExpect(jsonPath("$.frozen.reason").value("Black Friday"));
        assertThat(audit.forTarget("deployment", String.valueOf(((Number) JsonPath.read(overridden, "$.id")).longValue())))
                .extracting(e -> e.getAction()).contains("deployment.freeze_overridden", "deployment.started");

        asAdmin(post("/api/v1/environments/" + env + "/freezes"), "{\"kind\": \"recurring\", \"cron\": \"0 0 30 2 *\", "
                + "\"duration_minutes\": 60, \"time_zone\": \"UTC\", \"reason\": \"never\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_schedule"));
        asAdmin(post("/api/v1/environments/" + env + "/freezes"), "{\"kind\": \"recurring\", \"cron\": \"0 18 * * 5\", "
                + "\"duration_minutes\": 60, \"time_zone\": \"Mars/Base\", \"reason\": \"x\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_time_zone"));
        asAdmin(post("/api/v1/environments/" + env + "/freezes"), "{\"kind\": \"recurring\", \"cron\": \"0 18 * * 5\", "
                + "\"duration_minutes\": 60, \"time_zone\": \"Europe/Berlin\", \"reason\": \"Weekend\"}")
                .andExpect(status().isCreated()).andExpect(jsonPath("$.next_windows.length()").value(5));

        asAdmin(delete("/api/v1/environments/" + env + "/freezes/" + id), null).andExpect(status().isNoContent());
        asAdmin(post("/api/v1/deployments"), "{\"environment\": \"" + env + "\", \"version\": \"10\"}")
                .andExpect(status().isCreated()).andExpect(jsonPath("$.override_reason").isEmpty());
    }

    @Test
    void doraFiguresComeFromTheEnvironmentsDeployments() throws Exception {
        String env = environment("staging", "rolling");
        String base = "{\"environment\": \"" + env + "\", \"status\": \"success\", ";
        asAdmin(post("/api/v1/deployments"), base + "\"version\": \"1\", \"committed_at\": \"2026-11-01T10:00:00Z\", "
                + "\"started_at\": \"2026-11-02T09:50:00Z\", \"finished_at\": \"2026-11-02T10:00:00Z\"}").andExpect(status().isCreated());
        asAdmin(post("/api/v1/deployments"), base + "\"version\": \"2\", \"committed_at\": \"2026-11-03T06:00:00Z\", "
                + "\"started_at\": \"2026-11-03T09:50:00Z\", \"finished_at\": \"2026-11-03T10:00:00Z\"}").andExpect(status().isCreated());
        asAdmin(post("/api/v1/deployments"), "{\"environment\": \"" + env + "\", \"status\": \"failed\", \"version\": \"2b\", "
                + "\"started_at\": \"2026-11-03T11:00:00Z\", \"finished_at\": \"2026-11-03T11:10:00Z\"}").andExpect(status().isCreated());
        asAdmin(post("/api/v1/deployments"), base + "\"version\": \"3\", \"hotfix\": true, \"committed_at\": \"2026-11-03T11:00:00Z\", "
                + "\"started_at\": \"2026-11-03T11:50:00Z\", \"finished_at\": \"2026-11-03T12:00:00Z\"}").andExpect(status().isCreated());

        // changes 1 2 3 (the failed 2b never went live); leads 24 4 1; 2 failed (hotfix 3 after 2 h); rework 3
        asAdmin(get("/api/v1/metrics/dora?environment=" + env + "&from=2026-11-02T00:00:00Z&to=2026-11-09T00:00:00Z"), null)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.deployments").value(3))
                .andExpect(jsonPath("$.deployment_frequency_per_week").value(3.0))
                .andExpect(jsonPath("$.lead_time_hours_median").value(4.0))
                .andExpect(jsonPath("$.failed_deployments").value(1))
                .andExpect(jsonPath("$.change_fail_rate").value(1.0 / 3))
                .andExpect(jsonPath("$.recovery_time_hours_median").value(2.0))
                .andExpect(jsonPath("$.rework_rate").value(1.0 / 3))
                .andExpect(jsonPath("$.weeks.length()").value(1))
                .andExpect(jsonPath("$.deployments_behind[1].failure").value(org.hamcrest.Matchers.startsWith("hotfix deployment")));
        asAdmin(get("/api/v1/metrics/dora?environment=" + env + "&from=2026-11-09T00:00:00Z&to=2026-11-02T00:00:00Z"), null)
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_period"));
        asAdmin(get("/api/v1/metrics/dora?environment=nowhere-" + env), null).andExpect(status().isNotFound());
    }
}
