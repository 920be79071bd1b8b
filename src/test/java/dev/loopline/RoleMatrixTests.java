package dev.loopline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.support.AbstractIntegrationTest;

/**
 * Who may call which API endpoint, for every endpoint Spring knows and every role: allowed answers neither 401 nor
 * 403, refused answers 403, no token answers 401. The endpoint list comes from Spring's handler mapping, so a new
 * endpoint without a row here fails {@link #everyApiEndpointHasARow()}. The matrix follows DESIGN.md's roles: admins
 * everything; project managers iterations and work items; developers branches, development-branch passwords and
 * console, opening deploy requests, moving work items; operators databases, production branches, approving and
 * applying deploys, backups, restores and jobs. Reads are open to every role. Requests use real resources, so a
 * refusal is the rule speaking, not a 404.
 */
class RoleMatrixTests extends AbstractIntegrationTest {

    /** {@code METRICS}: a token with only the metrics scope, which may scrape metrics and call no endpoint here. */
    enum Who { ADMIN, PROJECT_MANAGER, DEVELOPER, OPERATOR, METRICS, NONE }

    private static final Set<Who> ALL = EnumSet.of(Who.ADMIN, Who.PROJECT_MANAGER, Who.DEVELOPER, Who.OPERATOR);
    private static final Set<Who> PLANNERS = EnumSet.of(Who.ADMIN, Who.PROJECT_MANAGER);
    private static final Set<Who> DEVELOPERS = EnumSet.of(Who.ADMIN, Who.DEVELOPER);
    private static final Set<Who> OPERATORS = EnumSet.of(Who.ADMIN, Who.OPERATOR);
    private static final Set<Who> ADMINS = EnumSet.of(Who.ADMIN);

    /** One request: its path (fixtures filled in), body and content type. */
    record Call(String path, String body, MediaType type, Map<String, String> headers) {

        Call(String path, String body, MediaType type) {
            this(path, body, type, Map.of());
        }

        static Call json(String path, String body) {
            return new Call(path, body, MediaType.APPLICATION_JSON);
        }

        static Call of(String path) {
            return new Call(path, null, null);
        }
    }

    /** One row of the matrix: an endpoint (in one variant, e.g. on a production branch), who may, and how to call it. */
    record Row(String method, String pattern, String variant, Set<Who> allowed, Supplier<Call> call) {

        String endpoint() {
            return method + " " + pattern;
        }

        String label() {
            return endpoint() + (variant.isEmpty() ? "" : " [" + variant + "]");
        }
    }

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlerMapping;

    private final AtomicInteger counter = new AtomicInteger();
    private final Map<Who, String> tokens = new EnumMap<>(Who.class);
    private String db;
    private String dataDb;
    private long backup;
    private long dataBackup;
    private long iteration;
    private long workItem;

    private static final String DBS = "/api/v1/databases/{database}";
    private static final String BRANCH = DBS + "/branches/{branch}";
    private static final String DRS = DBS + "/deploy-requests";
    private static final String BACKUPS = BRANCH + "/backups";

