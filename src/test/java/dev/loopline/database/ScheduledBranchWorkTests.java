package dev.loopline.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.support.AbstractIntegrationTest;
import dev.loopline.support.IntegrationTest;

/** Work Quartz does for branches: iteration branches at their start date, and password expiry. */
class ScheduledBranchWorkTests extends AbstractIntegrationTest {

    @Autowired
    Scheduler scheduler;

    @Autowired
    JdbcTemplate jdbc;

    private String newDatabase() throws Exception {
        String name = "tracking-" + UUID.randomUUID().toString().substring(0, 6);
        mvc.perform(post("/api/v1/databases").header("Authorization", bearer(adminToken()))
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"" + name + "\"}")).andExpect(status().isCreated());
        return name;
    }

    private long iteration(String name, String database, LocalDate startsOn) throws Exception {
        String json = mvc.perform(post("/api/v1/iterations").header("Authorization", bearer(adminToken()))
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"" + name + "\", \"starts_on\": \"" + startsOn
                        + "\", \"ends_on\": \"" + startsOn.plusDays(14) + "\", \"database\": \"" + database + "\"}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return ((Number) JsonPath.read(json, "$.id")).longValue();
    }

    private String branchOf(long iteration) throws Exception {
        String json = mvc.perform(get("/api/v1/iterations/" + iteration).header("Authorization", bearer(adminToken())))
                .andReturn().getResponse().getContentAsString();
        return JsonPath.read(json, "$.branch");
    }

    @Test
    void anIterationThatHasStartedGetsItsBranchAndShowsItsSchemaChanges() throws Exception {
        String db = newDatabase();
        long id = iteration("Live Tracking!", db, LocalDate.now(ZoneOffset.UTC));
        await().atMost(Duration.ofSeconds(20)).until(() -> branchOf(id) != null);
        String branch = branchOf(id);
        assertThat(branch).isEqualTo("iter-" + id + "-live-tracking");
        await().atMost(Duration.ofSeconds(20)).until(() -> "ready".equals(JsonPath.read(mvc.perform(get("/api/v1/databases/"
                + db + "/branches/" + branch).header("Authorization", bearer(adminToken()))).andReturn().getResponse()
                .getContentAsString(), "$.state")));
        mvc.perform(get("/api/v1/databases/" + db + "/branches/" + branch).header("Authorization", bearer(adminToken())))
                .andExpect(jsonPath("$.iteration_id").value(id));

        mvc.perform(post("/api/v1/databases/" + db + "/branches/" + branch + "/sql").header("Authorization", bearer(adminToken()))
                .contentType(MediaType.TEXT_PLAIN).content("CREATE TABLE shipments (id BIGINT PRIMARY KEY, eta TIMESTAMP)"))
                .andExpect(status().isOk());
        var session = mvc.perform(formLogin("/login").user("admin").password(IntegrationTest.ADMIN_PASSWORD))
                .andReturn().getRequest().getSession();
        mvc.perform(get("/iterations/" + id).session((org.springframework.mock.web.MockHttpSession) session))
                .andExpect(content().string(containsString(db + "/" + branch)))
                .andExpect(content().string(containsString("+ table SHIPMENTS (2 columns)")));
    }

    @Test
    void aFutureIterationWaitsForItsStartDate() throws Exception {
        String db = newDatabase();
        LocalDate start = LocalDate.now(ZoneOffset.UTC).plusDays(3);
        long id = iteration("Later", db, start);
        var trigger = scheduler.getTrigger(DatabaseJobs.iterationTrigger(id));
        assertThat(trigger).isNotNull();
        assertThat(trigger.getNextFireTime().toInstant()).isEqualTo(start.atStartOfDay(ZoneOffset.UTC).toInstant());
        assertThat(branchOf(id)).isNull();

        mvc.perform(delete("/api/v1/iterations/" + id).header("Authorization", bearer(adminToken())))
                .andExpect(status().isNoContent());
        assertThat(scheduler.getTrigger(DatabaseJobs.iterationTrigger(id))).isNull();
    }

    @Test
    void deletingAnIterationKeepsItsBranchUnlessAskedToDeleteIt() throws Exception {
        String db = newDatabase();
        long keep = iteration("Keep me", db, LocalDate.now(ZoneOffset.UTC));
        long drop = iteration("Drop me", db, LocalDate.now(ZoneOffset.UTC));
        await().atMost(Duration.ofSeconds(20)).until(() -> branchOf(keep) != null && branchOf(drop) != null);
        for (long iteration : new long[] {keep, drop}) {
            String name = branchOf(iteration);
            await().atMost(Duration.ofSeconds(20)).until(() -> "ready".equals(JsonPath.read(mvc.perform(get(
                    "/api/v1/databases/" + db + "/branches/" + name).header("Authorization", bearer(adminToken())))
                    .andReturn().getResponse().getContentAsString(), "$.state")));
        }
        String kept = branchOf(keep);
        String dropped = branchOf(drop);

        mvc.perform(delete("/api/v1/iterations/" + keep).header("Authorization", bearer(adminToken())))
                .andExpect(status().isNoContent());
        mvc.perform(delete("/api/v1/iterations/" + drop + "?delete_branch=true").header("Authorization", bearer(adminToken())))
                .andExpect(status().isNoContent());

        mvc.perform(get("/api/v1/databases/" + db + "/branches/" + kept).header("Authorization", bearer(adminToken())))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/databases/" + db + "/branches/" + dropped).header("Authorization", bearer(adminToken())))
                .andExpect(status().isNotFound());
    }

    @Test
    void theExpiryJobDropsExpiredPasswords() throws Exception {
        String db = newDatabase();
        String json = mvc.perform(post("/api/v1/databases/" + db + "/branches/main/passwords")
                .header("Authorization", bearer(adminToken())).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": \"short\", \"role\": \"reader\", \"ttl_seconds\": 60}"))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.expires_at").isString())
                .andReturn().getResponse().getContentAsString();
        long id = ((Number) JsonPath.read(json, "$.id")).longValue();
        DriverManager.getConnection(JsonPath.read(json, "$.jdbc_url"), JsonPath.read(json, "$.username"),
                JsonPath.read(json, "$.plain_text")).close();

        jdbc.update("update branch_password set expires_at = ? where id = ?",
                java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(1)), id);
        scheduler.triggerJob(DatabaseJobs.PASSWORD_EXPIRY);

        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "select count(*) from branch_password where id = ?", Integer.class, id) == 0);
        assertThatThrownBy(() -> DriverManager.getConnection(JsonPath.read(json, "$.jdbc_url"),
                JsonPath.read(json, "$.username"), JsonPath.read(json, "$.plain_text"))).isInstanceOf(SQLException.class);
    }
}
