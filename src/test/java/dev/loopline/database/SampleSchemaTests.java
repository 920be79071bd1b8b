package dev.loopline.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.ResultActions;


import dev.loopline.schema.SchemaDiff;
import dev.loopline.schema.SchemaSnapshot;
import dev.loopline.support.AbstractIntegrationTest;
import dev.loopline.support.IntegrationTest;

/**
 * Real sample databases ({@code src/test/resources/samples}: Chinook, Sakila — sources and licences beside them)
 * loaded with their rows into a production branch through the API, then branched: every branch has exactly
 * production's schema, the branch page lists it, and a diff of the two is empty every time.
 */
class SampleSchemaTests extends AbstractIntegrationTest {
    // Sakila's CHECK constraints, ON UPDATE CURRENT_TIMESTAMP and identity restarts are not in the model yet: the
    // engine catalogue comparison below covers them.

    enum Sample {
        CHINOOK("chinook", List.of("schema.sql", "data-1.sql", "data-2.sql"),
                List.of("Album", "Artist", "Customer", "Employee", "Genre", "Invoice", "InvoiceLine", "MediaType",
                        "Playlist", "PlaylistTrack", "Track"),
                List.of(), "SELECT COUNT(*) FROM \"Track\"", "3503"),
        SAKILA("sakila", List.of("schema.sql", "data-1.sql", "data-2.sql", "constraints.sql"),
                List.of("ACTOR", "ADDRESS", "CATEGORY", "CITY", "COUNTRY", "CUSTOMER", "FILM", "FILM_ACTOR",
                        "FILM_CATEGORY", "FILM_TEXT", "INVENTORY", "LANGUAGE", "PAYMENT", "RENTAL", "STAFF", "STORE"),
                List.of("CUSTOMER_LIST", "FILM_LIST", "SALES_BY_FILM_CATEGORY", "SALES_BY_STORE", "STAFF_LIST"),
                "SELECT COUNT(*) FROM film_actor", "5462");

        final String folder;
        final List<String> scripts;
        final List<String> tables;
        final List<String> views;
        final String countQuery;
        final String count;

        Sample(String folder, List<String> scripts, List<String> tables, List<String> views, String countQuery,
                String count) {
            this.folder = folder;
            this.scripts = scripts;
            this.tables = tables;
            this.views = views;
            this.countQuery = countQuery;
            this.count = count;
        }
    }

    /**
     * What H2 itself holds beyond the model (views, CHECK constraints, ON UPDATE, identity columns and their current
     * values): read through the console on both branches and compared as the API answers it.
     */
    private static final List<String> ENGINE_CATALOGUE = List.of(
            // view columns, not VIEW_DEFINITION: H2 rewrites a view's joins, and a copy of the view lists the same
            // conditions in another order
            "SELECT C.TABLE_NAME, C.COLUMN_NAME, C.DATA_TYPE FROM INFORMATION_SCHEMA.VIEWS V JOIN "
                    + "INFORMATION_SCHEMA.COLUMNS C ON C.TABLE_SCHEMA = V.TABLE_SCHEMA AND C.TABLE_NAME = V.TABLE_NAME "
                    + "WHERE V.TABLE_SCHEMA = 'PUBLIC' ORDER BY 1, C.ORDINAL_POSITION",
            "SELECT CONSTRAINT_NAME, CHECK_CLAUSE FROM INFORMATION_SCHEMA.CHECK_CONSTRAINTS "
                    + "WHERE CONSTRAINT_SCHEMA = 'PUBLIC' ORDER BY 1",
            "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_ON_UPDATE, IS_IDENTITY, IDENTITY_GENERATION, IDENTITY_START, "
                    + "IDENTITY_INCREMENT, IDENTITY_BASE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = 'PUBLIC' "
                    + "AND (COLUMN_ON_UPDATE IS NOT NULL OR IS_IDENTITY = 'YES') ORDER BY 1, 2");

    @Autowired
    BranchService branches;