    private List<Row> matrix() {
        List<Row> rows = new ArrayList<>();
        // service tokens
        rows.add(row("POST", "/api/v1/service-tokens", ADMINS, () -> Call.json("/api/v1/service-tokens",
                "{\"name\": \"m-" + next() + "\", \"roles\": [\"developer\"]}")));
        rows.add(row("GET", "/api/v1/service-tokens", ADMINS, () -> Call.of("/api/v1/service-tokens")));
        rows.add(row("DELETE", "/api/v1/service-tokens/{id}", ADMINS, () -> Call.of("/api/v1/service-tokens/" + freshToken())));
        // iterations and work items
        rows.add(row("GET", "/api/v1/iterations", ALL, () -> Call.of("/api/v1/iterations")));
        rows.add(row("POST", "/api/v1/iterations", PLANNERS, () -> Call.json("/api/v1/iterations",
                "{\"name\": \"Matrix\", \"starts_on\": \"2026-11-16\", \"ends_on\": \"2026-11-29\"}")));
        rows.add(row("GET", "/api/v1/iterations/{id}", ALL, () -> Call.of("/api/v1/iterations/" + iteration)));
        rows.add(row("PATCH", "/api/v1/iterations/{id}", PLANNERS, () -> Call.json("/api/v1/iterations/" + iteration,
                "{\"goal\": \"Who may\"}")));
        rows.add(row("DELETE", "/api/v1/iterations/{id}", PLANNERS, () -> Call.of("/api/v1/iterations/" + freshIteration())));
        rows.add(row("POST", "/api/v1/iterations/{id}/phase", PLANNERS, () -> Call.json("/api/v1/iterations/" + iteration
                + "/phase", "{\"phase\": \"plan\"}")));
        rows.add(row("POST", "/api/v1/iterations/{id}/work-items", PLANNERS, () -> Call.json("/api/v1/iterations/"
                + iteration + "/work-items", "{\"title\": \"Row\"}")));
        rows.add(row("PATCH", "/api/v1/work-items/{id}", EnumSet.of(Who.ADMIN, Who.PROJECT_MANAGER, Who.DEVELOPER),
                () -> Call.json("/api/v1/work-items/" + workItem, "{\"status\": \"in_progress\"}")));
        rows.add(row("DELETE", "/api/v1/work-items/{id}", PLANNERS, () -> Call.of("/api/v1/work-items/" + freshWorkItem())));
        // planning
        rows.add(row("GET", "/api/v1/backlog", ALL, () -> Call.of("/api/v1/backlog")));
        rows.add(row("POST", "/api/v1/work-items", PLANNERS, () -> Call.json("/api/v1/work-items",
                "{\"title\": \"Backlog row\"}")));
        rows.add(row("GET", "/api/v1/work-items/{id}", ALL, () -> Call.of("/api/v1/work-items/" + workItem)));
        rows.add(row("POST", "/api/v1/iterations/{id}/start", PLANNERS, () -> Call.json("/api/v1/iterations/"
                + freshIteration() + "/start", "{}")));
        rows.add(row("POST", "/api/v1/iterations/{id}/complete", PLANNERS, () -> Call.json("/api/v1/iterations/"
                + freshIteration() + "/complete", "{}")));
        rows.add(row("GET", "/api/v1/iterations/{id}/burndown", ALL, () -> Call.of("/api/v1/iterations/" + iteration
                + "/burndown")));
        rows.add(row("GET", "/api/v1/velocity", ALL, () -> Call.of("/api/v1/velocity")));
        // databases
        rows.add(row("POST", "/api/v1/databases", OPERATORS, () -> Call.json("/api/v1/databases",
                "{\"name\": \"rm-new-" + next() + "-" + UUID.randomUUID().toString().substring(0, 4) + "\"}")));
        rows.add(row("GET", "/api/v1/databases", ALL, () -> Call.of("/api/v1/databases")));
        rows.add(row("GET", DBS, ALL, () -> Call.of(dbPath())));
        rows.add(row("PATCH", DBS, OPERATORS, () -> Call.json(dbPath(), "{\"required_approvals\": 3}")));
        // branches
        rows.add(row("GET", DBS + "/branches", ALL, () -> Call.of(dbPath() + "/branches")));
        rows.add(row("POST", DBS + "/branches", "new development branch", DEVELOPERS,
                () -> Call.json(dbPath() + "/branches", "{\"name\": \"new-" + next() + "\"}")));
        rows.add(row("POST", DBS + "/branches", "restore, data branching off", OPERATORS,
                () -> Call.json(dbPath() + "/branches", "{\"name\": \"restored-" + next() + "\", \"backup_id\": " + backup + "}")));
        rows.add(row("POST", DBS + "/branches", "restore, data branching on",
                EnumSet.of(Who.ADMIN, Who.DEVELOPER, Who.OPERATOR), () -> Call.json("/api/v1/databases/" + dataDb
                        + "/branches", "{\"name\": \"restored-" + next() + "\", \"backup_id\": " + dataBackup + "}")));
        rows.add(row("GET", BRANCH, ALL, () -> Call.of(branchPath("main"))));
        rows.add(row("DELETE", BRANCH, "development", DEVELOPERS, () -> Call.of(branchPath(freshBranch(false)))));
        rows.add(row("DELETE", BRANCH, "production", ADMINS, () -> Call.of(branchPath(freshBranch(true)))));
        rows.add(row("POST", BRANCH + "/safe-migrations", OPERATORS, () -> Call.of(branchPath("toggle") + "/safe-migrations")));
        rows.add(row("DELETE", BRANCH + "/safe-migrations", OPERATORS, () -> Call.of(branchPath("toggle") + "/safe-migrations")));
        rows.add(row("POST", BRANCH + "/promote", OPERATORS, () -> Call.of(branchPath("main") + "/promote")));
        rows.add(row("POST", BRANCH + "/demote", OPERATORS, () -> Call.of(branchPath("main") + "/demote")));
        rows.add(row("GET", BRANCH + "/schema", ALL, () -> Call.of(branchPath("main") + "/schema")));
        for (boolean production : new boolean[] {true, false}) {
            String variant = production ? "production" : "development";
            String branch = production ? "main" : "dev";
            Set<Who> workers = production ? OPERATORS : DEVELOPERS;
            rows.add(row("POST", BRANCH + "/passwords", variant, workers, () -> Call.json(branchPath(branch) + "/passwords",
                    "{\"name\": \"p" + next() + "\", \"role\": \"reader\"}")));
            rows.add(row("DELETE", BRANCH + "/passwords/{id}", variant, workers,
                    () -> Call.of(branchPath(branch) + "/passwords/" + freshPassword(branch))));
            rows.add(row("POST", BRANCH + "/sql", variant, workers,
                    () -> new Call(branchPath(branch) + "/sql", "SELECT 1", MediaType.TEXT_PLAIN)));
        }
        rows.add(row("GET", BRANCH + "/passwords", ALL, () -> Call.of(branchPath("main") + "/passwords")));
        // deploy requests (#1 open and unapproved, needing 3 approvals; #2 to close)
        rows.add(row("POST", DRS, DEVELOPERS, () -> Call.json(dbPath() + "/deploy-requests", "{\"branch\": \"feature\"}")));
        rows.add(row("GET", DRS, ALL, () -> Call.of(dbPath() + "/deploy-requests")));
        for (String read : new String[] {"", "/diff", "/reviews", "/deployment"}) {
            rows.add(row("GET", DRS + "/{number}" + read, ALL, () -> Call.of(dbPath() + "/deploy-requests/1" + read)));
        }
        rows.add(row("POST", DRS + "/{number}/reviews", "approve", OPERATORS,
                () -> Call.json(dbPath() + "/deploy-requests/1/reviews", "{\"state\": \"approved\"}")));
        rows.add(row("POST", DRS + "/{number}/reviews", "comment", ALL,
                () -> Call.json(dbPath() + "/deploy-requests/1/reviews", "{\"state\": \"commented\", \"body\": \"Looks fine\"}")));
        for (String action : new String[] {"deploy", "apply", "cancel", "revert", "skip-revert"}) {
            rows.add(row("POST", DRS + "/{number}/" + action, OPERATORS,
                    () -> Call.of(dbPath() + "/deploy-requests/1/" + action)));
        }
        rows.add(row("POST", DRS + "/{number}/close", DEVELOPERS, () -> Call.of(dbPath() + "/deploy-requests/2/close")));
        // backups and the policy
        rows.add(row("POST", BACKUPS, OPERATORS, () -> Call.json(branchPath("main") + "/backups", "{}")));
        // query insights
        Set<Who> filers = EnumSet.of(Who.ADMIN, Who.PROJECT_MANAGER, Who.OPERATOR);
        rows.add(row("GET", BRANCH + "/insights", ALL, () -> Call.of(branchPath("main") + "/insights")));
        rows.add(row("GET", BRANCH + "/insights/queries/{id}", ALL, () -> Call.of(branchPath("main") + "/insights/queries/999999")));
        rows.add(row("GET", BRANCH + "/insights/recommendations", ALL, () -> Call.of(branchPath("main") + "/insights/recommendations")));
        rows.add(row("POST", BRANCH + "/insights/recommendations/{id}/open", DEVELOPERS,
                () -> Call.of(branchPath("main") + "/insights/recommendations/999999/open")));
        rows.add(row("POST", BRANCH + "/insights/recommendations/{id}/work-item", filers,
                () -> Call.of(branchPath("main") + "/insights/recommendations/999999/work-item")));
        rows.add(row("POST", BRANCH + "/insights/queries/{id}/work-item", filers,
                () -> Call.of(branchPath("main") + "/insights/queries/999999/work-item")));
        rows.add(row("GET", DBS + "/insights/settings", ALL, () -> Call.of(dbPath() + "/insights/settings")));
        rows.add(row("PUT", DBS + "/insights/settings", OPERATORS,
                () -> Call.json(dbPath() + "/insights/settings", "{\"query_statistics\": true}")));
        rows.add(row("GET", BACKUPS, ALL, () -> Call.of(branchPath("main") + "/backups")));
        rows.add(row("GET", BACKUPS + "/{id}", ALL, () -> Call.of(branchPath("main") + "/backups/" + backup)));
        rows.add(row("DELETE", BACKUPS + "/{id}", OPERATORS, () -> Call.of(branchPath("main") + "/backups/" + backup)));
        rows.add(row("POST", BACKUPS + "/{id}/verify", OPERATORS, () -> Call.of(branchPath("main") + "/backups/" + backup + "/verify")));
        rows.add(row("POST", BACKUPS + "/{id}/protect", OPERATORS,
                () -> Call.json(branchPath("main") + "/backups/" + backup + "/protect", "{\"value\": true}")));
        rows.add(row("GET", DBS + "/backup-policy", ALL, () -> Call.of(dbPath() + "/backup-policy")));
        rows.add(row("PUT", DBS + "/backup-policy", OPERATORS, () -> Call.json(dbPath() + "/backup-policy", POLICY)));
        // scheduled jobs
        rows.add(row("GET", "/api/v1/jobs", ALL, () -> Call.of("/api/v1/jobs")));
        rows.add(row("GET", "/api/v1/jobs/{group}/{name}", ALL, () -> Call.of("/api/v1/jobs/backup/policy-" + db)));
        for (String action : new String[] {"run", "pause", "resume"}) {
            rows.add(row("POST", "/api/v1/jobs/{group}/{name}/" + action, OPERATORS,
                    () -> Call.of("/api/v1/jobs/backup/policy-" + db + "/" + action)));
        }
        // webhooks (admins; created disabled so they collect no events) and the event catalogue (everyone)
        rows.add(row("POST", "/api/v1/webhooks", ADMINS, () -> Call.json("/api/v1/webhooks", WEBHOOK)));
        rows.add(row("GET", "/api/v1/webhooks", ADMINS, () -> Call.of("/api/v1/webhooks")));
        rows.add(row("GET", "/api/v1/webhooks/{id}", ADMINS, () -> Call.of("/api/v1/webhooks/" + freshWebhook())));
        rows.add(row("PATCH", "/api/v1/webhooks/{id}", ADMINS, () -> Call.json("/api/v1/webhooks/" + freshWebhook(),
                "{\"description\": \"Changed\"}")));
        rows.add(row("DELETE", "/api/v1/webhooks/{id}", ADMINS, () -> Call.of("/api/v1/webhooks/" + freshWebhook())));
        rows.add(row("POST", "/api/v1/webhooks/{id}/test", ADMINS, () -> Call.of("/api/v1/webhooks/" + freshWebhook()
                + "/test")));
        rows.add(row("POST", "/api/v1/webhooks/{id}/rotate-secret", ADMINS, () -> Call.of("/api/v1/webhooks/"
                + freshWebhook() + "/rotate-secret")));
        rows.add(row("GET", "/api/v1/webhooks/{id}/deliveries", ADMINS, () -> Call.of("/api/v1/webhooks/"
                + freshWebhook() + "/deliveries")));
        rows.add(row("POST", "/api/v1/webhooks/{id}/deliveries/{delivery}/redeliver", ADMINS, () -> Call.of(
                "/api/v1/webhooks/" + freshWebhook() + "/deliveries/1/redeliver")));
        rows.add(row("GET", "/api/v1/events/catalogue", ALL, () -> Call.of("/api/v1/events/catalogue")));
        // builds and CI integrations (the receivers prove themselves with the integration's secret, not a role)
        rows.add(row("POST", "/api/v1/builds", EnumSet.of(Who.ADMIN, Who.DEVELOPER, Who.OPERATOR),
                () -> Call.json("/api/v1/builds", "{\"pipeline\": \"matrix\", \"number\": " + next() + "}")));
        rows.add(row("GET", "/api/v1/builds", ALL, () -> Call.of("/api/v1/builds")));
        rows.add(row("GET", "/api/v1/builds/{id}", ALL, () -> Call.of("/api/v1/builds/" + id(adminJson("POST",
                "/api/v1/builds", "{\"pipeline\": \"matrix\", \"number\": " + next() + "}")))));
        rows.add(row("GET", "/api/v1/iterations/{id}/build-gates", ALL,
                () -> Call.of("/api/v1/iterations/" + iteration + "/build-gates")));
        rows.add(row("PUT", "/api/v1/iterations/{id}/build-gates", PLANNERS,
                () -> Call.json("/api/v1/iterations/" + iteration + "/build-gates", "{\"latest_build_green\": false}")));
        rows.add(row("POST", "/api/v1/integrations/jenkins", EnumSet.allOf(Who.class),
                () -> Call.json("/api/v1/integrations/jenkins?token=" + ciSecret(dev.loopline.pipeline.CiKind.JENKINS), "{\"name\": \"matrix\", "
                        + "\"build\": {\"number\": " + next() + ", \"phase\": \"QUEUED\"}}")));
        rows.add(row("POST", "/api/v1/integrations/gitlab", EnumSet.allOf(Who.class),
                () -> new Call("/api/v1/integrations/gitlab", "{\"object_kind\": \"pipeline\"}", MediaType.APPLICATION_JSON,
                        Map.of("X-Gitlab-Token", ciSecret(dev.loopline.pipeline.CiKind.GITLAB), "X-Gitlab-Event",
                                "Pipeline Hook"))));
        rows.add(row("POST", "/api/v1/integrations/github", EnumSet.allOf(Who.class), () -> {
            String body = "{\"zen\": \"matrix\"}";
            return new Call("/api/v1/integrations/github", body, MediaType.APPLICATION_JSON, Map.of("X-GitHub-Event",
                    "ping", "X-GitHub-Delivery", "matrix-" + next(), "X-Hub-Signature-256", "sha256="
                            + hmac(ciSecret(dev.loopline.pipeline.CiKind.GITHUB), body)));
        }));
        // test reports: CI tokens (developers, operators) post them, every role reads them
        rows.add(row("POST", "/api/v1/builds/{id}/test-reports", EnumSet.of(Who.ADMIN, Who.DEVELOPER, Who.OPERATOR),
                () -> new Call("/api/v1/builds/" + reportedBuild() + "/test-reports", REPORT, MediaType.APPLICATION_XML)));
        rows.add(row("GET", "/api/v1/builds/{id}/test-reports", ALL,
                () -> Call.of("/api/v1/builds/" + reportedBuild() + "/test-reports")));
        rows.add(row("GET", "/api/v1/test-cases", ALL, () -> Call.of("/api/v1/test-cases?name=matrix")));
        // environments, deployments, freezes, DORA (delivery)
        String envs = "/api/v1/environments";
        rows.add(row("POST", envs, OPERATORS, () -> Call.json(envs, "{\"name\": \"rm-env-" + next() + "-" + db
                + "\", \"tier\": \"testing\"}")));
        rows.add(row("GET", envs, ALL, () -> Call.of(envs)));
        rows.add(row("GET", envs + "/{name}", ALL, () -> Call.of(envs + "/" + environment)));
        rows.add(row("DELETE", envs + "/{name}", OPERATORS, () -> {
            String doomed = "rm-env-" + next() + "-" + db;
            adminJson("POST", envs, "{\"name\": \"" + doomed + "\", \"tier\": \"testing\"}");
            return Call.of(envs + "/" + doomed);
        }));
        rows.add(row("PATCH", envs + "/{name}", OPERATORS, () -> Call.json(envs + "/" + environment, "{\"tier\": \"testing\"}")));
        rows.add(row("POST", envs + "/{name}/freezes", OPERATORS, () -> Call.json(envs + "/" + environment + "/freezes", FREEZE)));
        rows.add(row("GET", envs + "/{name}/freezes", ALL, () -> Call.of(envs + "/" + environment + "/freezes")));
        rows.add(row("DELETE", envs + "/{name}/freezes/{id}", OPERATORS, () -> Call.of(envs + "/" + environment + "/freezes/"
                + id(adminJson("POST", envs + "/" + environment + "/freezes", FREEZE)))));
        rows.add(row("POST", "/api/v1/deployments", OPERATORS, () -> Call.json("/api/v1/deployments", "{\"environment\": \""
                + environment + "\", \"version\": \"m" + next() + "\", \"status\": \"success\"}")));
        rows.add(row("GET", "/api/v1/deployments", ALL, () -> Call.of("/api/v1/deployments")));
        rows.add(row("GET", "/api/v1/deployments/{id}", ALL, () -> Call.of("/api/v1/deployments/" + deployment)));
        rows.add(row("PATCH", "/api/v1/deployments/{id}", OPERATORS, () -> Call.json("/api/v1/deployments/" + deployment,
                "{\"status\": \"failed\"}")));
        for (String action : new String[] {"promote", "rollback"}) {
            rows.add(row("POST", "/api/v1/deployments/{id}/" + action, OPERATORS,
                    () -> Call.json("/api/v1/deployments/" + deployment + "/" + action, "{}")));
        }
        rows.add(row("GET", "/api/v1/metrics/dora", ALL, () -> Call.of("/api/v1/metrics/dora")));
        return rows;
    }

