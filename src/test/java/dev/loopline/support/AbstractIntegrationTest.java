package dev.loopline.support;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.List;
import java.util.UUID;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.jayway.jsonpath.JsonPath;

/**
 * Base of tests that run the whole app: API helpers that act as real clients would, with real service tokens.
 */
@IntegrationTest
public abstract class AbstractIntegrationTest {

    @Autowired
    protected MockMvc mvc;

    @LocalServerPort
    protected int port;

    /** A GET through the real server (error pages and the container's error dispatch included). */
    protected HttpResponse<String> httpGet(String path, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (token != null) {
            request.header("Authorization", bearer(token));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A JSON request (body may be {@code null}) as the admin's bootstrap token. */
    protected ResultActions asAdmin(MockHttpServletRequestBuilder request, String body) throws Exception {
        return as(adminToken(), request, body);
    }

    /** A JSON request (body may be {@code null}) with the given service token. */
    protected ResultActions as(String token, MockHttpServletRequestBuilder request, String body) throws Exception {
        return mvc.perform(request.header("Authorization", bearer(token)).contentType(MediaType.APPLICATION_JSON)
                .content(body == null ? "" : body));
    }

    /** Runs a script on a branch through the SQL console API as the admin; it must answer 200 without an error. */
    protected void sqlAsAdmin(String database, String branch, String script) throws Exception {
        mvc.perform(post("/api/v1/databases/" + database + "/branches/" + branch + "/sql")
                .header("Authorization", bearer(adminToken())).contentType(MediaType.TEXT_PLAIN).content(script))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.error")
                        .doesNotExist());
    }

    /** The answer's body as text. */
    protected static String bodyOf(ResultActions result) throws Exception {
        return result.andReturn().getResponse().getContentAsString();
    }

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        TestDataDirectory.register(registry);
    }

    protected static String bearer(String token) {
        return "Bearer " + token;
    }

    protected static String adminToken() {
        return IntegrationTest.BOOTSTRAP_TOKEN;
    }

    /** Creates a service token with the given API role names and returns its secret. */
    protected String tokenWithRoles(String... roles) throws Exception {
        String body = "{\"name\":\"t-" + UUID.randomUUID().toString().substring(0, 8) + "\",\"roles\":"
                + List.of(roles).stream().map(r -> "\"" + r + "\"").toList() + "}";
        String json = mvc.perform(post("/api/v1/service-tokens").header("Authorization", bearer(adminToken()))
                .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn().getResponse().getContentAsString();
        return JsonPath.read(json, "$.plain_text");
    }

    /** Creates an iteration through the API as the admin and returns its id. */
    protected long createIteration(String name) throws Exception {
        String json = mvc.perform(post("/api/v1/iterations").header("Authorization", bearer(adminToken()))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"" + name + "\",\"starts_on\":\"2026-11-16\",\"ends_on\":\"2026-11-29\"}"))
                .andReturn().getResponse().getContentAsString();
        return ((Number) JsonPath.read(json, "$.id")).longValue();
    }

    /** Creates an environment through the API as the admin. */
    protected void createEnvironment(String name, String tier, String strategy) throws Exception {
        asAdmin(post("/api/v1/environments"), "{\"name\": \"" + name + "\", \"tier\": \"" + tier + "\", \"strategy\": \""
                + strategy + "\"}").andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status()
                .isCreated());
    }

    /** Records a deployment of {@code version} to {@code environment} through the API as the admin; returns its id. */
    protected long recordDeployment(String environment, String version, String status) throws Exception {
        String json = bodyOf(asAdmin(post("/api/v1/deployments"), "{\"environment\": \"" + environment
                + "\", \"version\": \"" + version + "\", \"status\": \"" + status + "\"}")
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().isCreated()));
        return ((Number) JsonPath.read(json, "$.id")).longValue();
    }
}
