package dev.loopline.deployrequest;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import dev.loopline.support.AbstractIntegrationTest;

/**
 * A change that production's rows cannot take is refused before anyone approves, with counts and examples, and
 * again right before the deploy copies anything; once production's data is fixed, the same change deploys.
 */
class DataLintApiTests extends AbstractIntegrationTest {

    private ResultActions post(String path, String token, String body) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.post(path).header("Authorization", bearer(token))
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private ResultActions sql(String db, String branch, String script) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.post("/api/v1/databases/" + db + "/branches/" + branch + "/sql")
                .header("Authorization", bearer(adminToken())).contentType(MediaType.TEXT_PLAIN).content(script))
                .andExpect(status().isOk()).andExpect(jsonPath("$.error").doesNotExist());
    }

    private String database(String schema, String... branches) throws Exception {
        String db = "data-" + UUID.randomUUID().toString().substring(0, 6);
        post("/api/v1/databases", adminToken(), "{\"name\": \"" + db + "\"}").andExpect(status().isCreated());
        mvc.perform(delete("/api/v1/databases/" + db + "/branches/main/safe-migrations").header("Authorization", bearer(adminToken())));
        sql(db, "main", schema);
        mvc.perform(MockMvcRequestBuilders.post("/api/v1/databases/" + db + "/branches/main/safe-migrations")
                .header("Authorization", bearer(adminToken())));
        for (String branch : branches) {
            post("/api/v1/databases/" + db + "/branches", adminToken(), "{\"name\": \"" + branch + "\"}")
                    .andExpect(status().isCreated());
        }
        return db;
    }

    @Test
    void refusesAChangeProductionsRowsCannotTakeAndDeploysItOnceTheDataIsFixed() throws Exception {
        String db = database("""
                CREATE TABLE customers (id BIGINT PRIMARY KEY, email VARCHAR(200), name VARCHAR(100), code VARCHAR(20),
                                        score VARCHAR(10));
                CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT, total INT);
                INSERT INTO customers VALUES (1, 'ann@example.com', 'Ann', 'AB', '5'),
                    (2, 'ann@example.com', NULL, 'ABCDEFGHIJ', 'n/a'), (3, 'bo@example.com', NULL, 'C', '7');
                INSERT INTO orders VALUES (10, 1, 5), (11, 99, 6), (12, 98, 7);""", "feature");
        sql(db, "feature", """
                CREATE UNIQUE INDEX ux_email ON customers (email);
                ALTER TABLE customers ALTER COLUMN name SET NOT NULL;
                ALTER TABLE customers ALTER COLUMN code SET DATA TYPE VARCHAR(5);
                ALTER TABLE customers ALTER COLUMN score SET DATA TYPE INTEGER;
                ALTER TABLE orders ADD CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id);""");
        String base = "/api/v1/databases/" + db + "/deploy-requests/1";
        post("/api/v1/databases/" + db + "/deploy-requests", tokenWithRoles("developer"), "{\"branch\": \"feature\"}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.lint_errors[?(@.code == 'duplicate_values')].message", hasItem(allOf(
                        containsString("1 group(s)"), containsString("ann@example.com (2 rows)")))))
                .andExpect(jsonPath("$.lint_errors[?(@.code == 'null_values')].message", hasItem(allOf(
                        containsString("CUSTOMERS.NAME"), containsString("2 row(s)")))))
                .andExpect(jsonPath("$.lint_errors[?(@.code == 'values_do_not_fit')].message", hasItem(allOf(
                        containsString("1 value(s) of CUSTOMERS.CODE"), containsString("ABCDEFGHIJ")))))
                .andExpect(jsonPath("$.lint_errors[?(@.code == 'values_do_not_fit')].message", hasItem(allOf(
                        containsString("CUSTOMERS.SCORE"), containsString("n/a")))))
                .andExpect(jsonPath("$.lint_errors[?(@.code == 'foreign_key_violations')].message", hasItem(allOf(
                        containsString("2 row(s)"), containsString("99"), containsString("98")))));
        String operator = tokenWithRoles("operator");
        post(base + "/reviews", operator, "{\"state\": \"approved\"}").andExpect(status().isCreated());
        post(base + "/deploy", operator, "").andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("deploy_not_allowed"))
                .andExpect(jsonPath("$.message").value(allOf(containsString("duplicate values on CUSTOMERS"),
                        containsString("foreign key violations on ORDERS"))));

        sql(db, "main", """
                UPDATE customers SET email = 'cy@example.com', code = 'ABC', score = '8' WHERE id = 2;
                UPDATE customers SET name = 'Someone' WHERE name IS NULL;
                DELETE FROM orders WHERE customer_id > 3;""");
        mvc.perform(get(base).header("Authorization", bearer(operator))).andExpect(status().isOk())
                .andExpect(jsonPath("$.lint_errors", hasSize(0)));
        post(base + "/deploy?wait=true", operator, "").andExpect(status().isOk())
                .andExpect(jsonPath("$.deployment_state").value("complete_pending_revert"));
        mvc.perform(get("/api/v1/databases/" + db + "/branches/main/schema").header("Authorization", bearer(adminToken())))
                .andExpect(status().isOk()).andExpect(result -> org.assertj.core.api.Assertions.assertThat(
                        result.getResponse().getContentAsString()).contains("UX_EMAIL").contains("FK_ORDERS_CUSTOMER"));
    }

    @Test
    void refusesANewCheckProductionsRowsViolateAndDeploysItOnceTheyAreFixed() throws Exception {
        String db = database("""
                CREATE TABLE "order" (id BIGINT PRIMARY KEY, qty INT, price INT);
                INSERT INTO "order" VALUES (1, 2, 10), (2, 0, 20), (3, -4, 30), (4, NULL, 1);""", "feature");
        sql(db, "feature", "ALTER TABLE \"order\" ADD CONSTRAINT \"qty positive\" CHECK (qty > 0);");
        String base = "/api/v1/databases/" + db + "/deploy-requests/1";
        post("/api/v1/databases/" + db + "/deploy-requests", tokenWithRoles("developer"), "{\"branch\": \"feature\"}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.lint_errors[?(@.code == 'check_violations')].message", hasItem(allOf(
                        containsString("\"qty positive\" (\"QTY\" > 0) on \"order\""), containsString("2 row(s)"),
                        containsString("e.g. 2; 3")))));
        String operator = tokenWithRoles("operator");
        post(base + "/reviews", operator, "{\"state\": \"approved\"}").andExpect(status().isCreated());
        post(base + "/deploy", operator, "").andExpect(status().isConflict())
                .andExpect(jsonPath("$.message").value(containsString("check violations on order")));

        sql(db, "main", "UPDATE \"order\" SET qty = 1 WHERE qty <= 0;");
        post(base + "/deploy?wait=true", operator, "").andExpect(status().isOk())
                .andExpect(jsonPath("$.deployment_state").value("complete_pending_revert"));
        mvc.perform(get("/api/v1/databases/" + db + "/branches/main/schema").header("Authorization", bearer(adminToken())))
                .andExpect(jsonPath("$.tables[?(@.name == 'order')].checks[0].name").value("qty positive"));
    }

    @Test
    void warnsThatAColumnAddedWithAVolatileDefaultGivesOldRowsTheCopyTime() throws Exception {
        String db = database("CREATE TABLE shipments (id BIGINT PRIMARY KEY); INSERT INTO shipments VALUES (1);", "feature");
        sql(db, "feature", "ALTER TABLE shipments ADD COLUMN created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL");
        post("/api/v1/databases/" + db + "/deploy-requests", tokenWithRoles("developer"), "{\"branch\": \"feature\"}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.lint_errors", hasSize(0)))
                .andExpect(jsonPath("$.lint_warnings[?(@.code == 'volatile_default')].message", hasItem(allOf(
                        containsString("CREATED_AT"), containsString("CURRENT_TIMESTAMP")))));
    }

    @Test
    void theRunnerChecksTheDataAgainBeforeCopyingAndFailsWithTheReason() throws Exception {
        String db = database("""
                CREATE TABLE shipments (id BIGINT PRIMARY KEY, city VARCHAR(40));
                CREATE TABLE customers (id BIGINT PRIMARY KEY, email VARCHAR(200));
                INSERT INTO shipments VALUES (1, 'Oslo');
                INSERT INTO customers VALUES (1, 'ann@example.com');""", "first", "second");
        sql(db, "first", "ALTER TABLE shipments ADD COLUMN eta TIMESTAMP");
        sql(db, "second", "ALTER TABLE customers ALTER COLUMN email SET NOT NULL");
        String operator = tokenWithRoles("operator");
        String requests = "/api/v1/databases/" + db + "/deploy-requests";
        post(requests, tokenWithRoles("developer"), "{\"branch\": \"first\", \"auto_apply\": false}").andExpect(status().isCreated());
        post(requests, tokenWithRoles("developer"), "{\"branch\": \"second\"}").andExpect(status().isCreated())
                .andExpect(jsonPath("$.lint_errors", hasSize(0)));
        post(requests + "/1/reviews", operator, "{\"state\": \"approved\"}");
        post(requests + "/2/reviews", operator, "{\"state\": \"approved\"}");
        post(requests + "/1/deploy?wait=true", operator, "").andExpect(jsonPath("$.deployment_state").value("pending_cutover"));
        // #2 waits behind #1 on main's queue; meanwhile production gets a row it cannot take
        post(requests + "/2/deploy", operator, "").andExpect(status().isOk())
                .andExpect(jsonPath("$.deployment_state").value("queued"));
        sql(db, "main", "INSERT INTO customers VALUES (2, NULL)");
        post(requests + "/1/cancel", operator, "").andExpect(status().isOk());

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> mvc.perform(get(requests + "/2")
                .header("Authorization", bearer(operator))).andReturn().getResponse().getContentAsString()
                .contains("\"deployment_state\":\"complete_error\""));
        mvc.perform(get(requests + "/2/deployment").header("Authorization", bearer(operator)))
                .andExpect(jsonPath("$.status_message").value(allOf(containsString("null_values"),
                        containsString("nothing was copied"))));
        mvc.perform(get("/api/v1/databases/" + db + "/branches/main/schema").header("Authorization", bearer(adminToken())))
                .andExpect(result -> org.assertj.core.api.Assertions.assertThat(result.getResponse().getContentAsString())
                        .doesNotContain("LL_"));
    }
}
