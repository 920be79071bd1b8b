package dev.loopline.iteration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.support.AbstractIntegrationTest;

/** API.md's "Planning": backlog, ranks, start, complete with carry-over, burndown, velocity; bad input. */
class PlanningApiTests extends AbstractIntegrationTest {

    private static String label() {
        return "l" + UUID.randomUUID().toString().substring(0, 8);
    }

    private long item(String body) throws Exception {
        String json = bodyOf(asAdmin(post("/api/v1/work-items"), body).andExpect(status().isCreated()));
        return ((Number) JsonPath.read(json, "$.id")).longValue();
    }

    private List<Long> backlogIds(String label) throws Exception {
        String json = bodyOf(asAdmin(get("/api/v1/backlog").param("label", label), null).andExpect(status().isOk()));
        List<Number> ids = JsonPath.read(json, "$.data[*].id");
        return ids.stream().map(Number::longValue).toList();
    }

    private long iteration(LocalDate start, LocalDate end) throws Exception {
        String json = bodyOf(asAdmin(post("/api/v1/iterations"), """
                {"name": "Plan %s", "starts_on": "%s", "ends_on": "%s"}""".formatted(label(), start, end))
                .andExpect(status().isCreated()));
        return ((Number) JsonPath.read(json, "$.id")).longValue();
    }

    @Test
    void theBacklogListsNewItemsInRankOrderWithTheirFieldsAndFilters() throws Exception {
        String label = label();
        long story = item("""
                {"title": "Live tracking map", "description": "As a *customer* I see my parcel.", "type": "story",
                 "priority": "high", "points": 5, "labels": ["%s", "ui"]}""".formatted(label));
        long bug = item("""
                {"title": "Label printer drops jobs", "type": "bug", "points": 2, "labels": ["%s"],
                 "assignee": "admin"}""".formatted(label));
        long chore = item("""
                {"title": "Rotate signing keys", "type": "chore", "labels": ["%s"]}""".formatted(label));
        assertThat(backlogIds(label)).containsExactly(story, bug, chore);
        asAdmin(get("/api/v1/work-items/" + story), null).andExpect(status().isOk())
                .andExpect(jsonPath("$.iteration_id").doesNotExist())
                .andExpect(jsonPath("$.type").value("story"))
                .andExpect(jsonPath("$.priority").value("high"))
                .andExpect(jsonPath("$.description").value("As a *customer* I see my parcel."))
                .andExpect(jsonPath("$.labels[0]").value(label))
                .andExpect(jsonPath("$.labels[1]").value("ui"))
                .andExpect(jsonPath("$.rank").isNumber())
                .andExpect(jsonPath("$.links").isArray())
                .andExpect(jsonPath("$.created_at").isString())
                .andExpect(jsonPath("$.updated_at").isString());
        String bugs = bodyOf(asAdmin(get("/api/v1/backlog").param("label", label).param("type", "bug"), null));
        assertThat(JsonPath.<List<Number>>read(bugs, "$.data[*].id")).containsExactly((int) bug);
        String mine = bodyOf(asAdmin(get("/api/v1/backlog").param("label", label).param("assignee", "ADMIN"), null));
        assertThat(JsonPath.<List<Number>>read(mine, "$.data[*].id")).containsExactly((int) bug);
        String found = bodyOf(asAdmin(get("/api/v1/backlog").param("label", label).param("q", "CUSTOMER"), null));
        assertThat(JsonPath.<List<Number>>read(found, "$.data[*].id")).containsExactly((int) story);
    }

