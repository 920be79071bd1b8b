package dev.loopline.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.support.AbstractIntegrationTest;

/**
 * Issue 16's "done when", end to end through the API: ops see the full-scan query, get the index recommendation,
 * ship it through a deploy request (opened by a developer, approved and deployed by an operator) and see the pattern
 * get faster on the chart's data.
 */
class ShippedIndexRecommendationTests extends AbstractIntegrationTest {

    private static final String SCAN = "SELECT ID, URL FROM WEBHOOKS WHERE OWNER_ID = ? AND KIND = ?";
    private static final int RUNS = 20;

    @Test
    void anIndexRecommendationShippedThroughADeployRequestMakesTheScanGoAwayAndThePatternFaster() throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        String db = "qs-" + UUID.randomUUID().toString().substring(0, 6);
        String base = "/api/v1/databases/" + db;
        String insights = base + "/branches/main/insights";
        asAdmin(post("/api/v1/databases"), "{\"name\": \"" + db + "\"}").andExpect(status().isCreated());
        asAdmin(delete(base + "/branches/main/safe-migrations"), null).andExpect(status().isOk());
        sqlAsAdmin(db, "main", "CREATE TABLE WEBHOOKS (ID INT PRIMARY KEY, URL VARCHAR(200), OWNER_ID INT, KIND VARCHAR(10));"
                + "INSERT INTO WEBHOOKS SELECT X, 'https://hooks.example/' || X, MOD(X, 1000), 'generic' "
                + "FROM SYSTEM_RANGE(1, 100000);");
        asAdmin(post(base + "/branches/main/safe-migrations"), null).andExpect(status().isOk());
        asAdmin(put(base + "/insights/settings"), "{\"query_statistics\": true}").andExpect(status().isOk());

        // before: the seed story's query scans all 100,000 rows
        runScans(db);
        awaitSampled(insights, RUNS);
        String before = bodyOf(asAdmin(get(insights), null).andExpect(status().isOk()));
        assertThat(JsonPath.<List<Object>>read(before, scanField("full_table_scan"))).containsExactly(true);
        int pattern = JsonPath.<List<Integer>>read(before, scanField("id")).get(0);

        String recs = bodyOf(asAdmin(get(insights + "/recommendations"), null).andExpect(status().isOk()));
        List<Map<String, Object>> addIndex = JsonPath.read(recs, "$.data[?(@.kind == 'add_index' && @.table == 'WEBHOOKS')]");
        assertThat(addIndex).hasSize(1);
        assertThat(addIndex.get(0)).containsEntry("ddl", "CREATE INDEX IDX_WEBHOOKS_OWNER_ID_KIND ON WEBHOOKS (OWNER_ID, KIND);");

        // shipped: a developer opens it, an operator approves and deploys it
        String developer = tokenWithRoles("developer");
        String operator = tokenWithRoles("operator");
        String opened = bodyOf(as(developer, post(insights + "/recommendations/" + addIndex.get(0).get("id") + "/open"), null)
                .andExpect(status().isCreated()));
        int number = JsonPath.read(opened, "$.number");
        String request = base + "/deploy-requests/" + number;
        as(operator, post(request + "/reviews"), "{\"state\": \"approved\"}").andExpect(status().isCreated());
        as(operator, post(request + "/deploy"), null).andExpect(status().isOk());
        // opened from insights, the request waits for ops to choose the moment of cutover
        awaitState(request, "pending_cutover");
        as(operator, post(request + "/apply"), null).andExpect(status().isOk());
        awaitState(request, "complete_pending_revert");
        Instant cutover = Instant.parse(JsonPath.read(bodyOf(asAdmin(get(request + "/deployment"), null)
                .andExpect(status().isOk())), "$.cutover_at"));

        // right after the cutover the pattern is no longer flagged, and its plan reads the new index
        assertThat(JsonPath.<List<Object>>read(bodyOf(asAdmin(get(insights), null)), scanField("full_table_scan")))
                .as("the scan flag once the index is live").containsExactly(false);
        String plan = JsonPath.read(bodyOf(asAdmin(get(insights + "/queries/" + pattern), null)), "$.plan.text");
        assertThat(plan).contains("IDX_WEBHOOKS_OWNER_ID_KIND").doesNotContain("tableScan");

