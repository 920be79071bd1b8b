package dev.loopline.deployrequest;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

import dev.loopline.support.AbstractIntegrationTest;

/** Opening, measuring and reviewing deploy requests through the API, on real branch databases. */
class DeployRequestApiTests extends AbstractIntegrationTest {

    private ResultActions post(String path, String token, String body) throws Exception {
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(path)
                .header("Authorization", bearer(token)).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private ResultActions sql(String db, String branch, String script) throws Exception {
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .post("/api/v1/databases/" + db + "/branches/" + branch + "/sql").header("Authorization", bearer(adminToken()))
                .contentType(MediaType.TEXT_PLAIN).content(script)).andExpect(status().isOk());
    }

    /** A database whose main has shipments (with rows) and customers, and a branch "feature" made from it. */
    private String setUp() throws Exception {
        String db = "deploy-" + UUID.randomUUID().toString().substring(0, 6);
        post("/api/v1/databases", adminToken(), "{\"name\": \"" + db + "\"}").andExpect(status().isCreated());
        mvc.perform(delete("/api/v1/databases/" + db + "/branches/main/safe-migrations").header("Authorization", bearer(adminToken())));
        sql(db, "main", """
                CREATE TABLE shipments (id BIGINT PRIMARY KEY, city VARCHAR(40), weight INT);
                CREATE TABLE customers (id BIGINT PRIMARY KEY, email VARCHAR(200));
                CREATE TABLE log_lines (line VARCHAR(200));
                INSERT INTO shipments VALUES (1, 'Oslo', 3), (2, 'Lima', 5);""");
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .post("/api/v1/databases/" + db + "/branches/main/safe-migrations").header("Authorization", bearer(adminToken())));
        post("/api/v1/databases/" + db + "/branches", adminToken(), "{\"name\": \"feature\"}").andExpect(status().isCreated());
        return db;
    }

    @Test
    void opensARequestWithItsDiffAndLint() throws Exception {
        String db = setUp();
        String developer = tokenWithRoles("developer");
        sql(db, "feature", "ALTER TABLE shipments ADD COLUMN eta TIMESTAMP; ALTER TABLE shipments DROP COLUMN weight;"
                + " CREATE TABLE events (id BIGINT PRIMARY KEY, shipment_id BIGINT);");
        post("/api/v1/databases/" + db + "/deploy-requests", developer, "{\"branch\": \"feature\", \"notes\": \"Tracking\"}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.number").value(1))
                .andExpect(jsonPath("$.branch").value("feature"))
                .andExpect(jsonPath("$.into_branch").value("main"))
                .andExpect(jsonPath("$.state").value("open"))
                .andExpect(jsonPath("$.deployment_state").value("ready"))
                .andExpect(jsonPath("$.approved").value(false))
                .andExpect(jsonPath("$.lint_errors", hasSize(0)))
                .andExpect(jsonPath("$.lint_warnings[*].code", hasItem("column_dropped")))
                .andExpect(jsonPath("$.created_by").value(containsString("token:")));
        mvc.perform(get("/api/v1/databases/" + db + "/deploy-requests/1/diff").header("Authorization", bearer(developer)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.tables[0].name").value("EVENTS"))
                .andExpect(jsonPath("$.tables[0].change").value("create"))
                .andExpect(jsonPath("$.tables[1].name").value("SHIPMENTS"))
                .andExpect(jsonPath("$.tables[1].change").value("alter"))
                .andExpect(jsonPath("$.statements", hasItem("ALTER TABLE SHIPMENTS DROP COLUMN WEIGHT;")));
    }

    @Test
    void refusesADeployRequestIntoADevelopmentBranchAndThePageDoesNotOfferOne() throws Exception {
        String db = setUp();
        post("/api/v1/databases/" + db + "/branches", adminToken(), "{\"name\": \"sub\", \"parent_branch\": \"feature\"}")
                .andExpect(status().isCreated());
        sql(db, "sub", "CREATE TABLE extras (id BIGINT PRIMARY KEY)");
        String developer = tokenWithRoles("developer");
        post("/api/v1/databases/" + db + "/deploy-requests", developer, "{\"branch\": \"sub\"}")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("into_branch_not_safe"))
                .andExpect(jsonPath("$.message").value(containsString("safe migrations")));
        post("/api/v1/databases/" + db + "/deploy-requests", developer, "{\"branch\": \"sub\", \"into_branch\": \"feature\"}")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("into_branch_not_safe"));
        mvc.perform(get("/api/v1/databases/" + db + "/deploy-requests").header("Authorization", bearer(developer)))
                .andExpect(jsonPath("$.data", hasSize(0)));
        post("/api/v1/databases/" + db + "/deploy-requests", developer, "{\"branch\": \"sub\", \"into_branch\": \"main\"}")
                .andExpect(status().isCreated()).andExpect(jsonPath("$.into_branch").value("main"));

        var session = mvc.perform(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders
                .formLogin("/login").user("admin").password(dev.loopline.support.IntegrationTest.ADMIN_PASSWORD))
                .andReturn().getRequest().getSession();
        mvc.perform(get("/databases/" + db + "/branches/sub").session((org.springframework.mock.web.MockHttpSession) session))
                .andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content().string(
                        org.hamcrest.Matchers.not(containsString("data-testid=\"open-deploy-request\""))))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content().string(
                        containsString("data-testid=\"no-deploy-target\"")));
        mvc.perform(get("/databases/" + db + "/branches/feature").session((org.springframework.mock.web.MockHttpSession) session))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content().string(
                        containsString("data-testid=\"open-deploy-request\"")));
    }

    @Test
    void oneApprovalPerReviewerEvenWhenTheyApproveTwiceOrInParallel() throws Exception {
        String db = setUp();
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch("/api/v1/databases/" + db)
                .header("Authorization", bearer(adminToken())).contentType(MediaType.APPLICATION_JSON)
                .content("{\"required_approvals\": 2}")).andExpect(status().isOk());
        sql(db, "feature", "CREATE TABLE events (id BIGINT PRIMARY KEY)");
        post("/api/v1/databases/" + db + "/deploy-requests", tokenWithRoles("developer"), "{\"branch\": \"feature\"}")
                .andExpect(status().isCreated());
        String base = "/api/v1/databases/" + db + "/deploy-requests/1";
        String operator = tokenWithRoles("operator");
        String first = post(base + "/reviews", operator, "{\"state\": \"approved\"}").andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        post(base + "/reviews", operator, "{\"state\": \"approved\", \"body\": \"again\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(((Number) com.jayway.jsonpath.JsonPath.read(first, "$.id")).longValue()));
        mvc.perform(get(base).header("Authorization", bearer(operator))).andExpect(jsonPath("$.approved").value(false));
        post(base + "/deploy", operator, "").andExpect(status().isConflict());

        // the same reviewer approving from eight connections at once still leaves one approval
        String racer = tokenWithRoles("operator");
        var client = java.net.http.HttpClient.newHttpClient();
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + base + "/reviews"))
                .header("Authorization", bearer(racer)).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"state\": \"approved\"}")).build();
        var answers = java.util.stream.IntStream.range(0, 8)
                .mapToObj(i -> client.sendAsync(request, java.net.http.HttpResponse.BodyHandlers.ofString())).toList()
                .stream().map(java.util.concurrent.CompletableFuture::join).map(java.net.http.HttpResponse::statusCode).toList();
        org.assertj.core.api.Assertions.assertThat(answers).containsOnly(200, 201).containsOnlyOnce(201);
        String reviews = mvc.perform(get(base + "/reviews").header("Authorization", bearer(operator)))
                .andReturn().getResponse().getContentAsString();
        List<String> approvers = com.jayway.jsonpath.JsonPath.read(reviews, "$.data[?(@.state == 'approved')].reviewer");
        org.assertj.core.api.Assertions.assertThat(approvers).hasSize(2).doesNotHaveDuplicates();
        mvc.perform(get(base).header("Authorization", bearer(operator))).andExpect(jsonPath("$.approved").value(true));
    }

    @Test
    void aPossibleRenameDeploysOnlyAfterItsAuthorConfirmsItIsNotOne() throws Exception {
        String db = setUp();
        sql(db, "feature", "ALTER TABLE shipments DROP COLUMN city; ALTER TABLE shipments ADD COLUMN town VARCHAR(40)");
        String author = tokenWithRoles("developer");
        String operator = tokenWithRoles("operator");
        String base = "/api/v1/databases/" + db + "/deploy-requests/1";
        post("/api/v1/databases/" + db + "/deploy-requests", author, "{\"branch\": \"feature\"}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.lint_warnings[*].code", hasItem("possible_rename")));
        post(base + "/reviews", operator, "{\"state\": \"approved\"}").andExpect(status().isCreated());

        post(base + "/deploy", operator, "").andExpect(status().isConflict())
                .andExpect(jsonPath("$.message").value(containsString("not renames")));
        post(base + "/reviews", operator, "{\"state\": \"not_a_rename\"}").andExpect(status().isForbidden());
        post(base + "/reviews", author, "{\"state\": \"not_a_rename\"}").andExpect(status().isCreated())
                .andExpect(jsonPath("$.state").value("not_a_rename"));

        post(base + "/deploy?wait=true", operator, "").andExpect(status().isOk())
                .andExpect(jsonPath("$.deployment_state").value("complete_pending_revert"));
    }

    @Test
    void lintErrorsForKeylessTablesAndNotNullWithoutDefault() throws Exception {
        String db = setUp();
        sql(db, "feature", "ALTER TABLE log_lines ADD COLUMN at TIMESTAMP;"
                + " ALTER TABLE shipments ADD COLUMN carrier VARCHAR(20) NOT NULL;");
        post("/api/v1/databases/" + db + "/deploy-requests", adminToken(), "{\"branch\": \"feature\"}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.lint_errors[*].code", hasItem("no_primary_key")))
                .andExpect(jsonPath("$.lint_errors[*].code", hasItem("not_null_without_default")));
    }

    @Test
    void reportsAConflictWhenTheTargetChangedTheSameTable() throws Exception {
        String db = setUp();
        sql(db, "feature", "ALTER TABLE shipments ADD COLUMN eta TIMESTAMP; ALTER TABLE customers ADD COLUMN phone VARCHAR(20)");
        mvc.perform(delete("/api/v1/databases/" + db + "/branches/main/safe-migrations").header("Authorization", bearer(adminToken())));
        sql(db, "main", "ALTER TABLE shipments ADD COLUMN carrier VARCHAR(20)");
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .post("/api/v1/databases/" + db + "/branches/main/safe-migrations").header("Authorization", bearer(adminToken())));
        post("/api/v1/databases/" + db + "/deploy-requests", adminToken(), "{\"branch\": \"feature\"}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.conflicts", hasSize(1)))
                .andExpect(jsonPath("$.conflicts[0].table").value("SHIPMENTS"))
                .andExpect(jsonPath("$.conflicts[0].reason").value(containsString("+ column CARRIER")))
                // the branch drops nothing: no warning about the column main added, which the conflict names
                .andExpect(jsonPath("$.lint_warnings[*].code", org.hamcrest.Matchers.not(hasItem("column_dropped"))));
    }

    @Test
    void approvalsNeedOperatorsOtherThanTheOpenerAndAreDismissedWhenTheBranchChanges() throws Exception {
        String db = setUp();
        sql(db, "feature", "ALTER TABLE shipments ADD COLUMN eta TIMESTAMP");
        String developer = tokenWithRoles("developer");
        String operator = tokenWithRoles("operator");
        String opener = tokenWithRoles("developer", "operator");
        post("/api/v1/databases/" + db + "/deploy-requests", opener, "{\"branch\": \"feature\"}").andExpect(status().isCreated());

        post("/api/v1/databases/" + db + "/deploy-requests/1/reviews", opener, "{\"state\": \"approved\"}")
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.code").value("self_approval"));
        post("/api/v1/databases/" + db + "/deploy-requests/1/reviews", developer, "{\"state\": \"approved\"}")
                .andExpect(status().isForbidden());
        post("/api/v1/databases/" + db + "/deploy-requests/1/reviews", developer, "{\"state\": \"commented\", \"body\": \"LGTM\"}")
                .andExpect(status().isCreated()).andExpect(jsonPath("$.state").value("commented"));
        post("/api/v1/databases/" + db + "/deploy-requests/1/reviews", operator, "{\"state\": \"approved\", \"body\": \"ok\"}")
                .andExpect(status().isCreated()).andExpect(jsonPath("$.state").value("approved"));
        mvc.perform(get("/api/v1/databases/" + db + "/deploy-requests/1").header("Authorization", bearer(developer)))
                .andExpect(jsonPath("$.approved").value(true));

        sql(db, "feature", "ALTER TABLE shipments ADD COLUMN carrier VARCHAR(20)");
        mvc.perform(get("/api/v1/databases/" + db + "/deploy-requests/1").header("Authorization", bearer(developer)))
                .andExpect(jsonPath("$.approved").value(false));
        mvc.perform(get("/api/v1/databases/" + db + "/deploy-requests/1/reviews").header("Authorization", bearer(developer)))
                .andExpect(jsonPath("$.data[*].state", hasItem("dismissed")))
                .andExpect(jsonPath("$.data[-1].body").value(containsString("+ column SHIPMENTS.CARRIER")));
    }

    @Test
    void requiresDistinctApproversAsTheDatabaseSays() throws Exception {
        String db = setUp();
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch("/api/v1/databases/" + db)
                .header("Authorization", bearer(adminToken())).contentType(MediaType.APPLICATION_JSON)
                .content("{\"required_approvals\": 2}")).andExpect(status().isOk());
        sql(db, "feature", "ALTER TABLE shipments ADD COLUMN eta TIMESTAMP");
        post("/api/v1/databases/" + db + "/deploy-requests", tokenWithRoles("developer"), "{\"branch\": \"feature\"}");
        String first = tokenWithRoles("operator");
        post("/api/v1/databases/" + db + "/deploy-requests/1/reviews", first, "{\"state\": \"approved\"}");
        post("/api/v1/databases/" + db + "/deploy-requests/1/reviews", first, "{\"state\": \"approved\"}");
        mvc.perform(get("/api/v1/databases/" + db + "/deploy-requests/1").header("Authorization", bearer(first)))
                .andExpect(jsonPath("$.approved").value(false));
        post("/api/v1/databases/" + db + "/deploy-requests/1/reviews", tokenWithRoles("operator"), "{\"state\": \"approved\"}");
        mvc.perform(get("/api/v1/databases/" + db + "/deploy-requests/1").header("Authorization", bearer(first)))
                .andExpect(jsonPath("$.approved").value(true))
                .andExpect(jsonPath("$.approved_by", hasSize(2)));
    }

    @Test
    void aGatedDeployWaitsForApplyAndCancellingItLeavesProductionAsItWas() throws Exception {
        String db = setUp();
        sql(db, "feature", "ALTER TABLE shipments ADD COLUMN eta TIMESTAMP; CREATE TABLE events (id BIGINT PRIMARY KEY)");
        String before = mvc.perform(get("/api/v1/databases/" + db + "/branches/main/schema")
                .header("Authorization", bearer(adminToken()))).andReturn().getResponse().getContentAsString();
        post("/api/v1/databases/" + db + "/deploy-requests", tokenWithRoles("developer"),
                "{\"branch\": \"feature\", \"auto_apply\": false}").andExpect(status().isCreated());
        String operator = tokenWithRoles("operator");
        post("/api/v1/databases/" + db + "/deploy-requests/1/reviews", operator, "{\"state\": \"approved\"}");
        post("/api/v1/databases/" + db + "/deploy-requests/1/deploy?wait=true", operator, "")
                .andExpect(status().isOk()).andExpect(jsonPath("$.deployment_state").value("pending_cutover"));

        post("/api/v1/databases/" + db + "/deploy-requests/1/cancel", operator, "")
                .andExpect(status().isOk()).andExpect(jsonPath("$.deployment_state").value("cancelled"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> mvc.perform(
                get("/api/v1/databases/" + db + "/deploy-requests/1/deployment").header("Authorization", bearer(operator)))
                .andReturn().getResponse().getContentAsString().contains("\"finished_at\":\"20"));
        mvc.perform(get("/api/v1/databases/" + db + "/branches/main/schema").header("Authorization", bearer(adminToken())))
                .andExpect(result -> org.assertj.core.api.Assertions.assertThat(result.getResponse().getContentAsString())
                        .as("cancel leaves production as it was: no new table, no shadow").isEqualTo(before));
    }

    @Test
    void refusesBadRequestsAndClosesRequests() throws Exception {
        String db = setUp();
        post("/api/v1/databases/" + db + "/deploy-requests", adminToken(), "{\"branch\": \"main\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("production_branch"));
        post("/api/v1/databases/" + db + "/deploy-requests", adminToken(), "{\"branch\": \"ghost\"}")
                .andExpect(status().isNotFound());
        post("/api/v1/databases/" + db + "/deploy-requests", adminToken(), "{\"branch\": \"feature\"}")
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.code").value("no_changes"))
                .andExpect(jsonPath("$.message").value(containsString("nothing to deploy")));
        sql(db, "feature", "CREATE TABLE NOTES (ID INT PRIMARY KEY)");
        post("/api/v1/databases/" + db + "/deploy-requests", adminToken(), "{\"branch\": \"feature\"}")
                .andExpect(status().isCreated()).andExpect(jsonPath("$.deployment_state").value("ready"));
        post("/api/v1/databases/" + db + "/deploy-requests", adminToken(), "{\"branch\": \"feature\"}")
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("deploy_request_exists"));
        post("/api/v1/databases/" + db + "/deploy-requests/1/close", adminToken(), "")
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("closed"));
        mvc.perform(get("/api/v1/databases/" + db + "/deploy-requests?state=closed").header("Authorization", bearer(adminToken())))
                .andExpect(jsonPath("$.data", hasSize(1)));
        post("/api/v1/databases/" + db + "/deploy-requests/1/reviews", adminToken(), "{\"state\": \"commented\", \"body\": \"x\"}")
                .andExpect(status().isConflict());
        mvc.perform(get("/api/v1/databases/" + db + "/deploy-requests/99").header("Authorization", bearer(adminToken())))
                .andExpect(status().isNotFound());
    }
}
