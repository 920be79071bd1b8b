package dev.loopline.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.support.AbstractIntegrationTest;

/**
 * Fires bad input at every API endpoint over real HTTP (so Tomcat's own rejections are included) and holds the API
 * to its contract: never a 500, always {@code {code, message}} JSON, never a huge input echoed back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiInputSweepTests extends AbstractIntegrationTest {

    private static final String DB = "sweep";
    private static final String HUGE = "x".repeat(100 * 1024);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private long iterationId;
    private long workItemId;

    @BeforeAll
    void createThingsToAimAt() throws Exception {
        expect(201, send("POST", "/api/v1/databases", "{\"name\":\"" + DB + "\"}"));
        expect(201, send("POST", "/api/v1/databases/" + DB + "/branches", "{\"name\":\"dev\"}"));
        expect(201, send("POST", "/api/v1/databases/" + DB + "/branches", "{\"name\":\"notes\"}"));
        expect(200, send("POST", "/api/v1/databases/" + DB + "/branches/dev/sql", "text/plain",
                "CREATE TABLE swept (id BIGINT PRIMARY KEY)"));
        expect(201, send("POST", "/api/v1/databases/" + DB + "/deploy-requests", "{\"branch\":\"dev\"}"));
        iterationId = ((Number) JsonPath.read(expect(201, send("POST", "/api/v1/iterations",
                "{\"name\":\"Sweep\",\"starts_on\":\"2026-11-16\",\"ends_on\":\"2026-11-29\"}")).body(), "$.id")).longValue();
        workItemId = ((Number) JsonPath.read(expect(201, send("POST", "/api/v1/iterations/" + iterationId
                + "/work-items", "{\"title\":\"Item\"}")).body(), "$.id")).longValue();
    }

    // --- text longer than its column -------------------------------------------------------------------------

    @Test
    void textLongerThanItsColumnIsA400NamingTheFieldAndTheLimit() throws Exception {
        String base = "/api/v1/databases/" + DB + "/deploy-requests";
        assertTooLong(send("POST", base, "{\"branch\":\"notes\",\"notes\":\"" + HUGE + "\"}"), "notes", 4000);
        assertTooLong(send("POST", base + "/1/reviews", "{\"state\":\"commented\",\"body\":\"" + HUGE + "\"}"),
                "body", 4000);
        assertTooLong(send("POST", "/api/v1/iterations", "{\"name\":\"ok\",\"goal\":\"" + HUGE
                + "\",\"starts_on\":\"2026-11-16\",\"ends_on\":\"2026-11-29\"}"), "goal", 2000);
        assertTooLong(send("PATCH", "/api/v1/work-items/" + workItemId, "{\"title\":\"" + HUGE + "\"}"), "title", 200);
        assertTooLong(send("PUT", "/api/v1/databases/" + DB + "/backup-policy", "{\"schedule\":\"" + HUGE + "\"}"),
                "schedule", 120);
        // a limit exactly reached is fine
        expect(201, send("POST", base + "/1/reviews", "{\"state\":\"commented\",\"body\":\"" + "y".repeat(4000) + "\"}"));
    }

    private void assertTooLong(HttpResponse<String> response, String field, int limit) {
        assertApiError(response, 400);
        assertThat((String) JsonPath.read(response.body(), "$.code")).isEqualTo("invalid_" + field);
        assertThat((String) JsonPath.read(response.body(), "$.message")).contains("'" + field + "'")
                .contains(String.valueOf(limit));
    }

    @Test
    void aTokenWithTheLongestAllowedNameCanStillActForItsCreatorColumns() throws Exception {
        assertTooLong(send("POST", "/api/v1/service-tokens", "{\"name\":\"" + "n".repeat(59)
                + "\",\"roles\":[\"admin\"]}"), "name", 58);
        String secret = JsonPath.read(expect(201, send("POST", "/api/v1/service-tokens", "{\"name\":\"" + "n".repeat(58)
                + "\",\"roles\":[\"admin\"]}")).body(), "$.plain_text");
        expect(201, send("POST", "/api/v1/iterations", "application/json",
                "{\"name\":\"By a long token\",\"starts_on\":\"2026-11-16\",\"ends_on\":\"2026-11-29\"}",
                Map.of("Authorization", bearer(secret))));
    }

    // --- unique-key races ------------------------------------------------------------------------------------

    @Test
    void twentyParallelCreatesOfOneNameGiveOneCreatedAndConflictsForTheRest() throws Exception {
        Map<Integer, Long> databases = race("/api/v1/databases", "{\"name\":\"raced\"}");
        assertThat(databases).containsEntry(201, 1L).containsEntry(409, 19L).hasSize(2);

        Map<Integer, Long> tokens = race("/api/v1/service-tokens", "{\"name\":\"raced\",\"roles\":[\"developer\"]}");
        assertThat(tokens).containsEntry(201, 1L).containsEntry(409, 19L).hasSize(2);
    }

    private Map<Integer, Long> race(String path, String body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return send("POST", path, body);
                }));
            }
            start.countDown();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : answers) {
                responses.add(answer.get());
            }
            responses.stream().filter(r -> r.statusCode() != 201).forEach(r -> {
                assertApiError(r, 409);
                assertThat((String) JsonPath.read(r.body(), "$.code")).matches(".*_(taken|exists)");
            });
            return responses.stream().collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
        }
        finally {
            pool.shutdownNow();
        }
    }

    // --- malformed bodies --------------------------------------------------------------------------------------

    @Test
    void aNullBranchInTheBackupPolicyIsA400() throws Exception {
        var response = send("PUT", "/api/v1/databases/" + DB + "/backup-policy", "{\"branches\":[null]}");
        assertApiError(response, 400);
        assertThat((String) JsonPath.read(response.body(), "$.code")).isEqualTo("invalid_branches");
    }

    // --- paging ------------------------------------------------------------------------------------------------

    private List<String> lists() {
        return List.of("/api/v1/iterations", "/api/v1/service-tokens", "/api/v1/databases", "/api/v1/jobs",
                "/api/v1/databases/" + DB + "/branches", "/api/v1/databases/" + DB + "/branches/dev/passwords",
                "/api/v1/databases/" + DB + "/branches/dev/backups", "/api/v1/databases/" + DB + "/deploy-requests",
                "/api/v1/databases/" + DB + "/deploy-requests/1/reviews");
    }

    @Test
    void everyListRefusesNonsensePagingWithA400() throws Exception {
        for (String list : lists()) {
            for (String query : List.of("page=0", "page=-1", "page=abc", "page=2147483647", "page=99999999999999999999",
                    "page=1.5", "per_page=0", "per_page=101", "per_page=-1", "per_page=abc", "per_page=2147483648")) {
                var response = send("GET", list + "?" + query, null);
                assertApiError(response, 400);
                assertThat((String) JsonPath.read(response.body(), "$.code")).as(list + "?" + query)
                        .startsWith("invalid_p");
            }
        }
    }

    @Test
    void everyListPagesWithTheSameShape() throws Exception {
        for (String list : lists()) {
            var first = expect(200, send("GET", list, null));
            assertThat((Integer) JsonPath.read(first.body(), "$.current_page")).as(list).isEqualTo(1);
            assertThat((Integer) JsonPath.read(first.body(), "$.per_page")).as(list).isEqualTo(25);
            assertThat((List<?>) JsonPath.read(first.body(), "$.data")).as(list).hasSizeLessThanOrEqualTo(25);
            assertThat((Object) JsonPath.read(first.body(), "$.prev_page")).as(list).isNull();
            var far = expect(200, send("GET", list + "?page=5000&per_page=100", null));
            assertThat((List<?>) JsonPath.read(far.body(), "$.data")).as(list).isEmpty();
            assertThat((Object) JsonPath.read(far.body(), "$.next_page")).as(list).isNull();
            assertThat((Integer) JsonPath.read(far.body(), "$.prev_page")).as(list).isEqualTo(4999);
        }
    }

    @Test
    void jobsAndTokensComeInPagesThatTogetherHoldEverything() throws Exception {
        for (int i = 0; i < 3; i++) {
            expect(201, send("POST", "/api/v1/service-tokens", "{\"name\":\"paged-" + i + "\",\"roles\":[\"developer\"]}"));
        }
        for (String list : List.of("/api/v1/jobs", "/api/v1/service-tokens")) {
            // jobs carry live fire times, so pages are compared by identity
            String identity = list.endsWith("jobs") ? "$.data[*].name" : "$.data[*].id";
            // in pages of the largest size: the shared context may hold more than one page of them (a database each)
            List<Object> all = new ArrayList<>();
            for (Integer big = 1; big != null;) {
                String body = expect(200, send("GET", list + "?per_page=100&page=" + big, null)).body();
                all.addAll(JsonPath.read(body, identity));
                big = JsonPath.read(body, "$.next_page");
            }
            assertThat(all).as(list).hasSizeGreaterThan(2);
            List<Object> collected = new ArrayList<>();
            Integer page = 1;
            while (page != null) {
                String body = expect(200, send("GET", list + "?per_page=2&page=" + page, null)).body();
                List<Object> data = JsonPath.read(body, identity);
                assertThat(data).as(list).hasSizeLessThanOrEqualTo(2);
                collected.addAll(data);
                page = JsonPath.read(body, "$.next_page");
            }
            assertThat(collected).as(list).isEqualTo(all);
        }
    }

    // --- the SQL console -----------------------------------------------------------------------------------------

    @Test
    void aScriptNestedThousandsDeepIsRefusedNotOverflowed() throws Exception {
        String deep = "SELECT " + "(".repeat(3000) + "1" + ")".repeat(3000);
        var response = send("POST", "/api/v1/databases/" + DB + "/branches/dev/sql", "text/plain", deep);
        assertApiError(response, 422);
        assertThat((String) JsonPath.read(response.body(), "$.code")).isEqualTo("script_too_complex");

        String nested = "SELECT " + "(".repeat(50) + "1" + ")".repeat(50) + " AS v, '((((' AS s";
        expect(200, send("POST", "/api/v1/databases/" + DB + "/branches/dev/sql", "text/plain", nested));
    }

    // --- what Tomcat rejects before Spring -----------------------------------------------------------------------

    @Test
    void pathsAndHeadersTomcatRejectsStillGetJson() throws Exception {
        for (String segment : List.of("a%2Fb", "a%00b", "a%5Cb", "%2e%2e%2f%2e%2e")) {
            String raw = rawGet("/api/v1/databases/" + segment, adminToken());
            assertThat(raw).as(segment).startsWith("HTTP/1.1 4");
            assertThat(raw).as(segment).containsIgnoringCase("content-type: application/json");
            String body = raw.substring(raw.indexOf("\r\n\r\n") + 4);
            assertThat((String) JsonPath.read(body, "$.code")).as(segment).isNotBlank();
            assertThat((String) JsonPath.read(body, "$.message")).as(segment).isNotBlank();
        }
        var hugeHeader = send("GET", "/api/v1/databases", null, null, Map.of("Authorization", "Bearer " + "t".repeat(16 * 1024)));
        assertApiError(hugeHeader, 400);
    }

    /** Outside the API, the same refusals are a page in Loopline's words with a way back, not Tomcat's report. */
    @Test
    void pathsTomcatRejectsOutsideTheApiGetLooplinesPage() throws Exception {
        for (String path : List.of("/databases/a%2Fb", "/%", "/a%00b")) {
            String raw = rawGet(path, null);
            assertThat(raw).as(path).startsWith("HTTP/1.1 400");
            assertThat(raw).as(path).containsIgnoringCase("content-type: text/html");
            String body = raw.substring(raw.indexOf("\r\n\r\n") + 4);
            assertThat(body).as(path).contains("That request was not right").contains("Back to the dashboard")
                    .doesNotContain("Apache Tomcat").doesNotContain("HTTP Status");
        }
    }

    /** One request over a plain socket, as written, so no client re-encodes the path. */
    private String rawGet(String path, String token) throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toString(StandardCharsets.UTF_8);
        }
    }

    // --- numeric ids -------------------------------------------------------------------------------------------

    @Test
    void idsAreDecimalDigitsOnly() throws Exception {
        expect(200, send("GET", "/api/v1/iterations/" + iterationId, null));
        String hex = "0x" + Long.toHexString(iterationId);
        for (String id : List.of(hex, "%23" + Long.toHexString(iterationId), "0X" + Long.toHexString(iterationId),
                "abc", "1e3", "99999999999999999999999")) {
            var response = send("GET", "/api/v1/iterations/" + id, null);
            assertApiError(response, 400);
            assertThat((String) JsonPath.read(response.body(), "$.code")).as(id).isEqualTo("invalid_parameter");
        }
        assertApiError(send("GET", "/api/v1/databases/" + DB + "/deploy-requests/0x1", null), 400);
    }

    // --- the sweep ------------------------------------------------------------------------------------------

    record Endpoint(String method, String path, List<String> fields) {
    }

    private List<Endpoint> bodyEndpoints() {
        String db = "/api/v1/databases/" + DB;
        return List.of(
                new Endpoint("POST", "/api/v1/service-tokens", List.of("name", "roles")),
                new Endpoint("POST", "/api/v1/iterations", List.of("name", "goal", "starts_on", "ends_on", "database")),
                new Endpoint("POST", "/api/v1/iterations/" + iterationId + "/phase", List.of("phase", "override_reason")),
                new Endpoint("POST", "/api/v1/iterations/" + iterationId + "/work-items",
                        List.of("title", "status", "assignee", "points")),
                new Endpoint("PATCH", "/api/v1/work-items/" + workItemId, List.of("title", "status", "assignee", "points")),
                new Endpoint("POST", "/api/v1/databases", List.of("name", "engine", "required_approvals",
                        "revert_window_minutes", "allow_data_branching")),
                new Endpoint("PATCH", db, List.of("required_approvals", "revert_window_minutes", "allow_data_branching")),
                new Endpoint("POST", db + "/branches", List.of("name", "parent_branch", "backup_id", "seed_data")),
                new Endpoint("POST", db + "/branches/dev/passwords", List.of("name", "role", "ttl_seconds")),
                new Endpoint("POST", db + "/deploy-requests", List.of("branch", "into_branch", "notes", "auto_apply")),
                new Endpoint("POST", db + "/deploy-requests/1/reviews", List.of("state", "body")),
                new Endpoint("POST", db + "/branches/dev/backups", List.of("name", "retention_days")),
                new Endpoint("PUT", db + "/backup-policy", List.of("schedule", "retention_days", "branches",
                        "verify_after_backup")));
    }

    /** Values that are wrong for nearly every field; numbers that would be valid names are left out on purpose. */
    private static final List<String> BAD_VALUES = List.of("\"" + HUGE + "\"", "null", "[null]", "{\"a\":1}",
            "-1", "2147483648", "99999999999999999999", "\"\u0000\"", "\"" + "é".repeat(5000) + "\"", "1.5", "[]");

    @Test
    void noBadInputToAnyEndpointGetsA500() throws Exception {
        List<String> failures = new ArrayList<>();
        for (Endpoint endpoint : bodyEndpoints()) {
            List<String> bodies = new ArrayList<>(List.of("{", "[]", "\"text\"", "null", "{\"unknown\":1}", HUGE));
            for (String field : endpoint.fields()) {
                for (String value : BAD_VALUES) {
                    bodies.add("{\"" + field + "\":" + value + "}");
                }
            }
            for (String body : bodies) {
                check(failures, endpoint.method() + " " + endpoint.path(), send(endpoint.method(), endpoint.path(), body));
            }
            check(failures, endpoint.method() + " " + endpoint.path() + " as text",
                    send(endpoint.method(), endpoint.path(), "text/plain", "hello"));
        }
        String sql = "/api/v1/databases/" + DB + "/branches/dev/sql";
        for (String script : List.of("", "   ", "-- only a comment", HUGE, "SELECT '" + HUGE + "'", "SELECT 1 FROM ((",
                ")".repeat(5000), "\u0000", "SELECT " + "(".repeat(250) + "1" + ")".repeat(250))) {
            check(failures, "POST sql " + script.length(), send("POST", sql, "text/plain", script));
        }
        for (String path : List.of("/api/v1/iterations/", "/api/v1/service-tokens/", "/api/v1/databases/",
                "/api/v1/databases/" + DB + "/branches/", "/api/v1/databases/" + DB + "/deploy-requests/",
                "/api/v1/databases/" + DB + "/branches/dev/backups/", "/api/v1/jobs/x/")) {
            for (String segment : List.of("0x15", "%2316", "-1", "0", "99999999999999999999", HUGE.substring(0, 2000),
                    "%E2%82", "%C0%AF", "..", "%20")) {
                check(failures, "GET " + path + segment, send("GET", path + segment, null));
                check(failures, "DELETE " + path + segment, send("DELETE", path + segment, null));
            }
        }
        assertThat(failures).isEmpty();
    }

    private void check(List<String> failures, String what, HttpResponse<String> response) {
        try {
            assertApiError(response, response.statusCode());
            if (response.statusCode() >= 500) {
                failures.add(what + " → " + response.statusCode() + " " + response.body());
            }
        }
        catch (AssertionError | RuntimeException e) {
            failures.add(what + " → " + response.statusCode() + " "
                    + response.body().substring(0, Math.min(300, response.body().length())));
        }
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private static void assertApiError(HttpResponse<String> response, int status) {
        if (response.statusCode() < 400 && status < 400) {
            return;
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat((String) JsonPath.read(response.body(), "$.code")).isNotBlank();
        assertThat((String) JsonPath.read(response.body(), "$.message")).isNotBlank().hasSizeLessThanOrEqualTo(1000);
    }

    private static HttpResponse<String> expect(int status, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response;
    }

    private HttpResponse<String> send(String method, String path, String json) throws Exception {
        return send(method, path, json == null ? null : "application/json", json);
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        return send(method, path, contentType, body, Map.of("Authorization", bearer(adminToken())));
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body,
            Map<String, String> headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
