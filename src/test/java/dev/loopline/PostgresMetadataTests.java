package dev.loopline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.support.IntegrationTest;
import dev.loopline.support.LocalPostgres;
import dev.loopline.support.TestDataDirectory;

/** The whole app on the {@code postgres} profile against a real PostgreSQL: migrations, validation, Quartz, API. */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles({"test", "postgres"})
@DirtiesContext
class PostgresMetadataTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        LocalPostgres postgres = LocalPostgres.get();
        registry.add("LOOPLINE_DB_URL", postgres::jdbcUrl);
        registry.add("LOOPLINE_DB_USER", postgres::username);
        registry.add("LOOPLINE_DB_PASSWORD", () -> "");
        TestDataDirectory.register(registry);
        // Quartz keys data sources JVM-wide by scheduler name: this context must not share the main tests' name
        registry.add("spring.quartz.scheduler-name", () -> "loopline-postgres");
    }

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Scheduler scheduler;

    @Autowired
    MockMvc mvc;

    @Test
    void runsEveryMigrationOnPostgres() {
        assertThat(jdbc.queryForObject("select version()", String.class)).startsWith("PostgreSQL");
        assertThat(jdbc.queryForObject("select count(*) from flyway_schema_history where success", Integer.class))
                .isGreaterThanOrEqualTo(3);
        assertThat(jdbc.queryForObject("select data_type from information_schema.columns "
                + "where table_name = 'qrtz_job_details' and column_name = 'job_data'", String.class)).isEqualTo("bytea");
    }

    @Test
    void runsQuartzClusteredInThePostgresJobStore() throws Exception {
        assertThat(scheduler.isStarted()).isTrue();
        assertThat(scheduler.getMetaData().isJobStoreClustered()).isTrue();
        assertThat(scheduler.getMetaData().isJobStoreSupportsPersistence()).isTrue();
        assertThat(jdbc.queryForObject("select count(*) from qrtz_scheduler_state", Integer.class)).isEqualTo(1);
    }

    @Test
    void servesTheIterationApiFromPostgres() throws Exception {
        String json = mvc.perform(post("/api/v1/iterations").header("Authorization", "Bearer " + IntegrationTest.BOOTSTRAP_TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": \"On PostgreSQL\", \"starts_on\": \"2026-11-16\", \"ends_on\": \"2026-11-29\"}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        long id = ((Number) JsonPath.read(json, "$.id")).longValue();
        mvc.perform(post("/api/v1/iterations/" + id + "/phase").header("Authorization", "Bearer " + IntegrationTest.BOOTSTRAP_TOKEN)
                .contentType(MediaType.APPLICATION_JSON).content("{\"phase\": \"code\"}"))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/iterations/" + id).header("Authorization", "Bearer " + IntegrationTest.BOOTSTRAP_TOKEN))
                .andExpect(jsonPath("$.phase").value("code"))
                .andExpect(jsonPath("$.phase_history.length()").value(2));
        assertThat(jdbc.queryForObject("select count(*) from audit_entry where target_id = ?", Integer.class,
                String.valueOf(id))).isEqualTo(2);
    }

    @Test
    void storesAndQueriesTestReportsOnPostgres() throws Exception {
        String bearer = "Bearer " + IntegrationTest.BOOTSTRAP_TOKEN;
        String iteration = mvc.perform(post("/api/v1/iterations").header("Authorization", bearer)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": \"Tests on PostgreSQL\", \"starts_on\": \"2026-11-16\", \"ends_on\": \"2026-11-29\"}"))
                .andReturn().getResponse().getContentAsString();
        long iterationId = ((Number) JsonPath.read(iteration, "$.id")).longValue();
        for (int number = 1; number <= 3; number++) {
            String build = mvc.perform(post("/api/v1/builds").header("Authorization", bearer)
                    .contentType(MediaType.APPLICATION_JSON).content("{\"pipeline\": \"pg\", \"number\": " + number
                            + ", \"status\": \"success\", \"iteration_id\": " + iterationId + "}"))
                    .andReturn().getResponse().getContentAsString();
            String failure = number == 2 ? "<failure message=\"50% off_by_one\">boom</failure>" : "";
            mvc.perform(post("/api/v1/builds/" + JsonPath.read(build, "$.id") + "/test-reports")
                    .header("Authorization", bearer).contentType(MediaType.APPLICATION_XML)
                    .content("<testsuite name=\"Pg\"><testcase classname=\"Pg\" name=\"off_by_one\" time=\"1,234.5\">"
                            + failure + "</testcase></testsuite>"))
                    .andExpect(status().isCreated())
                    .andExpect(jsonPath("$.flaky").value(number == 3 ? 1 : 0));
        }
        mvc.perform(get("/api/v1/test-cases?name=PG.OFF_BY&iteration_id=" + iterationId).header("Authorization", bearer))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.data.length()").value(1))
                .andExpect(jsonPath("$.data[0].history[*].status").value(org.hamcrest.Matchers.contains("passed",
                        "failed", "passed")))
                .andExpect(jsonPath("$.data[0].history[0].duration_ms").value(1_234_500));
    }
}
