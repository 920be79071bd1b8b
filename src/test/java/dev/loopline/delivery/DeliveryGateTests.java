package dev.loopline.delivery;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.iteration.IterationService;
import dev.loopline.iteration.Phase;
import dev.loopline.support.AbstractIntegrationTest;

/** The iteration's Deploy and Operate gates: no Deploy inside a production freeze, no Operate before production. */
class DeliveryGateTests extends AbstractIntegrationTest {

    @Autowired
    IterationService iterations;

    private org.springframework.test.web.servlet.ResultActions move(long iteration, String phase) throws Exception {
        return asAdmin(post("/api/v1/iterations/" + iteration + "/phase"), "{\"phase\": \"" + phase + "\"}");
    }

    @Test
    void noDeployInsideAProductionFreezeAndNoOperateBeforeTheProductionDeploymentWentLive() throws Exception {
        String env = "prod-" + UUID.randomUUID().toString().substring(0, 6);
        asAdmin(post("/api/v1/environments"), "{\"name\": \"" + env + "\", \"tier\": \"production\"}").andExpect(status().isCreated());
        long iteration = createIteration("Gated release");
        for (String phase : new String[] {"code", "build", "test", "release"}) {
            move(iteration, phase).andExpect(status().isOk());
        }
        Instant now = Instant.now();
        long freeze = ((Number) JsonPath.read(bodyOf(asAdmin(post("/api/v1/environments/" + env + "/freezes"),
                "{\"kind\": \"once\", \"starts_at\": \"" + now.minus(1, ChronoUnit.MINUTES) + "\", \"ends_at\": \""
                        + now.plus(1, ChronoUnit.HOURS) + "\", \"reason\": \"Peak season\"}")), "$.id")).longValue();
        try {
            move(iteration, "deploy").andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("gate_not_met"))
                    .andExpect(jsonPath("$.message").value(Matchers.containsString(env + " is frozen until")));
        }
        finally {
            asAdmin(delete("/api/v1/environments/" + env + "/freezes/" + freeze), null).andExpect(status().isNoContent());
        }
        move(iteration, "deploy").andExpect(status().isOk());

        long deployment = ((Number) JsonPath.read(bodyOf(asAdmin(post("/api/v1/deployments"), "{\"environment\": \"" + env
                + "\", \"version\": \"5.0\", \"iteration_id\": " + iteration + "}")), "$.id")).longValue();
        move(iteration, "operate").andExpect(status().isConflict())
                .andExpect(jsonPath("$.message").value(Matchers.containsString("gone live in production")));
        asAdmin(patch("/api/v1/deployments/" + deployment), "{\"status\": \"success\"}").andExpect(status().isOk());
        move(iteration, "operate").andExpect(status().isOk()).andExpect(jsonPath("$.phase").value("operate"));
    }

    @Test
    void iterationsWithoutDeploymentsMayOperateAsBefore() throws Exception {
        long iteration = createIteration("No app deployments");
        for (String phase : new String[] {"code", "build", "test", "release", "deploy", "operate"}) {
            move(iteration, phase).andExpect(status().isOk());
        }
    }

    @Test
    void anAutomaticMoveHeldBackUntilProductionWentLiveIsMadeWhenTheDeploymentGoesLive() throws Exception {
        String env = "prod-" + UUID.randomUUID().toString().substring(0, 6);
        asAdmin(post("/api/v1/environments"), "{\"name\": \"" + env + "\", \"tier\": \"production\"}").andExpect(status().isCreated());
        long iteration = createIteration("Held back until live");
        long deployment = ((Number) JsonPath.read(bodyOf(asAdmin(post("/api/v1/deployments"), "{\"environment\": \"" + env
                + "\", \"version\": \"6.0\", \"iteration_id\": " + iteration + "}")), "$.id")).longValue();
        // the pipeline's evidence of a cutover: Operate is held back, the deployment is not live yet
        var held = iterations.advanceAutomatically(iteration, Phase.OPERATE, "cutover of shop#7");
        org.assertj.core.api.Assertions.assertThat(held.phase()).isEqualTo(Phase.DEPLOY);
        org.assertj.core.api.Assertions.assertThat(held.blockedBy()).contains("gone live in production");

        asAdmin(patch("/api/v1/deployments/" + deployment), "{\"status\": \"success\"}").andExpect(status().isOk());

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> asAdmin(
                org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/api/v1/iterations/" + iteration), null)
                .andExpect(jsonPath("$.phase").value("operate"))
                .andExpect(jsonPath("$.phase_history[-1].by").value("automation"))
                .andExpect(jsonPath("$.phase_history[-1].reason").value("cutover of shop#7"))
                .andExpect(jsonPath("$.auto_phase_blocked").value(Matchers.nullValue())));
    }

    @Test
    void anAutomaticMoveHeldBackByAProductionFreezeIsMadeWhenTheFreezeGoes() throws Exception {
        String env = "prod-" + UUID.randomUUID().toString().substring(0, 6);
        asAdmin(post("/api/v1/environments"), "{\"name\": \"" + env + "\", \"tier\": \"production\"}").andExpect(status().isCreated());
        long iteration = createIteration("Held back by a freeze");
        Instant now = Instant.now();
        long freeze = ((Number) JsonPath.read(bodyOf(asAdmin(post("/api/v1/environments/" + env + "/freezes"),
                "{\"kind\": \"once\", \"starts_at\": \"" + now.minus(1, ChronoUnit.MINUTES) + "\", \"ends_at\": \""
                        + now.plus(1, ChronoUnit.HOURS) + "\", \"reason\": \"Peak season\"}")), "$.id")).longValue();
        org.assertj.core.api.Assertions.assertThat(iterations.advanceAutomatically(iteration, Phase.DEPLOY, "deploy of shop#8")
                .phase()).isEqualTo(Phase.RELEASE);

        asAdmin(delete("/api/v1/environments/" + env + "/freezes/" + freeze), null).andExpect(status().isNoContent());

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> asAdmin(
                org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/api/v1/iterations/" + iteration), null)
                .andExpect(jsonPath("$.phase").value("deploy"))
                .andExpect(jsonPath("$.phase_history[-1].reason").value("deploy of shop#8")));
    }
}