    @Test
    void movesRankItemsAndTheOrderPersists() throws Exception {
        String label = label();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(item("{\"title\": \"Item " + i + "\", \"labels\": [\"" + label + "\"]}"));
        }
        asAdmin(patch("/api/v1/work-items/" + ids.get(3)), "{\"before_id\": " + ids.get(0) + "}")
                .andExpect(status().isOk());
        assertThat(backlogIds(label)).containsExactly(ids.get(3), ids.get(0), ids.get(1), ids.get(2));
        asAdmin(patch("/api/v1/work-items/" + ids.get(3)), "{\"after_id\": " + ids.get(2) + "}")
                .andExpect(status().isOk());
        assertThat(backlogIds(label)).containsExactly(ids.get(0), ids.get(1), ids.get(2), ids.get(3));
        asAdmin(patch("/api/v1/work-items/" + ids.get(0)), "{\"after_id\": " + ids.get(1) + ", \"title\": \"Renamed\"}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.title").value("Renamed"));
        assertThat(backlogIds(label)).containsExactly(ids.get(1), ids.get(0), ids.get(2), ids.get(3));
    }

    @Test
    void manyMovesIntoTheSameGapRepairTheRanksAndKeepTheOrder() throws Exception {
        String label = label();
        long first = item("{\"title\": \"First\", \"labels\": [\"" + label + "\"]}");
        long last = item("{\"title\": \"Last\", \"labels\": [\"" + label + "\"]}");
        List<Long> expected = new ArrayList<>(List.of(first));
        // each new item goes just before Last: always into the gap left above it, which halves every time
        for (int i = 0; i < 24; i++) {
            long id = item("{\"title\": \"Middle " + i + "\", \"labels\": [\"" + label + "\"]}");
            asAdmin(patch("/api/v1/work-items/" + id), "{\"before_id\": " + last + "}").andExpect(status().isOk());
            expected.add(id);
        }
        expected.add(last);
        assertThat(backlogIds(label)).containsExactlyElementsOf(expected);
        String json = bodyOf(asAdmin(get("/api/v1/backlog").param("label", label), null));
        List<Number> ranks = JsonPath.read(json, "$.data[*].rank");
        assertThat(new HashSet<>(ranks)).as("ranks stay distinct").hasSize(ranks.size());
    }

    @Test
    void movesByPeopleAtOnceAreNeverLost() throws Exception {
        String label = label();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(item("{\"title\": \"Concurrent " + i + "\", \"labels\": [\"" + label + "\"]}"));
        }
        long top = ids.get(0);
        List<Long> moved = ids.subList(4, 12);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (long id : moved) {
                Callable<Integer> move = () -> as(adminToken(), patch("/api/v1/work-items/" + id),
                        "{\"before_id\": " + top + "}").andReturn().getResponse().getStatus();
                answers.add(pool.submit(move));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
        }
        finally {
            pool.shutdown();
        }
        List<Long> order = backlogIds(label);
        assertThat(order).hasSize(12).doesNotHaveDuplicates();
        assertThat(order.subList(0, 8)).as("every move took effect").containsExactlyInAnyOrderElementsOf(moved);
        assertThat(order.subList(8, 12)).containsExactly(ids.get(0), ids.get(1), ids.get(2), ids.get(3));
        String json = bodyOf(asAdmin(get("/api/v1/backlog").param("label", label), null));
        List<Number> ranks = JsonPath.read(json, "$.data[*].rank");
        assertThat(new HashSet<>(ranks)).as("no two moves took the same place").hasSize(12);
    }

    @Test
    void aSprintFromPlanningToCompletionWithBurndownCarryOverAndVelocity() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        long sprint = iteration(today.minusDays(2), today.plusDays(11));
        long next = iteration(today.plusDays(12), today.plusDays(25));
        String label = label();
        long three = item("{\"title\": \"Three\", \"points\": 3, \"labels\": [\"" + label + "\"]}");
        long five = item("{\"title\": \"Five\", \"points\": 5, \"labels\": [\"" + label + "\"]}");
        long two = item("{\"title\": \"Two\", \"points\": 2, \"labels\": [\"" + label + "\"]}");
        for (long id : List.of(three, five, two)) {
            asAdmin(patch("/api/v1/work-items/" + id), "{\"iteration_id\": " + sprint + "}")
                    .andExpect(status().isOk()).andExpect(jsonPath("$.iteration_id").value((int) sprint));
        }
        assertThat(backlogIds(label)).isEmpty();
        asAdmin(post("/api/v1/iterations/" + sprint + "/start"), "{\"capacity_points\": 12}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.committed_points").value(10))
                .andExpect(jsonPath("$.capacity_points").value(12))
                .andExpect(jsonPath("$.started_at").isString());
        asAdmin(post("/api/v1/iterations/" + sprint + "/start"), "{}").andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("already_started"));
        asAdmin(patch("/api/v1/work-items/" + three), "{\"status\": \"done\"}").andExpect(status().isOk());
        long four = item("{\"title\": \"Four, added late\", \"points\": 4, \"iteration_id\": " + sprint + "}");
        asAdmin(get("/api/v1/iterations/" + sprint + "/burndown"), null).andExpect(status().isOk())
                .andExpect(jsonPath("$.days.length()").value(3))
                .andExpect(jsonPath("$.days[2].date").value(today.toString()))
                .andExpect(jsonPath("$.days[2].scope_points").value(14))
                .andExpect(jsonPath("$.days[2].completed_points").value(3))
                .andExpect(jsonPath("$.days[2].remaining_points").value(11))
                .andExpect(jsonPath("$.ideal.length()").value(14))
                .andExpect(jsonPath("$.ideal[13].remaining_points").value(0.0));
        asAdmin(post("/api/v1/iterations/" + sprint + "/complete"), "{\"carry_over_to\": " + next + "}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.committed_points").value(10))
                .andExpect(jsonPath("$.completed_points").value(3))
                .andExpect(jsonPath("$.carried_over").value(3))
                .andExpect(jsonPath("$.completed_at").isString());
        for (long id : List.of(five, two, four)) {
            asAdmin(get("/api/v1/work-items/" + id), null).andExpect(jsonPath("$.iteration_id").value((int) next));
        }
        asAdmin(get("/api/v1/work-items/" + three), null).andExpect(jsonPath("$.iteration_id").value((int) sprint));
        // the carried items are finished later in the next iteration: the completed record does not change
        asAdmin(patch("/api/v1/work-items/" + five), "{\"status\": \"done\"}").andExpect(status().isOk());
        asAdmin(get("/api/v1/iterations/" + sprint), null).andExpect(jsonPath("$.completed_points").value(3))
                .andExpect(jsonPath("$.committed_points").value(10));
        asAdmin(post("/api/v1/iterations/" + sprint + "/complete"), "{}").andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("already_completed"));
        asAdmin(patch("/api/v1/work-items/" + three), "{\"status\": \"todo\"}").andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("iteration_completed"));
        asAdmin(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete("/api/v1/iterations/"
                + sprint), null).andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("iteration_completed"));
        asAdmin(get("/api/v1/iterations/" + sprint), null).andExpect(status().isOk());
        asAdmin(patch("/api/v1/work-items/" + three), "{\"iteration_id\": null}").andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("iteration_completed"));
        asAdmin(patch("/api/v1/work-items/" + five), "{\"iteration_id\": " + sprint + "}")
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("iteration_completed"));
        String velocity = bodyOf(asAdmin(get("/api/v1/velocity").param("last", "50"), null).andExpect(status().isOk()));
        List<Number> completedIds = JsonPath.read(velocity, "$.data[*].iteration_id");
        int index = completedIds.stream().map(Number::longValue).toList().indexOf(sprint);
        assertThat(index).isNotNegative();
        assertThat(JsonPath.<Integer>read(velocity, "$.data[" + index + "].committed_points")).isEqualTo(10);
        assertThat(JsonPath.<Integer>read(velocity, "$.data[" + index + "].completed_points")).isEqualTo(3);
    }

    @Test
    void anEmptyIterationCanBeCompletedAndCarriesNothing() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        long empty = iteration(today, today.plusDays(6));
        asAdmin(post("/api/v1/iterations/" + empty + "/complete"), "{\"carry_over_to\": \"backlog\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.committed_points").value(0))
                .andExpect(jsonPath("$.completed_points").value(0))
                .andExpect(jsonPath("$.carried_over").value(0));
    }

    @Test
    void badInputIsRefusedWithACodeAndNothingChanges() throws Exception {
        String label = label();
        long a = item("{\"title\": \"A\", \"labels\": [\"" + label + "\"]}");
        long b = item("{\"title\": \"B\", \"labels\": [\"" + label + "\"]}");
        asAdmin(post("/api/v1/work-items"), "{\"title\": \"X\", \"points\": -1}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_points"));
        asAdmin(post("/api/v1/work-items"), "{\"title\": \"X\", \"points\": \"many\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_points"));
        asAdmin(post("/api/v1/work-items"), "{\"title\": \"X\", \"type\": \"epic\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_type"));
        asAdmin(post("/api/v1/work-items"), "{\"title\": \"X\", \"labels\": [\"a,b\"]}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_labels"));
        asAdmin(post("/api/v1/work-items"), "{\"title\": \"X\", \"iteration_id\": 987654321}")
                .andExpect(status().isNotFound());
        asAdmin(post("/api/v1/work-items"), "[1, 2]").andExpect(status().isBadRequest());
        asAdmin(patch("/api/v1/work-items/" + a), "{\"before_id\": " + b + ", \"after_id\": " + b + "}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_move"));
        asAdmin(patch("/api/v1/work-items/" + a), "{\"before_id\": " + a + "}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_move"));
        asAdmin(patch("/api/v1/work-items/" + a), "{\"before_id\": 987654321}").andExpect(status().isNotFound());
        asAdmin(patch("/api/v1/work-items/987654321"), "{\"after_id\": " + a + "}").andExpect(status().isNotFound());
        long sprint = iteration(LocalDate.now(ZoneOffset.UTC), LocalDate.now(ZoneOffset.UTC).plusDays(6));
        asAdmin(post("/api/v1/iterations/" + sprint + "/start"), "{\"capacity_points\": -3}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_capacity"));
        asAdmin(post("/api/v1/iterations/" + sprint + "/start"), "{\"capacity_points\": 2.5}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_capacity"));
        asAdmin(post("/api/v1/iterations/" + sprint + "/start"), "{\"capacity_points\": \"20\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_capacity"));
        asAdmin(post("/api/v1/iterations/" + sprint + "/start"), "{\"capacity_points\": 99999999999}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_capacity"));
        asAdmin(post("/api/v1/iterations/" + sprint + "/start"), "[20]")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_body"));
        asAdmin(get("/api/v1/iterations/" + sprint), null).andExpect(jsonPath("$.started_at").doesNotExist());
        asAdmin(post("/api/v1/iterations/" + sprint + "/complete"), "[\"backlog\"]")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_body"));
        asAdmin(post("/api/v1/iterations/" + sprint + "/complete"), "\"backlog\"")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_body"));
        asAdmin(get("/api/v1/iterations/" + sprint), null).andExpect(jsonPath("$.completed_at").doesNotExist());
        asAdmin(post("/api/v1/iterations/" + sprint + "/complete"), "{\"carry_over_to\": " + sprint + "}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_carry_over"));
        asAdmin(post("/api/v1/iterations/" + sprint + "/complete"), "{\"carry_over_to\": \"elsewhere\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_carry_over"));
        asAdmin(get("/api/v1/velocity").param("last", "0"), null).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_last"));
        asAdmin(get("/api/v1/velocity").param("last", "abc"), null).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_last"));
        assertThat(backlogIds(label)).containsExactly(a, b);
    }

    @Test
    void developersUpdateItemsButOnlyProjectManagersPlan() throws Exception {
        String developer = tokenWithRoles("developer");
        String label = label();
        long a = item("{\"title\": \"A\", \"labels\": [\"" + label + "\"]}");
        long b = item("{\"title\": \"B\", \"labels\": [\"" + label + "\"]}");
        as(developer, patch("/api/v1/work-items/" + b), "{\"status\": \"in_progress\"}").andExpect(status().isOk());
        as(developer, patch("/api/v1/work-items/" + b), "{\"before_id\": " + a + "}").andExpect(status().isForbidden());
        as(developer, post("/api/v1/work-items"), "{\"title\": \"Mine\"}").andExpect(status().isForbidden());
        assertThat(backlogIds(label)).containsExactly(a, b);
        String reader = tokenWithRoles("operator");
        as(reader, get("/api/v1/backlog"), null).andExpect(status().isOk());
    }
}