    @Autowired
    dev.loopline.pipeline.IntegrationService integrations;

    private final Map<dev.loopline.pipeline.CiKind, String> ciSecrets = new java.util.EnumMap<>(dev.loopline.pipeline.CiKind.class);

    /** A CI integration's secret (Jenkins token, GitHub key, GitLab token), made once as an admin would on the integrations page. */
    private String ciSecret(dev.loopline.pipeline.CiKind kind) {
        return ciSecrets.computeIfAbsent(kind, k -> {
            var context = org.springframework.security.core.context.SecurityContextHolder.createEmptyContext();
            context.setAuthentication(org.springframework.security.authentication.UsernamePasswordAuthenticationToken
                    .authenticated("admin", null, java.util.Set.of(
                            new org.springframework.security.core.authority.SimpleGrantedAuthority("ROLE_ADMIN"))));
            org.springframework.security.core.context.SecurityContextHolder.setContext(context);
            try {
                return integrations.create(k, "matrix-" + next()).plainText();
            }
            finally {
                org.springframework.security.core.context.SecurityContextHolder.clearContext();
            }
        });
    }

    private static String hmac(String key, String body) {
        try {
            var mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }


    private static final String REPORT = "<testsuite name=\"Matrix\"><testcase classname=\"Matrix\" name=\"runs\"/></testsuite>";

    private Long reportedBuild;

    /** A build to post test reports to, made on first use. */
    private long reportedBuild() {
        if (reportedBuild == null) {
            reportedBuild = id(adminJson("POST", "/api/v1/builds", "{\"pipeline\": \"matrix-" + UUID.randomUUID()
                    + "\", \"number\": 1, \"status\": \"success\"}"));
        }
        return reportedBuild;
    }

    private static final String FREEZE = "{\"kind\": \"once\", \"starts_at\": \"2099-01-01T00:00:00Z\", "
            + "\"ends_at\": \"2099-01-02T00:00:00Z\", \"reason\": \"matrix\"}";
    private String environment;
    private long deployment;

    private static final String POLICY = "{\"schedule\": \"0 3 * * *\", \"retention_days\": 7, \"branches\": [\"main\"]}";

    @Test
    void everyApiEndpointHasARow() {
        Set<String> endpoints = new TreeSet<>();
        handlerMapping.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
                .filter(pattern -> pattern.startsWith("/api/"))
                .forEach(pattern -> {
                    var methods = info.getMethodsCondition().getMethods();
                    if (methods.isEmpty()) {
                        endpoints.add("ANY " + pattern);
                    }
                    methods.forEach(method -> endpoints.add(method + " " + pattern));
                }));
        Set<String> inMatrix = matrix().stream().map(Row::endpoint).collect(Collectors.toCollection(TreeSet::new));
        assertThat(endpoints).as("API endpoints without a row in the role matrix").isSubsetOf(inMatrix);
        assertThat(inMatrix).as("rows of the role matrix for endpoints that no longer exist").isSubsetOf(endpoints);
    }

