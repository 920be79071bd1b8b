package dev.loopline.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.iteration.IterationService;
import dev.loopline.support.AbstractIntegrationTest;

/**
 * The job that creates iterations' branches: a failed attempt is kept with its reason for the iteration page, and
 * the job can be run now (on its own it creates every started iteration's missing branch).
 */
class IterationBranchJobTests extends AbstractIntegrationTest {

    @Autowired
    IterationService iterations;

    @Test
    void aFailedBranchCreationIsShownWithItsReasonAndRunNowCreatesTheBranch() throws Exception {
        String db = "jobrun-" + UUID.randomUUID().toString().substring(0, 6);
        asAdmin(post("/api/v1/databases"), "{\"name\": \"" + db + "\"}").andExpect(status().isCreated());
        String json = bodyOf(asAdmin(post("/api/v1/iterations"), "{\"name\": \"Run now\", \"starts_on\": \""
                + LocalDate.now().plusDays(1) + "\", \"ends_on\": \"" + LocalDate.now().plusDays(14)
                + "\", \"database\": \"" + db + "\"}"));
        long id = ((Number) JsonPath.read(json, "$.id")).longValue();
        assertThat(iterations.branchCreationOf(id).stage().name()).isEqualTo("SCHEDULED");

        String branch = "iter-" + id + "-run-now";
        asAdmin(post("/api/v1/databases/" + db + "/branches"), "{\"name\": \"" + branch + "\"}")
                .andExpect(status().isCreated());
        asAdmin(patch("/api/v1/iterations/" + id), "{\"starts_on\": \"" + LocalDate.now() + "\"}")
                .andExpect(status().isOk());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> iterations.branchCreationOf(id).failed());
        assertThat(iterations.branchCreationOf(id).failure()).contains(branch).contains("already exists")
                .as("says what to do: Retry alone cannot help").contains("Delete that branch, or rename the iteration");

        asAdmin(delete("/api/v1/databases/" + db + "/branches/" + branch), null).andExpect(status().isNoContent());
        asAdmin(post("/api/v1/jobs/database/iteration-branches/run"), null)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("iteration-branches"));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            var response = asAdmin(get("/api/v1/databases/" + db + "/branches/" + branch), null).andReturn().getResponse();
            return response.getStatus() == 200 && "ready".equals(JsonPath.read(response.getContentAsString(), "$.state"));
        });
        assertThat(iterations.branchOf(id)).hasValueSatisfying(linked -> assertThat(linked.name()).isEqualTo(branch));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !iterations.branchCreationOf(id).failed());
    }
}
