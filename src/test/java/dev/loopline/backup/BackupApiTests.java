package dev.loopline.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.quartz.CronExpression;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.common.LooplineProperties;
import dev.loopline.database.BranchData;
import dev.loopline.database.BranchService;
import dev.loopline.support.AbstractIntegrationTest;
import dev.loopline.support.ConcurrentWriter;

/** Backups, restores into new branches, verification, policies and retention through the API, on real files. */
class BackupApiTests extends AbstractIntegrationTest {

    @Autowired
    LooplineProperties properties;

    @Autowired
    BranchData branchData;

    @Autowired
    BranchService branchService;

    @Autowired
    JdbcTemplate jdbc;

    /** A database whose main has ITEMS (id, val, qty) with {@code rows} rows. */
    private String setUp(int rows) throws Exception {
        String db = "bk-" + UUID.randomUUID().toString().substring(0, 6);
        asAdmin(post("/api/v1/databases"), "{\"name\": \"" + db + "\"}").andExpect(status().isCreated());
        asAdmin(delete("/api/v1/databases/" + db + "/branches/main/safe-migrations"), null).andExpect(status().isOk());
        mvc.perform(post("/api/v1/databases/" + db + "/branches/main/sql").header("Authorization", bearer(adminToken()))
                .contentType(MediaType.TEXT_PLAIN).content("CREATE TABLE ITEMS (ID BIGINT PRIMARY KEY, VAL VARCHAR(40), QTY INT);"
                        + "INSERT INTO ITEMS SELECT X, 'v0', 1 FROM SYSTEM_RANGE(1, " + rows + ");"
                        + "CREATE TABLE NOTES (ID INT PRIMARY KEY, BODY VARCHAR(100));"
                        + "INSERT INTO NOTES VALUES (1, 'marker-QWERTYUIOP-needle');"))
                .andExpect(status().isOk());
        return db;
    }

    private long backup(String db, String branch, String body) throws Exception {
        String created = bodyOf(asAdmin(post("/api/v1/databases/" + db + "/branches/" + branch + "/backups?wait=true"), body)
                .andExpect(status().isCreated()).andExpect(jsonPath("$.state").value("success")));
        return ((Number) JsonPath.read(created, "$.id")).longValue();
    }

