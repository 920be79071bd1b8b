package dev.loopline.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.quartz.TriggerKey;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.support.AbstractIntegrationTest;
import dev.loopline.support.IntegrationTest;

/** Test branches made with delete_after_minutes show their expiry and are deleted by the expiry job on time. */
class BranchExpiryTests extends AbstractIntegrationTest {

    @Autowired
    Scheduler scheduler;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    BranchExpiry expiry;

    private String newDatabase() throws Exception {
        String name = "expiry-" + UUID.randomUUID().toString().substring(0, 6);
        asAdmin(post("/api/v1/databases"), "{\"name\": \"" + name + "\"}").andExpect(status().isCreated());
        return name;
    }

    @Test
    void aBranchWithDeleteAfterMinutesShowsItsExpiryAndIsDeletedByTheJobWhenDue() throws Exception {
        String db = newDatabase();
        Instant before = Instant.now();
        String json = bodyOf(asAdmin(post("/api/v1/databases/" + db + "/branches"),
                "{\"name\": \"test-1\", \"delete_after_minutes\": 30}").andExpect(status().isCreated()));
        Instant expiresAt = Instant.parse(JsonPath.read(json, "$.expires_at"));
        assertThat(expiresAt).isBetween(before.plus(Duration.ofMinutes(30)).minusSeconds(1), Instant.now().plus(Duration.ofMinutes(30)));
        asAdmin(get("/api/v1/databases/" + db + "/branches/test-1"), null)
                .andExpect(jsonPath("$.expires_at").value(expiresAt.toString()));
        asAdmin(get("/api/v1/databases/" + db + "/branches/main"), null).andExpect(jsonPath("$.expires_at").isEmpty());

        long id = jdbc.queryForObject("select b.id from branch b join managed_database d on d.id = b.database_id "
                + "where d.name = ? and b.name = 'test-1'", Long.class, db);
        var trigger = scheduler.getTrigger(TriggerKey.triggerKey("expire-branch-" + id, DatabaseJobs.GROUP));
        assertThat(trigger.getNextFireTime().toInstant()).isEqualTo(expiresAt);

        MockHttpSession session = (MockHttpSession) mvc.perform(formLogin("/login").user("admin")
                .password(IntegrationTest.ADMIN_PASSWORD)).andReturn().getRequest().getSession();
        mvc.perform(get("/databases/" + db + "/branches/test-1").session(session)).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("data-testid=\"branch-expires\"")));

        // not due yet: the job keeps it
        assertThat(expiry.deleteDue()).doesNotContain(db + "/test-1");
        asAdmin(get("/api/v1/databases/" + db + "/branches/test-1"), null).andExpect(status().isOk());

        jdbc.update("update branch set expires_at = ? where id = ?", java.sql.Timestamp.from(Instant.now().minusSeconds(1)),
                id);
        scheduler.triggerJob(DatabaseJobs.BRANCH_EXPIRY);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> asAdmin(get("/api/v1/databases/" + db
                + "/branches/test-1"), null).andExpect(status().isNotFound()));
        assertThat(jdbc.queryForList("select action from audit_entry where target_id = ? order by id", String.class,
                db + "/test-1")).contains("branch.expiry_set", "branch.expired", "branch.deleted");
    }

    @Test
    void refusesANonsenseExpiryWithoutCreatingTheBranch() throws Exception {
        String db = newDatabase();
        asAdmin(post("/api/v1/databases/" + db + "/branches"), "{\"name\": \"test-2\", \"delete_after_minutes\": 0}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_delete_after_minutes"));
        asAdmin(get("/api/v1/databases/" + db + "/branches/test-2"), null).andExpect(status().isNotFound());
    }

    @Test
    void aDueBranchThatCannotBeDeletedYetIsTriedAgainLaterInsteadOfStayingForever() throws Exception {
        String db = newDatabase();
        asAdmin(post("/api/v1/databases/" + db + "/branches"), "{\"name\": \"test-3\", \"delete_after_minutes\": 30}")
                .andExpect(status().isCreated());
        asAdmin(post("/api/v1/databases/" + db + "/branches"), "{\"name\": \"from-test-3\", \"parent_branch\": \"test-3\"}")
                .andExpect(status().isCreated());
        long id = jdbc.queryForObject("select b.id from branch b join managed_database d on d.id = b.database_id "
                + "where d.name = ? and b.name = 'test-3'", Long.class, db);
        TriggerKey key = TriggerKey.triggerKey("expire-branch-" + id, DatabaseJobs.GROUP);
        // its time came and its one-shot trigger fired (and is gone), but a branch was made from it meanwhile
        jdbc.update("update branch set expires_at = ? where id = ?", java.sql.Timestamp.from(Instant.now().minusSeconds(1)),
                id);
        scheduler.unscheduleJob(key);
        Instant now = Instant.now();
        org.assertj.core.api.Assertions.assertThatThrownBy(expiry::deleteDue).hasMessageContaining(db + "/test-3")
                .hasMessageContaining("trying again in 5 minutes");

        var retry = scheduler.getTrigger(key);
        assertThat(retry).as("a trigger to try again").isNotNull();
        assertThat(retry.getNextFireTime().toInstant()).isBetween(now.plus(Duration.ofMinutes(5)).minusSeconds(1),
                Instant.now().plus(Duration.ofMinutes(5)).plusSeconds(1));
        asAdmin(get("/api/v1/databases/" + db + "/branches/test-3"), null).andExpect(status().isOk());

        asAdmin(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete("/api/v1/databases/" + db
                + "/branches/from-test-3"), null).andExpect(status().isNoContent());
        assertThat(expiry.deleteDue()).contains(db + "/test-3");
        asAdmin(get("/api/v1/databases/" + db + "/branches/test-3"), null).andExpect(status().isNotFound());
    }
}