    private ResultActions sql(String database, String branch, String script) throws Exception {
        return mvc.perform(post("/api/v1/databases/" + database + "/branches/" + branch + "/sql")
                .header("Authorization", bearer(adminToken())).contentType(MediaType.TEXT_PLAIN).content(script));
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = SampleSchemaTests.class.getResourceAsStream("/samples/" + path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Each sample is loaded once for the class (the application context and its data directory are shared). */
    private static final java.util.Map<Sample, String> LOADED = new java.util.EnumMap<>(Sample.class);

    private String loaded(Sample sample) throws Exception {
        String db = LOADED.get(sample);
        if (db == null) {
            db = load(sample);
            LOADED.put(sample, db);
        }
        return db;
    }

    /** A database whose production branch holds the sample with its rows, loaded through the SQL console. */
    private String load(Sample sample) throws Exception {
        String db = sample.folder + "-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        asAdmin(post("/api/v1/databases"), "{\"name\": \"" + db + "\"}").andExpect(status().isCreated());
        asAdmin(delete("/api/v1/databases/" + db + "/branches/main/safe-migrations"), null).andExpect(status().isOk());
        for (String script : sample.scripts) {
            sql(db, "main", resource(sample.folder + "/" + script)).andExpect(status().isOk());
        }
        asAdmin(post("/api/v1/databases/" + db + "/branches/main/safe-migrations"), null).andExpect(status().isOk());
        sql(db, "main", sample.countQuery).andExpect(jsonPath("$.results[0].rows[0][0]").value(sample.count));
        return db;
    }

    @ParameterizedTest
    @EnumSource(Sample.class)
    void branchesOfASampleHaveExactlyProductionsSchemaAndAnEmptyDiff(Sample sample) throws Exception {
        String db = loaded(sample);
        SchemaSnapshot production = (branches.schema(branches.get(db, "main")));
        assertThat(production.tables()).extracting(SchemaSnapshot.Table::name)
                .containsExactlyInAnyOrderElementsOf(sample.tables);
        assertThat(production.views()).extracting(SchemaSnapshot.View::name).containsExactlyElementsOf(sample.views);
        String productionJson = asAdmin(get("/api/v1/databases/" + db + "/branches/main/schema"), null)
                .andReturn().getResponse().getContentAsString();

        for (int i = 1; i <= 3; i++) {
            String branch = "copy-" + i;
            asAdmin(post("/api/v1/databases/" + db + "/branches"), "{\"name\": \"" + branch + "\"}")
                    .andExpect(status().isCreated()).andExpect(jsonPath("$.state").value("ready"));
            SchemaSnapshot copy = (branches.schema(branches.get(db, branch)));
            assertThat(copy).as("branch %s", branch).isEqualTo(production);
            assertThat(SchemaDiff.between(production, copy).statements()).isEmpty();
            assertThat(SchemaDiff.between(copy, production).statements()).isEmpty();
            assertThat((branches.schema(branches.get(db, "main")))).as("production read again")
                    .isEqualTo(production);
            if (sample.views.isEmpty()) {
                assertThat(asAdmin(get("/api/v1/databases/" + db + "/branches/" + branch + "/schema"), null)
                        .andReturn().getResponse().getContentAsString()).isEqualTo(productionJson);
            }
            for (String query : ENGINE_CATALOGUE) {
                assertThat(bodyOf(sql(db, branch, query))).as(query).isEqualTo(bodyOf(sql(db, "main", query)));
            }
        }
        sql(db, "copy-1", sample.countQuery).andExpect(jsonPath("$.results[0].rows[0][0]").value("0"));
    }

    @org.junit.jupiter.api.Test
    void aBranchHasTheSameViewQueriesAsProduction() throws Exception {
        String db = loaded(Sample.SAKILA);
        asAdmin(post("/api/v1/databases/" + db + "/branches"), "{\"name\": \"views\"}").andExpect(status().isCreated());
        SchemaSnapshot production = branches.schema(branches.get(db, "main"));
        assertThat(branches.schema(branches.get(db, "views")).views()).isEqualTo(production.views());
        assertThat(SchemaDiff.between(production, branches.schema(branches.get(db, "views"))).isEmpty()).isTrue();
    }

    /** Comparing views up to H2's shuffling still sees a real change of a query, and only that one. */
    @org.junit.jupiter.api.Test
    void aChangedViewQueryShowsInTheDiff() throws Exception {
        String db = loaded(Sample.SAKILA);
        asAdmin(post("/api/v1/databases/" + db + "/branches"), "{\"name\": \"staff-view\"}").andExpect(status().isCreated());
        sql(db, "staff-view", """
                CREATE OR REPLACE VIEW staff_list AS
                SELECT s.staff_id AS ID, s.first_name||' '||s.last_name AS name, a.address AS address,
                       a.postal_code AS zip_code, a.phone AS phone, city.city AS city, country.country AS country,
                       s.store_id AS SID
                FROM staff s JOIN address a ON s.address_id = a.address_id JOIN city ON a.city_id = city.city_id
                    JOIN country ON city.country_id = country.country_id AND country.country_id > 1;
                """).andExpect(status().isOk());
        SchemaDiff diff = SchemaDiff.between(branches.schema(branches.get(db, "main")),
                branches.schema(branches.get(db, "staff-view")));
        assertThat(diff.objects()).extracting(dev.loopline.schema.ObjectChange::name).containsExactly("STAFF_LIST");
        assertThat(diff.objects().get(0).descriptions()).containsExactly("~ view STAFF_LIST redefined");
    }

    @ParameterizedTest
    @EnumSource(Sample.class)
    void aDeployRequestFromAnUnchangedBranchIsRefusedForHavingNoChanges(Sample sample) throws Exception {
        String db = loaded(sample);
        asAdmin(post("/api/v1/databases/" + db + "/branches"), "{\"name\": \"same\"}").andExpect(status().isCreated());
        for (int i = 0; i < 3; i++) {
            // the diff of the unchanged branch is empty every time: nothing to deploy
            asAdmin(post("/api/v1/databases/" + db + "/deploy-requests"), "{\"branch\": \"same\", \"into_branch\": \"main\"}")
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.code").value("no_changes"));
        }
    }

    @ParameterizedTest
    @EnumSource(Sample.class)
    void theBranchPageListsEveryTable(Sample sample) throws Exception {
        String db = loaded(sample);
        asAdmin(post("/api/v1/databases/" + db + "/branches"), "{\"name\": \"look\"}").andExpect(status().isCreated());
        MockHttpSession session = (MockHttpSession) mvc.perform(formLogin("/login").user("admin")
                .password(IntegrationTest.ADMIN_PASSWORD)).andReturn().getRequest().getSession();
        for (String branch : List.of("main", "look")) {
            String page = mvc.perform(get("/databases/" + db + "/branches/" + branch).session(session))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            assertThat(page).contains(sample.tables.size() + " tables");
            for (String table : sample.tables) {
                assertThat(page).as("table %s on %s", table, branch)
                        .contains("<div class=\"fw-semibold mono\">" + table + "</div>");
            }
            for (String view : sample.views) {
                assertThat(page).as("view %s on %s", view, branch).contains("<span class=\"mono\">" + view + "</span>");
            }
        }
    }
}