    @Test
    void backsUpWhileAWriterWritesAndRestoresIntoANewBranchWithTheRecordedContent() throws Exception {
        String db = setUp(20_000);
        String password = bodyOf(asAdmin(post("/api/v1/databases/" + db + "/branches/main/passwords"),
                "{\"name\": \"app\", \"role\": \"readwriter\"}").andExpect(status().isCreated()));
        ConcurrentWriter writer = new ConcurrentWriter(JsonPath.read(password, "$.jdbc_url"), JsonPath.read(password, "$.username"),
                JsonPath.read(password, "$.plain_text"), 20_000, 300).start();
        long id;
        try {
            Thread.sleep(300);
            id = backup(db, "main", "{\"name\": \"before release\", \"retention_days\": 7}");
            Thread.sleep(300);
        }
        finally {
            writer.stop();
        }
        assertThat(writer.errors).as("writes go on during the backup").isEmpty();
        String shown = bodyOf(asAdmin(get("/api/v1/databases/" + db + "/branches/main/backups/" + id), null)
                .andExpect(jsonPath("$.name").value("before release"))
                .andExpect(jsonPath("$.sha256").value(org.hamcrest.Matchers.matchesPattern("[0-9a-f]{64}")))
                .andExpect(jsonPath("$.tables.NOTES").value(1)));
        long rowsInBackup = ((Number) JsonPath.read(shown, "$.tables.ITEMS")).longValue();
        assertThat(rowsInBackup).isGreaterThan(19_000);
        Instant expires = Instant.parse(JsonPath.read(shown, "$.expires_at"));
        Instant finished = Instant.parse(JsonPath.read(shown, "$.finished_at"));
        assertThat(Duration.between(finished, expires)).isEqualTo(Duration.ofDays(7));
        Path file = properties.dataDir().resolve("backups").resolve(db).resolve("main").resolve(id + ".backup");
        assertThat(file).exists();
        assertThat(Files.size(file)).isEqualTo(((Number) JsonPath.read(shown, "$.size_bytes")).longValue());

        asAdmin(post("/api/v1/databases/" + db + "/branches?wait=true"), "{\"name\": \"restored\", \"backup_id\": " + id + "}")
                .andExpect(status().isCreated()).andExpect(jsonPath("$.state").value("ready"))
                .andExpect(jsonPath("$.backup_id").value(id)).andExpect(jsonPath("$.parent_branch").value("main"));
        Backup recorded = jdbcBackup(db, id);
        var restored = branchData.fingerprint(branchService.get(db, "restored"));
        assertThat(restored).isEqualTo(recordedTables(recorded));
        mvc.perform(post("/api/v1/databases/" + db + "/branches/restored/sql").header("Authorization", bearer(adminToken()))
                .contentType(MediaType.TEXT_PLAIN).content("SELECT COUNT(*) FROM ITEMS"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.results[0].rows[0][0]").value((int) rowsInBackup));

        asAdmin(post("/api/v1/databases/" + db + "/branches?wait=true"), "{\"name\": \"seeded\", \"seed_data\": \"last_successful_backup\"}")
                .andExpect(status().isCreated()).andExpect(jsonPath("$.state").value("ready"))
                .andExpect(jsonPath("$.backup_id").value(id));
    }

    @Test
    void operatorsRestoreAnywhereAndDevelopersOnlyWhereDataBranchingIsAllowed() throws Exception {
        String db = setUp(10);
        long id = backup(db, "main", "{}");
        asAdmin(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch("/api/v1/databases/" + db),
                "{\"allow_data_branching\": false}").andExpect(status().isOk());
        String operator = tokenWithRoles("operator");
        String developer = tokenWithRoles("developer");
        String planner = tokenWithRoles("project_manager");
        mvc.perform(post("/api/v1/databases/" + db + "/branches?wait=true").header("Authorization", bearer(operator))
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"ops-restore\", \"backup_id\": " + id + "}"))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.state").value("ready"));
        mvc.perform(post("/api/v1/databases/" + db + "/branches").header("Authorization", bearer(developer))
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"dev-restore\", \"backup_id\": " + id + "}"))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.code").value("data_branching_disabled"));
        mvc.perform(post("/api/v1/databases/" + db + "/branches").header("Authorization", bearer(planner))
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"pm-restore\", \"backup_id\": " + id + "}"))
                .andExpect(status().isForbidden());
        asAdmin(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch("/api/v1/databases/" + db),
                "{\"allow_data_branching\": true}").andExpect(status().isOk());
        mvc.perform(post("/api/v1/databases/" + db + "/branches?wait=true").header("Authorization", bearer(developer))
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"dev-seeded\", \"seed_data\": \"last_successful_backup\"}"))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.state").value("ready"));
        mvc.perform(post("/api/v1/databases/" + db + "/branches").header("Authorization", bearer(planner))
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"pm-restore\", \"backup_id\": " + id + "}"))
                .andExpect(status().isForbidden());
    }

    @Autowired
    BackupService backups;

    private Backup jdbcBackup(String db, long id) {
        return backups.get(db, id);
    }

    private Map<String, dev.loopline.engine.DatabaseEngine.TableFingerprint> recordedTables(Backup backup) {
        return backups.tables(backup);
    }

    @Autowired
    IterationBackupStatus iterationBackupStatus;

    private String verify(String db, long id) throws Exception {
        return bodyOf(asAdmin(post("/api/v1/databases/" + db + "/branches/main/backups/" + id + "/verify?wait=true"), null)
                .andExpect(status().isOk()));
    }

    @Autowired
    BackupService backupService;

    /**
     * A policy run that verifies after each backup: from the moment the backup starts until its verification is
     * recorded, the backup counts as "verifying", so the backups page keeps polling and shows the result without a
     * reload (it used to stop polling once the backup succeeded, before its test restore).
     */
    @Test
    void aPolicyBackupCountsAsVerifyingUntilItsTestRestoreIsRecorded() throws Exception {
        String db = setUp(20_000);
        asAdmin(post("/api/v1/jobs/backup/policy-" + db + "/run"), null).andExpect(status().isOk());
        List<String> gaps = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> {
            java.util.Set<Long> verifying = backupService.verifying();
            List<Backup> ofDb = backupService.list(db);
            if (ofDb.isEmpty()) {
                return false;
            }
            Backup newest = ofDb.get(0);
            if (newest.getState() == BackupState.SUCCESS && newest.getVerification() == null
                    && !verifying.contains(newest.getId())) {
                gaps.add("backup " + newest.getId() + " succeeded, unverified and not verifying");
            }
            return newest.getVerification() != null;
        });
        assertThat(gaps).as("no moment where the page would stop polling before the result").isEmpty();
        assertThat(backupService.list(db).get(0).getVerification()).isEqualTo(Backup.Verification.PASSED);
    }

    /** "Test restore: after every backup" covers backups people take by hand, not only the policy's own. */
    @Test
    void aManualBackupIsTestRestoredWhenThePolicySaysAfterEveryBackup() throws Exception {
        String db = setUp(10);
        String verified = bodyOf(asAdmin(post("/api/v1/databases/" + db + "/branches/main/backups?wait=true"), null)
                .andExpect(status().isCreated()));
        assertThat((String) JsonPath.read(verified, "$.state")).isEqualTo("success");
        assertThat((String) JsonPath.read(verified, "$.verification")).as("the default policy test-restores each backup")
                .isEqualTo("passed");

        asAdmin(put("/api/v1/databases/" + db + "/backup-policy"), "{\"verify_after_backup\": false}")
                .andExpect(status().isOk());
        String unverified = bodyOf(asAdmin(post("/api/v1/databases/" + db + "/branches/main/backups?wait=true"), null)
                .andExpect(status().isCreated()));
        assertThat((String) JsonPath.read(unverified, "$.state")).isEqualTo("success");
        assertThat((String) JsonPath.read(unverified, "$.verification")).as("weekly only: not now").isNull();
    }

    @Test
    void verificationCoversTablesOfEverySchemaAndStillPassesBackupsRecordedBeforeIt() throws Exception {
        String db = setUp(10);
        mvc.perform(post("/api/v1/databases/" + db + "/branches/main/sql").header("Authorization", bearer(adminToken()))
                .contentType(MediaType.TEXT_PLAIN).content("CREATE SCHEMA billing; CREATE TABLE billing.invoices "
                        + "(id INT PRIMARY KEY, total DECIMAL(10, 2)); INSERT INTO billing.invoices VALUES (1, 10.50);"))
                .andExpect(status().isOk());
        long id = backup(db, "main", null);
        String recorded = jdbc.queryForObject("SELECT tables_json FROM backup WHERE id = ?", String.class, id);
        assertThat(recorded).contains("BILLING.INVOICES");
        assertThat((String) JsonPath.read(verify(db, id), "$.verification")).isEqualTo("passed");

        var json = tools.jackson.databind.json.JsonMapper.builder().build();
        var original = new java.util.TreeMap<>(backupService.tables(backupService.get(db, id)));
        var miscounted = new java.util.TreeMap<>(original);
        miscounted.put("BILLING.INVOICES", new dev.loopline.engine.DatabaseEngine.TableFingerprint(2,
                original.get("BILLING.INVOICES").checksum()));
        jdbc.update("UPDATE backup SET tables_json = ? WHERE id = ?", json.writeValueAsString(miscounted), id);
        String failed = verify(db, id);
        assertThat((String) JsonPath.read(failed, "$.verification")).isEqualTo("failed");
        assertThat((String) JsonPath.read(failed, "$.verification_reason")).contains("BILLING.INVOICES has 1 rows, not 2");

        var oldStyle = new java.util.TreeMap<>(original);
        oldStyle.remove("BILLING.INVOICES");
        jdbc.update("UPDATE backup SET tables_json = ? WHERE id = ?", json.writeValueAsString(oldStyle), id);
        String old = verify(db, id);
        assertThat((String) JsonPath.read(old, "$.verification")).as("recorded before other schemas counted: " + old)
                .isEqualTo("passed");
    }

    @Test
    void verificationPassesForAGoodBackupAndFailsForADamagedOne() throws Exception {
        String db = setUp(5_000);
        long id = backup(db, "main", null);
        Path file = properties.dataDir().resolve("backups").resolve(db).resolve("main").resolve(id + ".backup");
        byte[] good = Files.readAllBytes(file);
        String passed = verify(db, id);
        assertThat((String) JsonPath.read(passed, "$.verification")).isEqualTo("passed");
        var lines = iterationBackupStatus.linesFor(1L, db);
        assertThat(lines).extracting(dev.loopline.iteration.IterationStatus.Line::label)
                .containsExactly("Latest backup", "Test restore");
        assertThat(lines.get(0).at()).as("shown as a relative time, exact on hover")
                .isEqualTo(Instant.parse(JsonPath.read(passed, "$.finished_at")));
        assertThat(lines.get(0).text()).doesNotContain("UTC");
        assertThat(lines.get(1).text()).isEqualTo("passed");

        byte[] middle = good.clone();
        for (int i = good.length / 2; i < good.length / 2 + 64; i++) {
            middle[i] = 0;
        }
        byte[] flipped = good.clone();
        int needle = indexOf(good, "marker-QWERTYUIOP-needle".getBytes(StandardCharsets.UTF_8));
        assertThat(needle).as("the row's text is stored as it is").isPositive();
        flipped[needle + 10] ^= 0x01;
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 4096);
        for (byte[] damaged : List.of(middle, flipped, truncated)) {
            Files.write(file, damaged);
            String failed = verify(db, id);
            assertThat((String) JsonPath.read(failed, "$.verification")).isEqualTo("failed");
            assertThat((String) JsonPath.read(failed, "$.verification_reason")).contains("SHA-256");
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                asAdmin(get("/api/v1/jobs/backup/backup-verify"), null)
                        .andExpect(jsonPath("$.last_result.success").value(false))
                        .andExpect(jsonPath("$.last_result.message").value(containsString("failed verification"))));
        // the file is damaged now: restoring it into a branch is refused, the branch marked failed with the reason
        asAdmin(post("/api/v1/databases/" + db + "/branches?wait=true"), "{\"name\": \"from-damaged\", \"backup_id\": " + id + "}")
                .andExpect(status().isCreated()).andExpect(jsonPath("$.state").value("failed"))
                .andExpect(jsonPath("$.failure_reason").value(containsString("SHA-256")));
        Files.write(file, good);
        assertThat((String) JsonPath.read(verify(db, id), "$.verification")).isEqualTo("passed");

        // a restore-level check on its own: the same flipped byte with a matching hash still fails on content
        Files.write(file, flipped);
        jdbc.update("UPDATE backup SET sha256 = ? WHERE id = ?", dev.loopline.common.Hashes.sha256(file), id);
        String contentFailed = verify(db, id);
        assertThat((String) JsonPath.read(contentFailed, "$.verification")).isEqualTo("failed");
        assertThat((String) JsonPath.read(contentFailed, "$.verification_reason")).satisfiesAnyOf(
                reason -> assertThat(reason).contains("NOTES's content checksum differs"),
                reason -> assertThat(reason).contains("does not restore"));

        asAdmin(post("/api/v1/databases/" + db + "/branches?wait=true"), "{\"name\": \"from-nothing\", \"backup_id\": 999999}")
                .andExpect(status().isNotFound());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void policiesAreQuartzTriggersThatRunNowAndRetentionDeletesExpiredUnprotectedBackups() throws Exception {
        String db = setUp(100);
        asAdmin(get("/api/v1/databases/" + db + "/backup-policy"), null).andExpect(status().isOk())
                .andExpect(jsonPath("$.schedule").value("0 0 0/12 * * ?"))
                .andExpect(jsonPath("$.retention_days").value(2))
                .andExpect(jsonPath("$.verify_after_backup").value(true));
        String job = bodyOf(asAdmin(get("/api/v1/jobs/backup/policy-" + db), null).andExpect(status().isOk())
                .andExpect(jsonPath("$.schedule").value("Every 12 hours")));
        CronExpression twelveHours = new CronExpression("0 0 0/12 * * ?");
        twelveHours.setTimeZone(java.util.TimeZone.getTimeZone("UTC"));
        Date expected = twelveHours.getNextValidTimeAfter(new Date());
        assertThat(Instant.parse(JsonPath.read(job, "$.next_fire_at"))).isEqualTo(expected.toInstant());

        asAdmin(put("/api/v1/databases/" + db + "/backup-policy"), "{\"schedule\": \"0 61 * * * ?\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_schedule"))
                .andExpect(jsonPath("$.message").value(containsString("Minute")));
        asAdmin(put("/api/v1/databases/" + db + "/backup-policy"), "{\"schedule\": \"30 3 * * *\", \"retention_days\": 5}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.schedule").value("0 30 3 * * ?"));
        asAdmin(get("/api/v1/jobs/backup/policy-" + db), null).andExpect(jsonPath("$.schedule").value("Every day at 03:30 UTC"))
                .andExpect(jsonPath("$.cron").value("0 30 3 * * ?"));

        asAdmin(post("/api/v1/jobs/backup/policy-" + db + "/run"), null).andExpect(status().isOk());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String list = bodyOf(asAdmin(get("/api/v1/databases/" + db + "/branches/main/backups"), null));
            assertThat((List<Boolean>) JsonPath.read(list, "$.data[*].scheduled")).containsExactly(true);
            assertThat((List<String>) JsonPath.read(list, "$.data[*].verification")).containsExactly("passed");
        });
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                asAdmin(get("/api/v1/jobs/backup/policy-" + db), null).andExpect(jsonPath("$.last_result.success").value(true)));

        long expiring = backup(db, "main", "{\"name\": \"old\"}");
        String keptJson = bodyOf(asAdmin(post("/api/v1/databases/" + db + "/branches/main/backups"), "{\"name\": \"keep me\", \"wait\": true}")
                .andExpect(status().isCreated()).andExpect(jsonPath("$.state").value("success"))
                .andExpect(jsonPath("$.protected").value(false)));
        long kept = ((Number) JsonPath.read(keptJson, "$.id")).longValue();
        asAdmin(post("/api/v1/databases/" + db + "/branches/main/backups/" + kept + "/protect"), "{\"value\": true}")
                .andExpect(jsonPath("$.protected").value(true));
        asAdmin(delete("/api/v1/databases/" + db + "/branches/main/backups/" + kept), null).andExpect(status().isConflict());
        jdbc.update("UPDATE backup SET expires_at = ? WHERE id IN (?, ?)", java.sql.Timestamp.from(Instant.now().minusSeconds(60)),
                expiring, kept);
        Path expiringFile = properties.dataDir().resolve("backups").resolve(db).resolve("main").resolve(expiring + ".backup");
        assertThat(expiringFile).exists();
        asAdmin(post("/api/v1/jobs/backup/retention/run"), null).andExpect(status().isOk());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            asAdmin(get("/api/v1/databases/" + db + "/branches/main/backups/" + expiring), null).andExpect(status().isNotFound());
            assertThat(expiringFile).doesNotExist();
        });
        asAdmin(get("/api/v1/databases/" + db + "/branches/main/backups/" + kept), null).andExpect(status().isOk());
    }
}
