package dev.loopline.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.database.BranchRestarts;
import dev.loopline.database.BranchService;
import dev.loopline.support.AbstractIntegrationTest;

/** Query insights through the API: sampling into patterns, scan flags, recommendations, filing into the backlog. */
class InsightsApiTests extends AbstractIntegrationTest {

    @Autowired
    QuerySampler sampler;

    @Autowired
    BranchService branches;

    @Autowired
    ApplicationContext context;

    /** A database whose production branch has WEBHOOKS with {@code rows} rows and no index on OWNER_ID. */
    String database(int rows) throws Exception {
        String db = "qi-" + UUID.randomUUID().toString().substring(0, 6);
        asAdmin(post("/api/v1/databases"), "{\"name\": \"" + db + "\"}").andExpect(status().isCreated());
        asAdmin(delete("/api/v1/databases/" + db + "/branches/main/safe-migrations"), null).andExpect(status().isOk());
        sqlAsAdmin(db, "main", "CREATE TABLE WEBHOOKS (ID INT PRIMARY KEY, URL VARCHAR(200), OWNER_ID INT, KIND VARCHAR(10));"
                + "INSERT INTO WEBHOOKS SELECT X, 'https://hooks.example/' || X, MOD(X, 1000), 'generic' FROM SYSTEM_RANGE(1, "
                + rows + ");");
        return db;
    }

    void sample(String db) {
        sampler.sample(branches.get(db, "main"));
    }

    String insights(String db) throws Exception {
        return bodyOf(asAdmin(get("/api/v1/databases/" + db + "/branches/main/insights"), null).andExpect(status().isOk()));
    }

    /** The pattern's executions over everything sampled (whoever sampled: the job may run in between). */
    long executions(String db, String pattern) throws Exception {
        List<Number> counts = JsonPath.read(insights(db), "$.queries[?(@.pattern == '" + pattern.replace("'", "\\'") + "')].count");
        return counts.isEmpty() ? 0 : counts.get(0).longValue();
    }

    @Test
    void literalsOfOneShapeAreOnePatternAndDeltasSurviveAResetAndARestart() throws Exception {
        String db = database(100);
        String pattern = "SELECT URL FROM WEBHOOKS WHERE ID = ?";
        sample(db); // switches statistics on if a restart left them off
        sqlAsAdmin(db, "main", "SELECT url FROM webhooks WHERE id = 5; select URL from WEBHOOKS where ID=7; "
                + "SELECT url FROM webhooks WHERE id = 9;");
        sample(db);
        assertThat(executions(db, pattern)).isEqualTo(3);
        sample(db); // nothing ran since: nothing added
        assertThat(executions(db, pattern)).isEqualTo(3);
        sqlAsAdmin(db, "main", "SELECT url FROM webhooks WHERE id = 11; SELECT url FROM webhooks WHERE id = 5;");
        sample(db);
        assertThat(executions(db, pattern)).isEqualTo(5);

        // a reset: switching statistics off drops H2's counters; on again, they start from zero
        asAdmin(put("/api/v1/databases/" + db + "/insights/settings"), "{\"query_statistics\": false}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.query_statistics").value(false));
        asAdmin(put("/api/v1/databases/" + db + "/insights/settings"), "{\"query_statistics\": true}")
                .andExpect(status().isOk());
        sqlAsAdmin(db, "main", "SELECT url FROM webhooks WHERE id = 1;");
        sample(db);
        assertThat(executions(db, pattern)).isEqualTo(6);

