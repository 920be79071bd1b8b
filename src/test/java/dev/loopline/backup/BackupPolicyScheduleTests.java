package dev.loopline.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.support.AbstractIntegrationTest;

/** A backup policy's schedule through the API: Unix cron keeps its meaning, and what cannot be kept is a 400. */
class BackupPolicyScheduleTests extends AbstractIntegrationTest {

    private String database() throws Exception {
        String db = "sched-" + UUID.randomUUID().toString().substring(0, 6);
        asAdmin(post("/api/v1/databases"), "{\"name\": \"" + db + "\"}").andExpect(status().isCreated());
        return db;
    }

    private ResultActions schedule(String db, String cron) throws Exception {
        return asAdmin(put("/api/v1/databases/" + db + "/backup-policy"), "{\"schedule\": \"" + cron + "\"}");
    }

    private static List<Instant> nextFireTimes(String json) {
        List<String> times = JsonPath.read(json, "$.next_fire_times");
        return times.stream().map(Instant::parse).toList();
    }

    @Test
    void unixWeekdaysRunMondayToFridayAndTheNextFiveBackupsAreListed() throws Exception {
        String db = database();
        String json = schedule(db, "0 2 * * 1-5").andExpect(status().isOk())
                .andExpect(jsonPath("$.schedule").value("0 0 2 ? * 2-6"))
                .andReturn().getResponse().getContentAsString();
        List<Instant> next = nextFireTimes(json);
        assertThat(next).hasSize(5).isSorted().allSatisfy(t -> {
            assertThat(t).isAfter(Instant.now());
            assertThat(t.atZone(ZoneOffset.UTC).getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
            assertThat(t.atZone(ZoneOffset.UTC).toLocalTime()).hasToString("02:00");
        });
        assertThat(next.stream().map(t -> t.atZone(ZoneOffset.UTC).getDayOfWeek()).distinct()).hasSize(5);
        assertThat((List<String>) JsonPath.read(json, "$.next_fire_times")).allMatch(t -> t.endsWith("Z"));
        // the Quartz trigger agrees with what the policy shows
        String job = asAdmin(get("/api/v1/jobs/backup/policy-" + db), null).andReturn().getResponse().getContentAsString();
        assertThat(Instant.parse(JsonPath.read(job, "$.next_fire_at"))).isEqualTo(next.get(0));
        assertThat(nextFireTimes(asAdmin(get("/api/v1/databases/" + db + "/backup-policy"), null).andReturn().getResponse()
                .getContentAsString())).isEqualTo(next);
    }

    @Test
    void unixSundayIsSundayWrittenAsZeroOrSeven() throws Exception {
        String db = database();
        for (String sunday : List.of("0 2 * * 0", "0 2 * * 7")) {
            String json = schedule(db, sunday).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            assertThat(nextFireTimes(json)).as(sunday).hasSize(5)
                    .allSatisfy(t -> assertThat(t.atZone(ZoneOffset.UTC).getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY));
        }
    }

    @Test
    void refusesDayOfMonthAndDayOfWeekTogetherSayingWhy() throws Exception {
        String db = database();
        schedule(db, "0 0 1 * 1").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_schedule"))
                .andExpect(jsonPath("$.message").value(containsString("both the day of the month and the day of the week")));
        asAdmin(get("/api/v1/databases/" + db + "/backup-policy"), null).andExpect(jsonPath("$.schedule").value("0 0 0/12 * * ?"));
    }

    @Test
    void refusesSchedulesMoreFrequentThanTheMinimumInterval() throws Exception {
        String db = database();
        schedule(db, "* * * * * ?").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("schedule_too_frequent"))
                .andExpect(jsonPath("$.message").value(containsString("5 minutes")));
        schedule(db, "*/2 * * * *").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("schedule_too_frequent"));
        schedule(db, "*/5 * * * *").andExpect(status().isOk()).andExpect(jsonPath("$.schedule").value("0 */5 * * * ?"));
    }

    @Test
    void aScheduleThatNeverFiresIsABadRequest() throws Exception {
        String db = database();
        for (String never : List.of("0 0 0 30 2 ?", "0 0 0 1 1 ? 2001")) {
            schedule(db, never).andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.code").value("invalid_schedule"))
                    .andExpect(jsonPath("$.message").value(containsString("never fires")));
        }
        asAdmin(get("/api/v1/jobs/backup/policy-" + db), null).andExpect(jsonPath("$.cron").value("0 0 0/12 * * ?"));
    }

    @Test
    void aPausedPolicyListsNoNextBackups() throws Exception {
        String db = database();
        asAdmin(post("/api/v1/jobs/backup/policy-" + db + "/pause"), null).andExpect(status().isOk());
        asAdmin(get("/api/v1/databases/" + db + "/backup-policy"), null).andExpect(jsonPath("$.next_fire_times.length()").value(0));
        asAdmin(post("/api/v1/jobs/backup/policy-" + db + "/resume"), null).andExpect(status().isOk());
        asAdmin(get("/api/v1/databases/" + db + "/backup-policy"), null).andExpect(jsonPath("$.next_fire_times.length()").value(5));
    }
}
