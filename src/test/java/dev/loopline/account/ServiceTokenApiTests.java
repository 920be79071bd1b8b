package dev.loopline.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.support.AbstractIntegrationTest;

class ServiceTokenApiTests extends AbstractIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void showsTheSecretOnceAndStoresOnlyItsHash() throws Exception {
        String json = mvc.perform(post("/api/v1/service-tokens").header("Authorization", bearer(adminToken()))
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"ci\", \"roles\": [\"developer\", \"operator\"]}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.id").isNumber())
                .andExpect(jsonPath("$.name").value("ci"))
                .andExpect(jsonPath("$.roles[0]").value("developer"))
                .andExpect(jsonPath("$.roles[1]").value("operator"))
                .andExpect(jsonPath("$.created_at").isString())
                .andReturn().getResponse().getContentAsString();
        String secret = JsonPath.read(json, "$.plain_text");
        assertThat(secret).startsWith("llt_").hasSizeGreaterThan(40);

        String listed = mvc.perform(get("/api/v1/service-tokens").header("Authorization", bearer(adminToken())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.data[*].name", hasItem("ci")))
                .andReturn().getResponse().getContentAsString();
        assertThat(listed).doesNotContain(secret).doesNotContain("plain_text");
        assertThat(jdbc.queryForList("select token_hash from service_token", String.class))
                .doesNotContain(secret).contains(ServiceTokenService.hash(secret));

        mvc.perform(get("/api/v1/iterations").header("Authorization", bearer(secret))).andExpect(status().isOk());
    }

    @Test
    void aDeletedTokenIsRefused() throws Exception {
        String json = mvc.perform(post("/api/v1/service-tokens").header("Authorization", bearer(adminToken()))
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"short-lived\", \"roles\": [\"developer\"]}"))
                .andReturn().getResponse().getContentAsString();
        String secret = JsonPath.read(json, "$.plain_text");
        long id = ((Number) JsonPath.read(json, "$.id")).longValue();

        mvc.perform(delete("/api/v1/service-tokens/" + id).header("Authorization", bearer(adminToken())))
                .andExpect(status().isNoContent());
        mvc.perform(get("/api/v1/iterations").header("Authorization", bearer(secret)))
                .andExpect(status().isUnauthorized());
        mvc.perform(delete("/api/v1/service-tokens/" + id).header("Authorization", bearer(adminToken())))
                .andExpect(status().isNotFound());
    }

    @Test
    void onlyAdminsManageTokens() throws Exception {
        String operator = tokenWithRoles("operator");
        mvc.perform(post("/api/v1/service-tokens").header("Authorization", bearer(operator))
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"escalate\", \"roles\": [\"admin\"]}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("forbidden"));
        mvc.perform(get("/api/v1/service-tokens").header("Authorization", bearer(operator)))
                .andExpect(status().isForbidden());
    }

    @Test
    void rejectsUnknownRolesMissingRolesAndDuplicateNames() throws Exception {
        mvc.perform(post("/api/v1/service-tokens").header("Authorization", bearer(adminToken()))
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"x\", \"roles\": [\"wizard\"]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_role"));
        mvc.perform(post("/api/v1/service-tokens").header("Authorization", bearer(adminToken()))
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"x\", \"roles\": []}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_roles"));
        mvc.perform(post("/api/v1/service-tokens").header("Authorization", bearer(adminToken()))
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"bootstrap\", \"roles\": [\"developer\"]}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("token_name_taken"));
    }

    @Test
    void answersUnknownApiPathsWithJson404() throws Exception {
        var response = httpGet("/api/v1/no-such-thing", adminToken());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("json"));
        assertThat(JsonPath.<String>read(response.body(), "$.code")).isEqualTo("not_found");
        assertThat(JsonPath.<String>read(response.body(), "$.message")).contains("/api/v1/no-such-thing");

        var unauthenticated = httpGet("/api/v1/iterations", null);
        assertThat(unauthenticated.statusCode()).isEqualTo(401);
        assertThat(JsonPath.<String>read(unauthenticated.body(), "$.code")).isEqualTo("unauthenticated");
    }

    @Test
    void refusesMalformedBearerHeadersButAcceptsTheSchemeInAnyCase() throws Exception {
        String token = adminToken();
        for (String header : new String[] {"Bearer  " + token, "Bearer " + token + " extra", "Bearer\t" + token,
                "Bearer " + token + ",x", "Bearer", "Bearer ", "Bearer" + token}) {
            mvc.perform(get("/api/v1/iterations").header("Authorization", header))
                    .andExpect(status().isUnauthorized())
                    .andExpect(jsonPath("$.code").value(org.hamcrest.Matchers.oneOf("malformed_token", "unauthenticated")));
        }
        // through the real server too: the container must not tidy the header into a valid one
        var client = java.net.http.HttpClient.newHttpClient();
        var twoSpaces = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/api/v1/iterations"))
                .header("Authorization", "Bearer  " + token).GET().build();
        assertThat(client.send(twoSpaces, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);

        mvc.perform(get("/api/v1/iterations").header("Authorization", "bearer " + token)).andExpect(status().isOk());
        mvc.perform(get("/api/v1/iterations").header("Authorization", "BEARER " + token)).andExpect(status().isOk());
    }
}
