package dev.loopline.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders;

import dev.loopline.support.AbstractIntegrationTest;
import dev.loopline.support.IntegrationTest;

/**
 * Recurring freezes at daylight-saving edges as the API and the environment page show them, and as deployments meet
 * them, with the app's clock set around the 2026 changes in Europe/Berlin and America/New_York.
 */
@Import(FreezeDstApiTests.SettableClock.class)
class FreezeDstApiTests extends AbstractIntegrationTest {

    /** The app's clock, set by each test; the system clock otherwise. */
    @TestConfiguration(proxyBeanMethods = false)
    static class SettableClock extends Clock {

        private volatile Instant now;

        void set(String iso) {
            now = Instant.parse(iso);
        }

        void reset() {
            now = null;
        }

        @Bean
        @Primary
        Clock settableClock() {
            return this;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return Clock.fixed(instant(), zone);
        }

        @Override
        public Instant instant() {
            Instant fixed = now;
            return fixed == null ? Instant.now() : fixed;
        }
    }

    @Autowired
    SettableClock clock;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    private String environmentWithFreeze(String cron, int minutes, String zone) throws Exception {
        String name = "prod-" + UUID.randomUUID().toString().substring(0, 6);
        asAdmin(post("/api/v1/environments"), "{\"name\": \"" + name + "\", \"tier\": \"production\"}")
                .andExpect(status().isCreated());
        asAdmin(post("/api/v1/environments/" + name + "/freezes"), "{\"kind\": \"recurring\", \"cron\": \"" + cron
                + "\", \"duration_minutes\": " + minutes + ", \"time_zone\": \"" + zone + "\", \"reason\": \"Night\"}")
                .andExpect(status().isCreated());
        return name;
    }

    private int deployAt(String env, String iso) throws Exception {
        clock.set(iso);
        return asAdmin(post("/api/v1/deployments"), "{\"environment\": \"" + env + "\", \"version\": \"" + iso
                + "\", \"status\": \"success\"}").andReturn().getResponse().getStatus();
    }

    private String freezeRow(String env) throws Exception {
        var session = (MockHttpSession) mvc.perform(SecurityMockMvcRequestBuilders.formLogin("/login").user("admin")
                .password(IntegrationTest.ADMIN_PASSWORD)).andReturn().getRequest().getSession();
        return org.jsoup.Jsoup.parse(mvc.perform(get("/environments/" + env).session(session))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString())
                .select("[data-testid=freeze-row]").text();
    }

    @Test
    void aDailyHalfPastTwoFreezeInBerlinKeepsItsSpringNightAndTakesTheRepeatedHourOnce() throws Exception {
        clock.set("2026-03-27T12:00:00Z");
        String env = environmentWithFreeze("30 2 * * *", 30, "Europe/Berlin");

        asAdmin(get("/api/v1/environments/" + env + "/freezes"), null).andExpect(status().isOk())
                .andExpect(jsonPath("$.data[0].next_windows[0].starts_at").value("2026-03-28T01:30:00Z"))
                .andExpect(jsonPath("$.data[0].next_windows[1].starts_at").value("2026-03-29T01:30:00Z"))
                .andExpect(jsonPath("$.data[0].next_windows[1].ends_at").value("2026-03-29T02:00:00Z"))
                .andExpect(jsonPath("$.data[0].next_windows[2].starts_at").value("2026-03-30T00:30:00Z"));
        assertThat(freezeRow(env)).contains("Next, in Europe/Berlin time: Sat 2026-03-28 02:30 – "
                + "Sat 2026-03-28 03:00 Sun 2026-03-29 03:30 – Sun 2026-03-29 04:00 Mon 2026-03-30 02:30 –");

        assertThat(deployAt(env, "2026-03-29T01:45:00Z")).as("03:45 CEST, the night's freeze").isEqualTo(409);
        assertThat(deployAt(env, "2026-03-29T02:00:00Z")).as("04:00 CEST").isEqualTo(201);

        // autumn: 02:30 comes twice on 25 October; the freeze takes the first (CEST) and the repeated hour deploys
        clock.set("2026-10-24T12:00:00Z");
        asAdmin(get("/api/v1/environments/" + env + "/freezes"), null)
                .andExpect(jsonPath("$.data[0].next_windows[0].starts_at").value("2026-10-25T00:30:00Z"))
                .andExpect(jsonPath("$.data[0].next_windows[1].starts_at").value("2026-10-26T01:30:00Z"));
        assertThat(freezeRow(env)).as("the repeated hour says which 02:30 it is").contains(
                "Sun 2026-10-25 02:30 (UTC+02:00) – Sun 2026-10-25 02:00 (UTC+01:00) Mon 2026-10-26 02:30 –");
        assertThat(deployAt(env, "2026-10-25T00:45:00Z")).as("02:45 CEST").isEqualTo(409);
        assertThat(deployAt(env, "2026-10-25T01:45:00Z")).as("02:45 CET, the repeated hour").isEqualTo(201);
    }

    @Test
    void aWeekendFreezeInNewYorkLastsItsSixtyFourHoursAcrossTheSpringChange() throws Exception {
        clock.set("2026-03-05T12:00:00Z");
        String env = environmentWithFreeze("0 18 * * 5", 64 * 60, "America/New_York");

        asAdmin(get("/api/v1/environments/" + env + "/freezes"), null)
                .andExpect(jsonPath("$.data[0].next_windows[0].starts_at").value("2026-03-06T23:00:00Z"))
                .andExpect(jsonPath("$.data[0].next_windows[0].ends_at").value("2026-03-09T15:00:00Z"))
                .andExpect(jsonPath("$.data[0].next_windows[1].starts_at").value("2026-03-13T22:00:00Z"));
        assertThat(freezeRow(env)).contains("for 2 d 16 h").contains("Next, in America/New_York time: Fri 2026-03-06 18:00 – "
                + "Mon 2026-03-09 11:00 Fri 2026-03-13 18:00 – Mon 2026-03-16 10:00");

        assertThat(deployAt(env, "2026-03-06T22:59:00Z")).isEqualTo(201);
        assertThat(deployAt(env, "2026-03-08T07:30:00Z")).as("03:30 EDT on the Sunday").isEqualTo(409);
        assertThat(deployAt(env, "2026-03-09T14:59:00Z")).as("10:59 EDT: 64 hours are not over").isEqualTo(409);
        assertThat(deployAt(env, "2026-03-09T15:00:00Z")).isEqualTo(201);
    }
}