        // a restart: H2 closes the database (its counters are gone), Loopline's last reading stays in its metadata
        BranchRestarts.closeAsARestartDoes(context, db, "main");
        sqlAsAdmin(db, "main", "SELECT url FROM webhooks WHERE id = 2; SELECT url FROM webhooks WHERE id = 3;");
        sample(db);
        assertThat(executions(db, pattern)).isEqualTo(8);
        // Loopline's own statements (catalogue reads, row counts, plans) are not patterns
        List<String> patterns = JsonPath.read(insights(db), "$.queries[*].pattern");
        assertThat(patterns).noneMatch(p -> p.contains("INFORMATION_SCHEMA") || p.startsWith("EXPLAIN")
                || p.contains("COUNT(*)") && !p.contains("WEBHOOKS WHERE"));
    }

    /**
     * A real statement carries production data (an email address here). The sample and the plan's values are shown to
     * those who may use the SQL console on the production branch (operators); developers and project managers read
     * the pattern and the plan with {@code ?} for every value, and so does the backlog item filed from it.
     */
    @Test
    void theSampleStatementsValuesAreShownOnlyToThoseWhoMayReadTheBranchsData() throws Exception {
        String db = database(100);
        sample(db);
        sqlAsAdmin(db, "main", "SELECT id FROM webhooks WHERE url = 'https://alice.example/secret-4711' AND owner_id = 4711;");
        sample(db);
        String scan = "SELECT ID FROM WEBHOOKS WHERE URL = ? AND OWNER_ID = ?";
        int id = JsonPath.<List<Integer>>read(insights(db), "$.queries[?(@.pattern == '" + scan + "')].id").get(0);
        String path = "/api/v1/databases/" + db + "/branches/main/insights/queries/" + id;

        String operator = bodyOf(as(tokenWithRoles("OPERATOR"), get(path), null).andExpect(status().isOk()));
        assertThat(JsonPath.<String>read(operator, "$.sample")).contains("alice.example/secret-4711");
        assertThat(JsonPath.<String>read(operator, "$.plan.text")).contains("4711");

        for (String role : List.of("DEVELOPER", "PROJECT_MANAGER")) {
            String other = bodyOf(as(tokenWithRoles(role), get(path), null).andExpect(status().isOk()));
            assertThat(JsonPath.<Object>read(other, "$.sample")).as(role).isNull();
            assertThat(JsonPath.<String>read(other, "$.plan.text")).as(role).contains("WEBHOOKS")
                    .doesNotContain("4711").doesNotContain("alice");
            assertThat(JsonPath.<String>read(other, "$.pattern")).isEqualTo(scan);
        }

        String filed = bodyOf(as(tokenWithRoles("OPERATOR"), post(path + "/work-item"), null)
                .andExpect(status().isCreated()));
        assertThat(JsonPath.<String>read(filed, "$.description")).contains("WEBHOOKS").doesNotContain("4711")
                .doesNotContain("alice");
    }

    /**
     * When the sample can no longer be planned because a column's type changed since, H2's error quotes the value it
     * could not convert; readers who may not see the branch's data get it as {@code ?}, the names stay.
     */
    @Test
    void aPlanErrorDoesNotQuoteTheStatementsValuesToThoseWhoMayNotReadThem() throws Exception {
        String db = database(10);
        sample(db);
        sqlAsAdmin(db, "main", "SELECT id FROM webhooks WHERE kind = 'alice-4711';");
        sample(db);
        String shape = "SELECT ID FROM WEBHOOKS WHERE KIND = ?";
        int id = JsonPath.<List<Integer>>read(insights(db), "$.queries[?(@.pattern == '" + shape + "')].id").get(0);
        sqlAsAdmin(db, "main", "ALTER TABLE webhooks DROP COLUMN kind; ALTER TABLE webhooks ADD COLUMN kind INT;");
        String path = "/api/v1/databases/" + db + "/branches/main/insights/queries/" + id;

        String operator = bodyOf(as(tokenWithRoles("OPERATOR"), get(path), null).andExpect(status().isOk()));
        assertThat(JsonPath.<String>read(operator, "$.plan.error")).contains("alice-4711");
        String developer = bodyOf(as(tokenWithRoles("DEVELOPER"), get(path), null).andExpect(status().isOk()));
        assertThat(JsonPath.<String>read(developer, "$.plan.error")).contains("Could not explain the statement on " + db)
                .contains("Data conversion error converting \"?\"").doesNotContain("alice").doesNotContain("4711");
    }

    @Test
    void aScanOfALargeTableIsFlaggedAndGetsAnIndexRecommendationThatOpensAsADeployRequest() throws Exception {
        String db = database(100_000);
        sample(db);
        sqlAsAdmin(db, "main", "SELECT id, url FROM webhooks WHERE owner_id = 5 AND kind = 'generic';"
                + "SELECT id, url FROM webhooks WHERE owner_id = 7 AND kind = 'slack';"
                + "SELECT url FROM webhooks WHERE id = 5;");
        sample(db);
        String json = insights(db);
        String scan = "SELECT ID, URL FROM WEBHOOKS WHERE OWNER_ID = ? AND KIND = ?";
        assertThat(JsonPath.<List<Object>>read(json, "$.queries[?(@.pattern == '" + scan + "')].full_table_scan"))
                .containsExactly(true);
        assertThat(JsonPath.<List<Object>>read(json, "$.queries[?(@.pattern == 'SELECT URL FROM WEBHOOKS WHERE ID = ?')]"
                + ".full_table_scan")).containsExactly(false);
        assertThat(JsonPath.<List<Object>>read(json, "$.queries[?(@.pattern == '" + scan + "')].tables[*]"))
                .containsExactly("WEBHOOKS");
        int id = JsonPath.<List<Integer>>read(json, "$.queries[?(@.pattern == '" + scan + "')].id").get(0);

        String detail = bodyOf(asAdmin(get("/api/v1/databases/" + db + "/branches/main/insights/queries/" + id), null)
                .andExpect(status().isOk()));
        assertThat(JsonPath.<String>read(detail, "$.plan.text")).contains("tableScan");
        assertThat(JsonPath.<Map<String, Object>>read(detail, "$.plan.full_scans")).containsEntry("WEBHOOKS", 100_000);
        assertThat(JsonPath.<List<Object>>read(detail, "$.series")).hasSize(1);

        String recs = bodyOf(asAdmin(get("/api/v1/databases/" + db + "/branches/main/insights/recommendations"), null)
                .andExpect(status().isOk()));
        List<Map<String, Object>> addIndex = JsonPath.read(recs, "$.data[?(@.kind == 'add_index')]");
        assertThat(addIndex).hasSize(1);
        assertThat(addIndex.get(0)).containsEntry("table", "WEBHOOKS").containsEntry("columns", List.of("OWNER_ID", "KIND"))
                .containsEntry("ddl", "CREATE INDEX IDX_WEBHOOKS_OWNER_ID_KIND ON WEBHOOKS (OWNER_ID, KIND);")
                .containsEntry("estimated_rows_read", 200_000);
        assertThat((String) addIndex.get(0).get("reason")).contains("100,000 rows of WEBHOOKS").contains("OWNER_ID, KIND");

        // opening it: a development branch with the index, and a deploy request into main; main itself is untouched
        int recommendation = (Integer) addIndex.get(0).get("id");
        asAdmin(post("/api/v1/databases/" + db + "/branches/main/safe-migrations"), null).andExpect(status().isOk());
        String opened = bodyOf(asAdmin(post("/api/v1/databases/" + db + "/branches/main/insights/recommendations/"
                + recommendation + "/open"), null).andExpect(status().isCreated()));
        String devBranch = JsonPath.read(opened, "$.branch");
        assertThat(devBranch).startsWith("insights-" + recommendation + "-webhooks");
        assertThat(JsonPath.<String>read(opened, "$.into_branch")).isEqualTo("main");
        int number = JsonPath.read(opened, "$.number");
        asAdmin(get("/api/v1/databases/" + db + "/deploy-requests/" + number + "/diff"), null).andExpect(status().isOk())
                .andExpect(jsonPath("$.statements[0]").value(org.hamcrest.Matchers.containsString("IDX_WEBHOOKS_OWNER_ID_KIND")));
        asAdmin(get("/api/v1/databases/" + db + "/branches/main/schema"), null)
                .andExpect(jsonPath("$.ddl").value(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("IDX_WEBHOOKS"))));
        asAdmin(post("/api/v1/databases/" + db + "/branches/main/insights/recommendations/" + recommendation + "/open"), null)
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("already_opened"));

        // into the backlog: a bug with the evidence, linked to the pattern
        String item = bodyOf(asAdmin(post("/api/v1/databases/" + db + "/branches/main/insights/queries/" + id + "/work-item"),
                null).andExpect(status().isCreated()));
        assertThat(JsonPath.<String>read(item, "$.type")).isEqualTo("bug");
        assertThat(JsonPath.<Object>read(item, "$.iteration_id")).isNull();
        assertThat(JsonPath.<String>read(item, "$.description")).contains(scan).contains("Full table scan")
                .contains("/databases/" + db + "/branches/main/insights/queries/" + id);
        assertThat(JsonPath.<String>read(item, "$.links[0].url")).endsWith("/insights/queries/" + id);
        int itemId = JsonPath.read(item, "$.id");
        asAdmin(get("/api/v1/backlog"), null).andExpect(jsonPath("$.data[?(@.id == " + itemId + ")].title")
                .value(org.hamcrest.Matchers.contains(org.hamcrest.Matchers.startsWith("Full table scan: SELECT ID, URL"))));
        asAdmin(post("/api/v1/databases/" + db + "/branches/main/insights/queries/" + id + "/work-item"), null)
                .andExpect(status().isConflict());
    }

    @Test
    void aScanOfATableInAnotherSchemaIsFlaggedWithItsRows() throws Exception {
        String db = database(10);
        sqlAsAdmin(db, "main", "CREATE SCHEMA ARCHIVE; CREATE TABLE ARCHIVE.OLD_HOOKS (ID INT PRIMARY KEY, OWNER_ID INT);"
                + "INSERT INTO ARCHIVE.OLD_HOOKS SELECT X, X FROM SYSTEM_RANGE(1, 300);");
        sample(db);
        sqlAsAdmin(db, "main", "SELECT id FROM archive.old_hooks WHERE owner_id = 5;");
        sample(db);
        String pattern = "SELECT ID FROM ARCHIVE.OLD_HOOKS WHERE OWNER_ID = ?";
        String json = insights(db);
        assertThat(JsonPath.<List<Object>>read(json, "$.queries[?(@.pattern == '" + pattern + "')].full_table_scan"))
                .containsExactly(true);
        int id = JsonPath.<List<Integer>>read(json, "$.queries[?(@.pattern == '" + pattern + "')].id").get(0);
        asAdmin(get("/api/v1/databases/" + db + "/branches/main/insights/queries/" + id), null).andExpect(status().isOk())
                .andExpect(jsonPath("$.plan.full_scans['ARCHIVE.OLD_HOOKS']").value(300));
    }

    @Autowired
    InsightsService insightsService;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Test
    void aTableReadAfterTheRetentionButWithinTheUnusedWindowIsNotCalledUnused() throws Exception {
        String db = database(10);
        sqlAsAdmin(db, "main", "CREATE TABLE AUDIT_LOG (ID INT PRIMARY KEY); CREATE TABLE NEVER_READ (ID INT PRIMARY KEY);");
        java.time.Instant now = java.time.Instant.now();
        // sampled for 40 days: WEBHOOKS read all along, AUDIT_LOG last read 10 days ago (past the 7-day retention,
        // within the 30-day unused window), NEVER_READ never
        pattern(db, "webhooks", "SELECT URL FROM WEBHOOKS WHERE ID = ?", "WEBHOOKS", now.minus(java.time.Duration.ofDays(40)), now);
        pattern(db, "audit", "SELECT ID FROM AUDIT_LOG", "AUDIT_LOG", now.minus(java.time.Duration.ofDays(12)),
                now.minus(java.time.Duration.ofDays(10)));
        insightsService.applyRetention();
        String recs = bodyOf(asAdmin(get("/api/v1/databases/" + db + "/branches/main/insights/recommendations"), null)
                .andExpect(status().isOk()));
        assertThat(JsonPath.<List<String>>read(recs, "$.data[?(@.kind == 'unused_table')].table"))
                .containsExactly("NEVER_READ");
    }

    /** A pattern first seen and last seen then, with one sample at its last sighting. */
    private void pattern(String db, String fingerprint, String pattern, String table, java.time.Instant first,
            java.time.Instant last) {
        jdbc.sql("INSERT INTO insight_pattern (database_name, branch_name, fingerprint, pattern, sample_sql, tables_touched, "
                + "first_seen, last_seen) VALUES (?, 'main', ?, ?, ?, ?, ?, ?)").params(db, fingerprint, pattern, pattern,
                        table, java.sql.Timestamp.from(first), java.sql.Timestamp.from(last)).update();
        long id = jdbc.sql("SELECT id FROM insight_pattern WHERE database_name = ? AND fingerprint = ?")
                .params(db, fingerprint).query(Long.class).single();
        jdbc.sql("INSERT INTO insight_sample (pattern_id, sampled_at, executions, total_nanos, max_nanos, rows_count) "
                + "VALUES (?, ?, 1, 1000, 1000, 1)").params(id, java.sql.Timestamp.from(last)).update();
    }

    @Test
    void aShapeSeenOnlyInStatementsTooLongToKeepSaysSoAndIsPlannedOnceAWholeOneComes() throws Exception {
        String db = database(10);
        sample(db);
        sqlAsAdmin(db, "main", "SELECT url FROM webhooks WHERE id IN (" + java.util.stream.IntStream.rangeClosed(1, 3000)
                .mapToObj(String::valueOf).collect(java.util.stream.Collectors.joining(", ")) + ");");
        sample(db);
        int id = JsonPath.<List<Integer>>read(insights(db), "$.queries[?(@.pattern == "
                + "'SELECT URL FROM WEBHOOKS WHERE ID IN (?)')].id").get(0);
        String path = "/api/v1/databases/" + db + "/branches/main/insights/queries/" + id;
        String detail = bodyOf(asAdmin(get(path), null).andExpect(status().isOk()));
        assertThat(JsonPath.<Object>read(detail, "$.plan.text")).isNull();
        assertThat(JsonPath.<String>read(detail, "$.plan.error")).contains("longer than 8,000 characters").hasSizeLessThan(300);

        sqlAsAdmin(db, "main", "SELECT url FROM webhooks WHERE id IN (1, 2);");
        sample(db);
        detail = bodyOf(asAdmin(get(path), null).andExpect(status().isOk()));
        assertThat(JsonPath.<String>read(detail, "$.plan.text")).contains("WEBHOOKS");
        assertThat(JsonPath.<Object>read(detail, "$.plan.error")).isNull();
    }

    @Test
    void flagsDuplicateAndRedundantIndexes() throws Exception {
        String db = database(10);
        sqlAsAdmin(db, "main", "CREATE INDEX OWNER_A ON WEBHOOKS (OWNER_ID); CREATE INDEX OWNER_B ON WEBHOOKS (OWNER_ID);"
                + "CREATE INDEX OWNER_KIND ON WEBHOOKS (OWNER_ID, KIND);");
        String recs = bodyOf(asAdmin(get("/api/v1/databases/" + db + "/branches/main/insights/recommendations"), null)
                .andExpect(status().isOk()));
        assertThat(JsonPath.<List<String>>read(recs, "$.data[?(@.kind == 'drop_redundant_index')].ddl"))
                .containsExactlyInAnyOrder("DROP INDEX OWNER_A;", "DROP INDEX OWNER_B;");
    }

    @Test
    void refusesBadRangesAndUnknownPatterns() throws Exception {
        String db = database(1);
        asAdmin(get("/api/v1/databases/" + db + "/branches/main/insights?from=yesterday"), null)
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_range"));
        asAdmin(get("/api/v1/databases/" + db + "/branches/main/insights?from=2026-11-30T10:00:00Z&to=2026-11-30T09:00:00Z"),
                null).andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_range"));
        asAdmin(get("/api/v1/databases/" + db + "/branches/main/insights/queries/999999"), null)
                .andExpect(status().isNotFound());
        asAdmin(get("/api/v1/databases/" + db + "/branches/nope/insights"), null).andExpect(status().isNotFound());
        asAdmin(get("/api/v1/databases/nope-" + db + "/insights/settings"), null).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"));
    }

    /** Posts to the path through the real server, {@code times} at once, as the admin; the status codes. */
    private List<Integer> postAtOnce(String path, int times) {
        var client = java.net.http.HttpClient.newHttpClient();
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path))
                .header("Authorization", bearer(adminToken())).POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                .build();
        return java.util.stream.IntStream.range(0, times)
                .mapToObj(i -> client.sendAsync(request, java.net.http.HttpResponse.BodyHandlers.ofString())).toList()
                .stream().map(java.util.concurrent.CompletableFuture::join).map(java.net.http.HttpResponse::statusCode)
                .toList();
    }

    /** Ids of the backlog's items whose description holds the text. */
    private List<Integer> backlogItemsMentioning(String text) throws Exception {
        List<Map<String, Object>> items = JsonPath.read(bodyOf(asAdmin(get("/api/v1/backlog").param("q", text)
                .param("per_page", "100"), null)), "$.data");
        return items.stream().filter(item -> String.valueOf(item.get("description")).contains(text))
                .map(item -> (Integer) item.get("id")).toList();
    }

    @Test
    void addToBacklogClickedTwiceAtOnceFilesOneWorkItemAndADeletedItemFreesThePattern() throws Exception {
        String db = database(10);
        sample(db);
        sqlAsAdmin(db, "main", "SELECT url FROM webhooks WHERE owner_id = 3;");
        sample(db);
        int id = JsonPath.<List<Integer>>read(insights(db), "$.queries[?(@.pattern == "
                + "'SELECT URL FROM WEBHOOKS WHERE OWNER_ID = ?')].id").get(0);
        String path = "/api/v1/databases/" + db + "/branches/main/insights/queries/" + id + "/work-item";
        assertThat(postAtOnce(path, 4)).containsOnly(201, 409).containsOnlyOnce(201);
        String url = "/databases/" + db + "/branches/main/insights/queries/" + id;
        List<Integer> items = backlogItemsMentioning(url + ")");
        assertThat(items).hasSize(1);

        // the item is deleted: the pattern is no longer "in the backlog", and can be filed again
        asAdmin(delete("/api/v1/work-items/" + items.get(0)), null).andExpect(status().isNoContent());
        assertThat(JsonPath.<List<Object>>read(insights(db), "$.queries[?(@.id == " + id + ")].work_item_id"))
                .containsExactly((Object) null);
        asAdmin(post(path), null).andExpect(status().isCreated());
        assertThat(backlogItemsMentioning(url + ")")).hasSize(1);

        // the same for a recommendation
        sqlAsAdmin(db, "main", "CREATE INDEX OWNER_A ON WEBHOOKS (OWNER_ID); CREATE INDEX OWNER_B ON WEBHOOKS (OWNER_ID);");
        int rec = JsonPath.<List<Integer>>read(bodyOf(asAdmin(get("/api/v1/databases/" + db
                + "/branches/main/insights/recommendations"), null)), "$.data[?(@.kind == 'drop_redundant_index')].id").get(0);
        String recPath = "/api/v1/databases/" + db + "/branches/main/insights/recommendations/" + rec + "/work-item";
        assertThat(postAtOnce(recPath, 4)).containsOnly(201, 409).containsOnlyOnce(201);
        List<Integer> recItems = backlogItemsMentioning(db + "/main ([recommendation " + rec + "]");
        assertThat(recItems).hasSize(1);
        asAdmin(delete("/api/v1/work-items/" + recItems.get(0)), null).andExpect(status().isNoContent());
        asAdmin(post(recPath), null).andExpect(status().isCreated());
    }
}
