package dev.loopline.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.browser.pages.LoginPage;
import dev.loopline.browser.pages.PlanningPages.BacklogPage;
import dev.loopline.browser.pages.PlanningPages.PlanPage;
import dev.loopline.browser.pages.PlanningPages.ReportPage;
import dev.loopline.browser.pages.PlanningPages.VelocityPage;
import dev.loopline.support.IntegrationTest;

/** A project manager's two weeks in Chromium: backlog, planning by dragging, start, burndown, completion, velocity. */
class PlanningBrowserTests extends AbstractBrowserTest {

    private long iteration(String name, LocalDate start, LocalDate end) throws Exception {
        String json = bodyOf(asAdmin(post("/api/v1/iterations"),
                "{\"name\": \"" + name + "\", \"starts_on\": \"" + start + "\", \"ends_on\": \"" + end + "\"}"));
        return ((Number) JsonPath.read(json, "$.id")).longValue();
    }

    private long itemId(long iteration, String title) throws Exception {
        String json = bodyOf(asAdmin(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .get("/api/v1/iterations/" + iteration), null));
        java.util.List<Number> ids = JsonPath.read(json, "$.work_items[?(@.title == '" + title + "')].id");
        return ids.get(0).longValue();
    }

    @Test
    void aProjectManagersSprintFromBacklogToVelocity() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 5);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        long sprint = iteration("Sprint " + tag, today.minusDays(2), today.plusDays(11));
        LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);

        String tracking = "Tracking map " + tag;
        String webhooks = "Webhook endpoints " + tag;
        String keys = "Signing keys " + tag;
        String printer = "Label printer bug " + tag;
        BacklogPage backlog = BacklogPage.open(driver, baseUrl())
                .add(tracking, "story", 5, "ui")
                .add(webhooks, "story", 3, "api")
                .add(keys, "chore", 2, "api")
                .add(printer, "bug", 1, "ops");
        assertThat(backlog.titles()).containsSubsequence(tracking, webhooks, keys, printer);
        backlog.dragAbove(printer, tracking);
        assertThat(backlog.reload().titles()).as("the order persists").containsSubsequence(printer, tracking, webhooks, keys);
        Browser.screenshot(driver, "backlog");

        PlanPage plan = PlanPage.open(driver, baseUrl(), sprint).setCapacity(8);
        plan.dragIntoIteration(printer).dragIntoIteration(tracking).planWithButton(webhooks);
        assertThat(plan.planned()).containsExactly(printer, tracking, webhooks);
        assertThat(plan.plannedPoints()).isEqualTo("9 points planned");
        Browser.screenshot(driver, "plan");
        plan.start();
        assertThat(plan.committed()).contains("9 points committed");

        asAdmin(patch("/api/v1/work-items/" + itemId(sprint, printer)), "{\"status\": \"done\"}");
        asAdmin(patch("/api/v1/work-items/" + itemId(sprint, tracking)), "{\"status\": \"done\"}");
        PlanPage.open(driver, baseUrl(), sprint).planWithButton(keys); // a scope change after the start
        ReportPage report = ReportPage.open(driver, baseUrl(), sprint);
        assertThat(report.lastDay()).containsExactly(report.lastDay().get(0), "11", "6", "5");
        assertThat(report.chartDrawn()).isTrue();
        assertThat(report.figure("scope-change")).isEqualTo("+2");
        Browser.screenshot(driver, "burndown");

        ReportPage completed = PlanPage.open(driver, baseUrl(), sprint).complete("the backlog");
        assertThat(completed.figure("committed-points")).isEqualTo("9");
        assertThat(completed.figure("done-points")).isEqualTo("6");
        assertThat(completed.figure("carried-over")).isEqualTo("2 items");
        assertThat(BacklogPage.open(driver, baseUrl()).titles()).contains(webhooks, keys);

        VelocityPage velocity = VelocityPage.open(driver, baseUrl());
        assertThat(velocity.rows()).anySatisfy(row -> assertThat(row).contains("Sprint " + tag).contains("9").contains("6"));
        assertThat(velocity.chartDrawn()).isTrue();
        Browser.screenshot(driver, "velocity");
    }

    @Test
    void movingAnItemSomeoneElseJustDeletedSaysSoAndShowsTheListAsItIs() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 5);
        LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        String kept = "Kept " + tag;
        String gone = "Deleted meanwhile " + tag;
        BacklogPage backlog = BacklogPage.open(driver, baseUrl()).add(kept, "task", 1, "x").add(gone, "task", 1, "x");
        String json = bodyOf(asAdmin(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .get("/api/v1/backlog").param("q", gone), null));
        long id = ((Number) JsonPath.read(json, "$.data[0].id")).longValue();
        asAdmin(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete("/api/v1/work-items/" + id),
                null);
        assertThat(backlog.dragAboveRefused(gone, kept)).containsIgnoringCase("deleted");
        assertThat(backlog.titles()).contains(kept).doesNotContain(gone);
    }
}
