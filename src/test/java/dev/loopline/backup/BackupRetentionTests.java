package dev.loopline.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.support.AbstractIntegrationTest;
import dev.loopline.support.IntegrationTest;

/** Retention never leaves a branch without its newest good backup, however old it is and however many failed since. */
class BackupRetentionTests extends AbstractIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    private String database() throws Exception {
        String db = "keep-" + UUID.randomUUID().toString().substring(0, 6);
        asAdmin(post("/api/v1/databases"), "{\"name\": \"" + db + "\"}").andExpect(status().isCreated());
        asAdmin(delete("/api/v1/databases/" + db + "/branches/main/safe-migrations"), null).andExpect(status().isOk());
        mvc.perform(post("/api/v1/databases/" + db + "/branches/main/sql").header("Authorization", bearer(adminToken()))
                .contentType(MediaType.TEXT_PLAIN).content("CREATE TABLE ITEMS (ID INT PRIMARY KEY); INSERT INTO ITEMS VALUES (1), (2);"))
                .andExpect(status().isOk());
        return db;
    }

    private long backup(String db) throws Exception {
        return ((Number) JsonPath.read(bodyOf(asAdmin(post("/api/v1/databases/" + db + "/branches/main/backups?wait=true"), null)
                .andExpect(status().isCreated()).andExpect(jsonPath("$.state").value("success"))), "$.id")).longValue();
    }

    private void verify(String db, long id, String outcome) throws Exception {
        asAdmin(post("/api/v1/databases/" + db + "/branches/main/backups/" + id + "/verify?wait=true"), null)
                .andExpect(jsonPath("$.verification").value(outcome));
    }

    /** As a backup that failed (the job records it so): no file, a reason. */
    private void markFailed(long id) {
        jdbc.update("UPDATE backup SET state = 'FAILED', failure_reason = 'the disk was full', file_name = NULL, "
                + "size_bytes = NULL, sha256 = NULL WHERE id = ?", id);
    }

    private void expire(long... ids) {
        for (long id : ids) {
            jdbc.update("UPDATE backup SET expires_at = ? WHERE id = ?", Timestamp.from(Instant.now().minus(Duration.ofDays(1))), id);
        }
    }

    /** Runs the retention job and waits until it has reported. */
    private void runRetention() throws Exception {
        Instant asked = Instant.now();
        asAdmin(post("/api/v1/jobs/backup/retention/run"), null).andExpect(status().isOk());
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            java.util.Map<String, Object> last = JsonPath.read(bodyOf(asAdmin(get("/api/v1/jobs/backup/retention"), null)), "$.last_result");
            return last != null && !Instant.parse((String) last.get("started_at")).isBefore(asked.minusMillis(1));
        });
    }

    private List<Integer> listedIds(String db) throws Exception {
        return JsonPath.read(bodyOf(asAdmin(get("/api/v1/databases/" + db + "/branches/main/backups"), null)), "$.data[*].id");
    }

    @Test
    void aBranchWhoseLastThreeBackupsFailedKeepsItsOlderGoodOnePastItsExpiry() throws Exception {
        String db = database();
        long good = backup(db);
        verify(db, good, "passed");
        long failed1 = backup(db);
        long failed2 = backup(db);
        long failed3 = backup(db);
        for (long id : List.of(failed1, failed2, failed3)) {
            markFailed(id);
        }
        expire(good, failed1, failed2, failed3);

        runRetention();

        assertThat(listedIds(db)).containsExactly((int) good);
        asAdmin(get("/api/v1/databases/" + db + "/branches/main/backups/" + good), null).andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("success"));
        MockHttpSession session = (MockHttpSession) mvc.perform(formLogin("/login").user("admin")
                .password(IntegrationTest.ADMIN_PASSWORD)).andReturn().getRequest().getSession();
        String page = mvc.perform(get("/databases/" + db + "/backups").session(session)).andReturn().getResponse()
                .getContentAsString();
        assertThat(page).contains("data-backup-id=\"" + good + "\"").contains("kept: newest good backup");
        // a restore from it still works: the file is there
        asAdmin(post("/api/v1/databases/" + db + "/branches"), "{\"name\": \"from-kept\", \"backup_id\": " + good + "}")
                .andExpect(status().isCreated());
    }

    @Test
    void aBackupWhoseVerificationFailedIsNotTheKeptCopy() throws Exception {
        String db = database();
        long good = backup(db);
        verify(db, good, "passed");
        long damaged = backup(db);
        jdbc.update("UPDATE backup SET sha256 = ? WHERE id = ?", "0".repeat(64), damaged);
        verify(db, damaged, "failed");
        expire(good, damaged);

        runRetention();

        assertThat(listedIds(db)).containsExactly((int) good);
    }

    @Test
    void olderExpiredBackupsGoOnceANewerGoodOneExists() throws Exception {
        String db = database();
        long old = backup(db);
        long newer = backup(db);
        expire(old, newer);

        runRetention();

        assertThat(listedIds(db)).containsExactly((int) newer);
    }
}