    @Test
    void everyApiEndpointAnswersEachRoleAsTheMatrixSays() throws Exception {
        setUpFixtures();
        List<Row> rows = matrix();
        Map<Row, Map<Who, Integer>> answers = new LinkedHashMap<>();
        List<String> wrong = new ArrayList<>();
        // refusals first: they must change nothing, so every allowed call afterwards meets the same fixtures
        for (Row row : rows) {
            Map<Who, Integer> byWho = answers.computeIfAbsent(row, r -> new EnumMap<>(Who.class));
            for (Who who : Who.values()) {
                if (!row.allowed().contains(who)) {
                    int status = call(row, who);
                    byWho.put(who, status);
                    int expected = who == Who.NONE ? 401 : 403;
                    if (status != expected) {
                        wrong.add(row.label() + " as " + who + ": " + status + ", expected " + expected);
                    }
                }
            }
        }
        for (Row row : rows) {
            for (Who who : row.allowed()) {
                int status = call(row, who);
                answers.get(row).put(who, status);
                if (status == 401 || status == 403) {
                    wrong.add(row.label() + " as " + who + ": " + status + ", expected it to be allowed");
                }
            }
        }
        write(answers);
        assertThat(wrong).as("answers that break the role matrix (whole matrix in target/role-matrix.md)").isEmpty();
    }

