package dev.loopline.deployrequest;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.ResultActions;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.support.AbstractIntegrationTest;
import dev.loopline.support.IntegrationTest;

/** An iteration linked to a database cannot enter Deploy unapproved, nor Operate undeployed. */
class IterationGateTests extends AbstractIntegrationTest {

    private ResultActions post(String path, String token, String body) throws Exception {
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(path)
                .header("Authorization", bearer(token)).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private ResultActions move(long iteration, String phase) throws Exception {
        return post("/api/v1/iterations/" + iteration + "/phase", adminToken(), "{\"phase\": \"" + phase + "\"}");
    }

    @Test
    void deployNeedsAnApprovedRequestAndOperateADeployedOne() throws Exception {
        String db = "gated-" + UUID.randomUUID().toString().substring(0, 6);
        post("/api/v1/databases", adminToken(), "{\"name\": \"" + db + "\"}").andExpect(status().isCreated());
        String created = post("/api/v1/iterations", adminToken(), "{\"name\": \"Gated sprint\", \"starts_on\": \""
                + LocalDate.now(ZoneOffset.UTC) + "\", \"ends_on\": \"" + LocalDate.now(ZoneOffset.UTC).plusDays(10)
                + "\", \"database\": \"" + db + "\", \"auto_phase\": false}").andReturn().getResponse().getContentAsString();
        long id = ((Number) JsonPath.read(created, "$.id")).longValue();
        await().atMost(Duration.ofSeconds(20)).until(() -> JsonPath.read(mvc.perform(get("/api/v1/iterations/" + id)
                .header("Authorization", bearer(adminToken()))).andReturn().getResponse().getContentAsString(), "$.branch") != null);
        String branch = "iter-" + id + "-gated-sprint";
        for (String phase : new String[] {"code", "build", "test", "release"}) {
            move(id, phase).andExpect(status().isOk());
        }
        move(id, "deploy").andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("gate_not_met"))
                .andExpect(jsonPath("$.message").value(containsString("Open a deploy request from " + branch)));

        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .post("/api/v1/databases/" + db + "/branches/" + branch + "/sql").header("Authorization", bearer(adminToken()))
                .contentType(MediaType.TEXT_PLAIN).content("CREATE TABLE parcels (id BIGINT PRIMARY KEY)")).andExpect(status().isOk());
        post("/api/v1/databases/" + db + "/deploy-requests", tokenWithRoles("developer"), "{\"branch\": \"" + branch + "\"}")
                .andExpect(status().isCreated());
        move(id, "deploy").andExpect(status().isConflict())
                .andExpect(jsonPath("$.message").value(containsString("#1 is not approved yet")));

        String operator = tokenWithRoles("operator");
        post("/api/v1/databases/" + db + "/deploy-requests/1/reviews", operator, "{\"state\": \"approved\"}")
                .andExpect(status().isCreated());
        move(id, "deploy").andExpect(status().isOk());
        move(id, "operate").andExpect(status().isConflict())
                .andExpect(jsonPath("$.message").value(containsString("deploy it before operating")));

        post("/api/v1/databases/" + db + "/deploy-requests/1/deploy?wait=true", operator, "")
                .andExpect(jsonPath("$.deployment_state").value("complete_pending_revert"));
        move(id, "operate").andExpect(status().isOk());

        MockHttpSession session = (MockHttpSession) mvc.perform(formLogin("/login").user("admin")
                .password(IntegrationTest.ADMIN_PASSWORD)).andReturn().getRequest().getSession();
        mvc.perform(get("/iterations/" + id).session(session))
                .andExpect(content().string(containsString("#1 · Complete, revert window open · approved")))
                .andExpect(content().string(containsString("Revert window")));
    }
}
