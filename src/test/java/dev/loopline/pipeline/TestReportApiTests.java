package dev.loopline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.audit.AuditEntry;
import dev.loopline.audit.AuditLog;
import dev.loopline.support.AbstractIntegrationTest;

/** API.md "Builds and tests": a build, its reports, its test summary and the tests' histories, end to end. */
class TestReportApiTests extends AbstractIntegrationTest {

    @Autowired
    AuditLog auditLog;

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = TestReportApiTests.class.getResourceAsStream("/junit/" + name)) {
            return in.readAllBytes();
        }
    }

    /** Creates a build through the API and returns its id. */
    long build(String pipeline, int number, Long iterationId) throws Exception {
        String json = bodyOf(asAdmin(post("/api/v1/builds"), "{\"pipeline\":\"" + pipeline + "\",\"number\":" + number
                + ",\"status\":\"success\"" + (iterationId == null ? "" : ",\"iteration_id\":" + iterationId) + "}")
                .andExpect(status().is2xxSuccessful()));
        return ((Number) JsonPath.read(json, "$.id")).longValue();
    }

    ResultActions postReport(String token, long buildId, MediaType type, byte[] body) throws Exception {
        return mvc.perform(post("/api/v1/builds/" + buildId + "/test-reports").header("Authorization", bearer(token))
                .contentType(type).content(body));
    }

    static String pipeline() {
        return "tests-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A one-suite report whose test {@code Flip.flips} has the given status, beside an always-green test. */
    static byte[] flipReport(boolean passes) {
        return ("<testsuite name=\"Flip\"><testcase classname=\"Flip\" name=\"steady\" time=\"0.1\"/>"
                + "<testcase classname=\"Flip\" name=\"flips\" time=\"0.2\">"
                + (passes ? "" : "<failure message=\"timing\">java.lang.AssertionError: timing</failure>")
                + "</testcase></testsuite>").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void aBuildsReportGivesItsTestSummaryRunsAndTestHistories() throws Exception {
        long iteration = createIteration("Reports " + UUID.randomUUID());
        String pipeline = pipeline();
        long build = build(pipeline, 1, iteration);
        String ci = tokenWithRoles("developer");

        postReport(ci, build, MediaType.APPLICATION_XML, fixture("surefire-rerun.xml"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.build_id").value(build))
                .andExpect(jsonPath("$.tests").value(3))
                .andExpect(jsonPath("$.failures").value(1))
                .andExpect(jsonPath("$.errors").value(0))
                .andExpect(jsonPath("$.flaky").value(1))
                .andExpect(jsonPath("$.duration_ms").value(3500))
                .andExpect(jsonPath("$.failed_tests[0].name").value("settles"))
                .andExpect(jsonPath("$.failed_tests[0].class_name").value("com.example.PaymentsIT"))
                .andExpect(jsonPath("$.failed_tests[0].message").value("settlement missing"))
                .andExpect(jsonPath("$.flaky_tests[0].name").value("refundsTwice"))
                .andExpect(jsonPath("$.flaky_tests[0].reason").value("rerun"));

        asAdmin(get("/api/v1/builds/" + build), null)
                .andExpect(jsonPath("$.test_summary.tests").value(3))
                .andExpect(jsonPath("$.test_summary.failures").value(1))
                .andExpect(jsonPath("$.test_summary.flaky").value(1));
        asAdmin(get("/api/v1/builds/" + build + "/test-reports"), null)
                .andExpect(jsonPath("$.data.length()").value(1))
                .andExpect(jsonPath("$.data[0].created_by").value(org.hamcrest.Matchers.startsWith("token:")));

        // the second build's zip holds this project's own Surefire output and the same suite, now all green
        long second = build(pipeline, 2, iteration);
        Map<String, byte[]> folder = new LinkedHashMap<>();
        folder.put("target/surefire-reports/TEST-dev.loopline.engine.HostFunctionsTests.xml",
                fixture("surefire-own-pass.xml"));
        folder.put("target/surefire-reports/TEST-com.example.PaymentsIT.xml", new String(fixture("surefire-rerun.xml"),
                java.nio.charset.StandardCharsets.UTF_8).replaceAll("(?s)<failure .*?</rerunFailure>\\s*</testcase>",
                        "</testcase>").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        postReport(ci, second, MediaType.valueOf("application/zip"), zip(folder))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.files").value(2))
                .andExpect(jsonPath("$.tests").value(37))
                .andExpect(jsonPath("$.failures").value(0));

        String history = bodyOf(asAdmin(get("/api/v1/test-cases?name=PaymentsIT.settles&iteration_id=" + iteration),
                null).andExpect(status().isOk()));
        assertThat(JsonPath.<List<String>>read(history, "$.data[*].name")).containsExactly("settles");
        assertThat(JsonPath.<String>read(history, "$.data[0].class_name")).isEqualTo("com.example.PaymentsIT");
        assertThat(JsonPath.<List<Integer>>read(history, "$.data[0].history[*].build_id"))
                .containsExactly((int) build, (int) second);
        assertThat(JsonPath.<List<String>>read(history, "$.data[0].history[*].status"))
                .containsExactly("failed", "passed");
        assertThat(JsonPath.<List<Integer>>read(history, "$.data[0].history[*].duration_ms"))
                .containsExactly(1900, 1900);

        // name matches part of the name, any case; per_page pages
        asAdmin(get("/api/v1/test-cases?name=HOSTFUNCTIONS&iteration_id=" + iteration + "&per_page=5"), null)
                .andExpect(jsonPath("$.data.length()").value(5))
                .andExpect(jsonPath("$.next_page").value(2));

        assertThat(auditLog.forTarget("build", String.valueOf(build))).extracting(AuditEntry::getAction)
                .contains("tests.failed");
        assertThat(auditLog.forTarget("build", String.valueOf(second))).extracting(AuditEntry::getAction)
                .contains("tests.passed");
    }

    @Test
    void aTestWhoseStatusFlipsAcrossTheIterationsBuildsIsFlaky() throws Exception {
        long iteration = createIteration("Flaky " + UUID.randomUUID());
        String pipeline = pipeline();
        String admin = adminToken();
        postReport(admin, build(pipeline, 1, iteration), MediaType.APPLICATION_XML, flipReport(true))
                .andExpect(jsonPath("$.flaky").value(0));
        // one change is a regression, not a flake
        postReport(admin, build(pipeline, 2, iteration), MediaType.APPLICATION_XML, flipReport(false))
                .andExpect(jsonPath("$.failures").value(1)).andExpect(jsonPath("$.flaky").value(0));
        // back again: passed, failed, passed
        long third = build(pipeline, 3, iteration);
        postReport(admin, third, MediaType.APPLICATION_XML, flipReport(true))
                .andExpect(jsonPath("$.failures").value(0))
                .andExpect(jsonPath("$.flaky").value(1))
                .andExpect(jsonPath("$.flaky_tests[0].name").value("flips"))
                .andExpect(jsonPath("$.flaky_tests[0].reason").value("history"));
        asAdmin(get("/api/v1/builds/" + third), null).andExpect(jsonPath("$.test_summary.flaky").value(1));

        // builds of another iteration are another history
        long other = createIteration("Other " + UUID.randomUUID());
        postReport(admin, build(pipeline, 4, other), MediaType.APPLICATION_XML, flipReport(false))
                .andExpect(jsonPath("$.flaky").value(0));
    }

    @Test
    void aTestRetriedUnderTheSameNameIsFlakyNotFailed() throws Exception {
        long build = build(pipeline(), 1, null);
        postReport(adminToken(), build, MediaType.TEXT_XML, fixture("gradle.xml"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.tests").value(4))
                .andExpect(jsonPath("$.failures").value(0))
                .andExpect(jsonPath("$.skipped").value(1))
                .andExpect(jsonPath("$.flaky").value(1))
                .andExpect(jsonPath("$.flaky_tests.length()").value(1))
                .andExpect(jsonPath("$.flaky_tests[0].name").value("appliesDiscount()"))
                .andExpect(jsonPath("$.flaky_tests[0].message").value(
                        "org.opentest4j.AssertionFailedError: expected: <90> but was: <100>"));
    }

    @Test
    void reportsOfOneBuildPostedAtOnceLeaveExactlyOneLatestRun() throws Exception {
        long build = build(pipeline(), 1, null);
        byte[] report = fixture("surefire-own-pass.xml");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<Integer>> posts = new java.util.ArrayList<>();
            for (int i = 0; i < 12; i++) {
                posts.add(pool.submit(() -> postReport(adminToken(), build, MediaType.APPLICATION_XML, report)
                        .andReturn().getResponse().getStatus()));
            }
            for (var post : posts) {
                assertThat(post.get()).isEqualTo(201);
            }
        }
        finally {
            pool.shutdown();
        }
        String runs = bodyOf(asAdmin(get("/api/v1/builds/" + build + "/test-reports?per_page=100"), null));
        assertThat(JsonPath.<List<Boolean>>read(runs, "$.data[*].latest")).hasSize(12).containsOnlyOnce(true);
        assertThat(JsonPath.<Boolean>read(runs, "$.data[0].latest")).as("the newest run is the latest").isTrue();
    }

    @Test
    void badXmlIs400WithTheFileAndLine() throws Exception {
        long build = build(pipeline(), 1, null);
        postReport(adminToken(), build, MediaType.APPLICATION_XML, fixture("bad.xml"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_test_report"))
                .andExpect(jsonPath("$.message").value(org.hamcrest.Matchers.startsWith("the report line 5: ")));
        postReport(adminToken(), build, MediaType.valueOf("application/zip"),
                zip(Map.of("reports/TEST-x.xml", fixture("billion-laughs.xml"))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.message").value(org.hamcrest.Matchers.startsWith("reports/TEST-x.xml line 15: ")));
        // nothing was stored
        asAdmin(get("/api/v1/builds/" + build), null).andExpect(jsonPath("$.test_summary.tests").value(0));
    }

    @Test
    void aBodyOverFiftyMegabytesIs413() throws Exception {
        long build = build(pipeline(), 1, null);
        mvc.perform(post("/api/v1/builds/" + build + "/test-reports").header("Authorization", bearer(adminToken()))
                .contentType(MediaType.APPLICATION_XML).header("Content-Length", 50L * 1024 * 1024 + 1)
                .content(fixture("gradle.xml")))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(jsonPath("$.code").value("payload_too_large"));
    }

    @Test
    void onlyBuildReportersPostReportsAndUnknownBuildsAre404() throws Exception {
        long build = build(pipeline(), 1, null);
        postReport(tokenWithRoles("project_manager"), build, MediaType.APPLICATION_XML, fixture("gradle.xml"))
                .andExpect(status().isForbidden());
        postReport(tokenWithRoles("operator"), 999_999_999L, MediaType.APPLICATION_XML, fixture("gradle.xml"))
                .andExpect(status().isNotFound());
        asAdmin(get("/api/v1/builds/999999999/test-reports"), null).andExpect(status().isNotFound());
        asAdmin(get("/api/v1/test-cases?per_page=0"), null).andExpect(status().isBadRequest());
    }

    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
            for (var entry : entries.entrySet()) {
                zip.putNextEntry(new java.util.zip.ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
