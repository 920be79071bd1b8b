package dev.loopline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.support.AbstractIntegrationTest;

/** The dogfooding script posts a reports folder to a running Loopline as CI would (curl, zip). */
class PostTestReportsScriptTests extends AbstractIntegrationTest {

    @Test
    void postsTheReportsFolderAsABuildWithItsTestRun(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")) && Files.isExecutable(Path.of("/usr/bin/zip")),
                "curl and zip are needed");
        Path reports = Files.createDirectories(dir.resolve("surefire-reports"));
        for (String fixture : new String[] {"surefire-own-pass.xml", "surefire-rerun.xml"}) {
            try (InputStream in = getClass().getResourceAsStream("/junit/" + fixture)) {
                Files.copy(in, reports.resolve("TEST-" + fixture));
            }
        }
        Files.writeString(reports.resolve("TEST-notes.txt"), "not a report");
        String pipeline = "dogfood-" + UUID.randomUUID().toString().substring(0, 8);

        ProcessBuilder script = new ProcessBuilder("bash", "bench/post-test-reports", "42").redirectErrorStream(true);
        script.environment().put("LOOPLINE_URL", "http://localhost:" + port);
        script.environment().put("LOOPLINE_TOKEN", tokenWithRoles("developer"));
        script.environment().put("PIPELINE", pipeline);
        script.environment().put("REPORTS_DIRS", reports.toString());
        Process process = script.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("\"tests\":37", "Build " + pipeline + " #42:");

        String builds = bodyOf(asAdmin(get("/api/v1/builds?pipeline=" + pipeline), null)
                .andExpect(jsonPath("$.data.length()").value(1)));
        // a failing test in the reports makes the build failed
        assertThat(JsonPath.<String>read(builds, "$.data[0].status")).isEqualTo("failed");
        assertThat(JsonPath.<Integer>read(builds, "$.data[0].test_summary.tests")).isEqualTo(37);
        assertThat(JsonPath.<Integer>read(builds, "$.data[0].test_summary.failures")).isEqualTo(1);
        assertThat(JsonPath.<Integer>read(builds, "$.data[0].test_summary.flaky")).isEqualTo(1);
    }
}