        // after: the same queries in a later minute (the chart has one point per minute)
        await().atMost(Duration.ofSeconds(75)).pollInterval(Duration.ofMillis(500))
                .until(() -> Instant.now().truncatedTo(ChronoUnit.MINUTES).isAfter(cutover));
        runScans(db);
        awaitSampled(insights, 2 * RUNS);

        String range = "?from=" + start.minus(Duration.ofMinutes(1)) + "&to=";
        String until = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(2)).toString();
        String earlier = bodyOf(asAdmin(get(insights + "/queries/" + pattern + range + cutover), null).andExpect(status().isOk()));
        String later = bodyOf(asAdmin(get(insights + "/queries/" + pattern + "?from=" + cutover + "&to=" + until), null)
                .andExpect(status().isOk()));
        assertThat(JsonPath.<Integer>read(earlier, "$.count")).isEqualTo(RUNS);
        assertThat(JsonPath.<Integer>read(later, "$.count")).isEqualTo(RUNS);
        double avgBefore = JsonPath.<Number>read(earlier, "$.avg_ms").doubleValue();
        double avgAfter = JsonPath.<Number>read(later, "$.avg_ms").doubleValue();
        assertThat(avgAfter).as("ms per execution after the index (before: %s ms)", avgBefore).isLessThan(avgBefore / 2);

        // the chart's data: the pattern's per-minute series has a point on each side of the cutover, and it fell
        String whole = bodyOf(asAdmin(get(insights + "/queries/" + pattern + range + until), null).andExpect(status().isOk()));
        List<Map<String, Object>> series = JsonPath.read(whole, "$.series");
        List<Map<String, Object>> pointsBefore = series.stream().filter(p -> !at(p).isAfter(cutover)).toList();
        List<Map<String, Object>> pointsAfter = series.stream().filter(p -> at(p).isAfter(cutover)).toList();
        assertThat(sum(pointsBefore, "count")).isEqualTo(RUNS);
        assertThat(sum(pointsAfter, "count")).isEqualTo(RUNS);
        assertThat(sum(pointsAfter, "total_ms") / RUNS).as("chart's ms per execution after the index")
                .isLessThan(sum(pointsBefore, "total_ms") / RUNS / 2);
        // the branch chart: points in both minutes and the cutover marked between them
        String overview = bodyOf(asAdmin(get(insights + range + until), null).andExpect(status().isOk()));
        assertThat(JsonPath.<List<String>>read(overview, "$.series[*].at"))
                .contains((String) pointsBefore.get(0).get("at"), (String) pointsAfter.get(0).get("at"));
        assertThat(JsonPath.<List<Object>>read(overview, "$.events[?(@.kind == 'cutover')].deploy_request"))
                .containsExactly(number);
        assertThat(JsonPath.<List<Object>>read(overview, scanField("full_table_scan"))).containsExactly(false);
    }

    private void awaitState(String request, String state) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).until(() -> JsonPath.<String>read(
                bodyOf(asAdmin(get(request), null)), "$.deployment_state"), state::equals);
    }

    /** The scan pattern with a different owner each time (each its own statement text in the engine's statistics). */
    private void runScans(String db) throws Exception {
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < RUNS; i++) {
            script.append("SELECT id, url FROM webhooks WHERE owner_id = ").append(i).append(" AND kind = 'generic';");
        }
        sqlAsAdmin(db, "main", script.toString());
    }

    /** Runs the sampling job as Quartz does every minute, and waits until the scan pattern holds that many runs. */
    private void awaitSampled(String insights, int executions) throws Exception {
        asAdmin(post("/api/v1/jobs/insights/sample-query-statistics/run"), null).andExpect(status().is2xxSuccessful());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> JsonPath
                .<List<Number>>read(bodyOf(asAdmin(get(insights), null)), scanField("count")), counts -> !counts.isEmpty()
                        && counts.get(0).intValue() == executions);
    }

    private static String scanField(String field) {
        return "$.queries[?(@.pattern == '" + SCAN + "')]." + field;
    }

    private static double sum(List<Map<String, Object>> points, String field) {
        return points.stream().mapToDouble(p -> ((Number) p.get(field)).doubleValue()).sum();
    }

    private static Instant at(Map<String, Object> point) {
        return Instant.parse((String) point.get("at"));
    }
}