    // --- requests -----------------------------------------------------------------------------------------------

    private int call(Row row, Who who) throws Exception {
        Call call = row.call().get();
        var builder = request(HttpMethod.valueOf(row.method()), call.path());
        if (who != Who.NONE) {
            builder.header("Authorization", bearer(tokens.get(who)));
        }
        if (call.body() != null) {
            builder.contentType(call.type()).content(call.body());
        }
        call.headers().forEach(builder::header);
        return mvc.perform(builder).andReturn().getResponse().getStatus();
    }

    private static Row row(String method, String pattern, Set<Who> allowed, Supplier<Call> call) {
        return new Row(method, pattern, "", allowed, call);
    }

    private static Row row(String method, String pattern, String variant, Set<Who> allowed, Supplier<Call> call) {
        return new Row(method, pattern, variant, allowed, call);
    }

    private int next() {
        return counter.incrementAndGet();
    }

    private String dbPath() {
        return "/api/v1/databases/" + db;
    }

    private String branchPath(String branch) {
        return dbPath() + "/branches/" + branch;
    }

    private MvcResult asAdmin(String method, String path, String body, MediaType type) {
        try {
            var builder = request(HttpMethod.valueOf(method), path).header("Authorization", bearer(adminToken()));
            if (body != null) {
                builder.contentType(type).content(body);
            }
            MvcResult result = mvc.perform(builder).andReturn();
            assertThat(result.getResponse().getStatus()).as(method + " " + path + ": "
                    + result.getResponse().getContentAsString()).isLessThan(300);
            return result;
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String adminJson(String method, String path, String body) {
        try {
            return asAdmin(method, path, body, MediaType.APPLICATION_JSON).getResponse().getContentAsString();
        }
        catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private long id(String json) {
        return ((Number) JsonPath.read(json, "$.id")).longValue();
    }

    // --- fixtures -----------------------------------------------------------------------------------------------

    private static final String WEBHOOK = "{\"url\": \"http://127.0.0.1:9/matrix\", \"events\": [\"*\"], "
            + "\"enabled\": false}";

    private long freshWebhook() {
        return id(adminJson("POST", "/api/v1/webhooks", WEBHOOK));
    }

    private long freshToken() {
        return id(adminJson("POST", "/api/v1/service-tokens", "{\"name\": \"gone-" + next() + "\", \"roles\": [\"developer\"]}"));
    }

    private long freshIteration() {
        return id(adminJson("POST", "/api/v1/iterations",
                "{\"name\": \"Short-lived\", \"starts_on\": \"2026-11-16\", \"ends_on\": \"2026-11-29\"}"));
    }

    private long freshWorkItem() {
        return id(adminJson("POST", "/api/v1/iterations/" + iteration + "/work-items", "{\"title\": \"Short-lived\"}"));
    }

    private String freshBranch(boolean production) {
        String name = (production ? "prod-" : "dev-") + next();
        adminJson("POST", dbPath() + "/branches", "{\"name\": \"" + name + "\"}");
        if (production) {
            asAdmin("POST", branchPath(name) + "/promote", null, null);
        }
        return name;
    }

    private long freshPassword(String branch) {
        return id(adminJson("POST", branchPath(branch) + "/passwords", "{\"name\": \"gone" + next() + "\", \"role\": \"reader\"}"));
    }

    private long backUp(String database) {
        return id(adminJson("POST", "/api/v1/databases/" + database + "/branches/main/backups?wait=true", "{}"));
    }

    private void setUpFixtures() throws Exception {
        // not the bootstrap token: it created the opener's token, and nobody approves what their own token opened
        tokens.put(Who.ADMIN, tokenWithRoles("admin"));
        tokens.put(Who.PROJECT_MANAGER, tokenWithRoles("project_manager"));
        tokens.put(Who.DEVELOPER, tokenWithRoles("developer"));
        tokens.put(Who.OPERATOR, tokenWithRoles("operator"));
        tokens.put(Who.METRICS, tokenWithRoles("metrics"));
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        db = "rm-" + suffix;
        dataDb = "rm-data-" + suffix;
        environment = "rm-env-" + suffix;
        adminJson("POST", "/api/v1/environments", "{\"name\": \"" + environment + "\", \"tier\": \"testing\"}");
        deployment = id(adminJson("POST", "/api/v1/deployments", "{\"environment\": \"" + environment
                + "\", \"version\": \"1\", \"status\": \"success\"}"));
        adminJson("POST", "/api/v1/databases", "{\"name\": \"" + db + "\", \"required_approvals\": 3, \"allow_data_branching\": false}");
        adminJson("POST", "/api/v1/databases", "{\"name\": \"" + dataDb + "\", \"allow_data_branching\": true}");
        asAdmin("DELETE", branchPath("main") + "/safe-migrations", null, null);
        asAdmin("POST", branchPath("main") + "/sql", "CREATE TABLE parcels (id BIGINT PRIMARY KEY)", MediaType.TEXT_PLAIN);
        asAdmin("POST", branchPath("main") + "/safe-migrations", null, null);
        for (String branch : new String[] {"dev", "toggle", "feature", "feature2"}) {
            adminJson("POST", dbPath() + "/branches", "{\"name\": \"" + branch + "\"}");
        }
        asAdmin("POST", branchPath("feature") + "/sql", "CREATE TABLE f1 (id BIGINT PRIMARY KEY)", MediaType.TEXT_PLAIN);
        asAdmin("POST", branchPath("feature2") + "/sql", "CREATE TABLE f2 (id BIGINT PRIMARY KEY)", MediaType.TEXT_PLAIN);
        for (String branch : new String[] {"feature", "feature2"}) {
            var opened = mvc.perform(request(HttpMethod.POST, dbPath() + "/deploy-requests")
                    .header("Authorization", bearer(tokenWithRoles("developer"))).contentType(MediaType.APPLICATION_JSON)
                    .content("{\"branch\": \"" + branch + "\"}")).andReturn().getResponse();
            assertThat(opened.getStatus()).as(opened.getContentAsString()).isEqualTo(201);
        }
        backup = backUp(db);
        adminJson("POST", branchPath("main") + "/backups/" + backup + "/protect", "{\"value\": true}");
        dataBackup = backUp(dataDb);
        adminJson("PUT", dbPath() + "/backup-policy", POLICY);
        iteration = freshIteration();
        workItem = id(adminJson("POST", "/api/v1/iterations/" + iteration + "/work-items", "{\"title\": \"Matrix item\"}"));
    }

    /** The matrix as it answered, for people: target/role-matrix.md. */
    private static void write(Map<Row, Map<Who, Integer>> answers) throws java.io.IOException {
        StringBuilder out = new StringBuilder("| endpoint | admin | project_manager | developer | operator | metrics | no token |\n")
                .append("|---|---|---|---|---|---|---|\n");
        answers.forEach((row, byWho) -> {
            out.append("| `").append(row.label()).append("` |");
            for (Who who : Who.values()) {
                int status = byWho.getOrDefault(who, 0);
                out.append(' ').append(row.allowed().contains(who) ? "✓ " : "✗ ").append(status).append(" |");
            }
            out.append('\n');
        });
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/role-matrix.md"), out);
    }
}
