package dev.loopline.engine.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.loopline.engine.AdminCredential;
import dev.loopline.engine.BranchDatabase;
import dev.loopline.engine.DatabaseEngine.ScriptRights;
import dev.loopline.engine.OnlineMigrator;
import dev.loopline.engine.ShadowPlan;
import dev.loopline.schema.DdlRenderer;
import dev.loopline.schema.SchemaDiff;
import dev.loopline.schema.SchemaSnapshot;
import dev.loopline.support.RowText;

/**
 * Golden round trips, one per kind of schema detail: create on H2 → inspect → render → apply to an empty database →
 * inspect again: equal, and H2's own {@code SCRIPT} of both databases agrees (so nothing the model does not see was
 * lost either). Then the same schemas branched, diffed and changed online with rows in them.
 */
class SchemaRoundTripTests extends H2EngineTest {

    private static final AtomicInteger NAMES = new AtomicInteger();

    /** Quoted identifiers: a keyword, a keyword as column, mixed case with a space, lower case kept. */
    static final String QUOTED_NAMES = """
            CREATE TABLE "order" ("id" BIGINT PRIMARY KEY, "select" VARCHAR(20) NOT NULL, "Mixed Case" INT DEFAULT 7,
                                  ID INT, "key" VARCHAR(5));
            CREATE INDEX "order_select" ON "order" ("select", "Mixed Case");
            CREATE TABLE "line" ("id" BIGINT PRIMARY KEY, "order id" BIGINT,
                                 CONSTRAINT "line→order" FOREIGN KEY ("order id") REFERENCES "order" ("id"));
            ALTER TABLE "line" ADD CONSTRAINT "uq line" UNIQUE ("order id", "id");
            """;

    /** Every data type with its parameters. */
    static final String ALL_TYPES = """
            CREATE TABLE ALL_TYPES (ID BIGINT PRIMARY KEY, SIZE ENUM('small','large') DEFAULT 'small',
                NUMS INTEGER ARRAY, FOUR INTEGER ARRAY[4], WORDS VARCHAR(5) ARRAY[3], GRID INTEGER ARRAY ARRAY,
                VB VARBINARY(16), BV BINARY VARYING(16), B4 BINARY(4), TSZ TIMESTAMP(9) WITH TIME ZONE,
                TS0 TIMESTAMP(0), T6 TIME(6), TTZ TIME WITH TIME ZONE, J JSON, U UUID, DS INTERVAL DAY TO SECOND,
                Y3 INTERVAL YEAR(3) TO MONTH, S INTERVAL SECOND(4, 3), DF DECFLOAT, DF20 DECFLOAT(20),
                CL CHARACTER LARGE OBJECT, CL100 CLOB(100), BL BINARY LARGE OBJECT, N NUMERIC(10,2), R REAL,
                DP DOUBLE PRECISION, G GEOMETRY, PT GEOMETRY(POINT, 4326), CH CHAR(3), VI VARCHAR_IGNORECASE(7),
                BO BOOLEAN, TI TINYINT, SI SMALLINT, D DATE, RW ROW(A INT, B VARCHAR(3)));
            """;

    static final String INDEX_ORDERING = """
            CREATE TABLE LOGS (ID BIGINT PRIMARY KEY, AT TIMESTAMP, LVL INT, MSG VARCHAR(100));
            CREATE INDEX LOGS_AT ON LOGS (AT DESC, LVL);
            CREATE INDEX LOGS_LVL ON LOGS (LVL NULLS LAST, AT DESC NULLS FIRST);
            CREATE UNIQUE INDEX LOGS_MSG ON LOGS (MSG DESC);
            """;

    record Built(BranchDatabase database, AdminCredential admin, SchemaSnapshot schema) {
    }

    static Built build(String ddl) {
        BranchDatabase database = new BranchDatabase("roundtrip", "db" + NAMES.incrementAndGet());
        AdminCredential admin = engine.createDatabase(database);
        var result = engine.runScript(database, admin, ddl, ScriptRights.SCHEMA_OWNER, 1);
        assertThat(result.error()).as("DDL: %s", ddl).isNull();
        return new Built(database, admin, engine.inspectSchema(database, admin));
    }

    /** H2's own DDL of the database, without generated constraint/index names and row-count notes. */
    static List<String> script(Built built) throws Exception {
        List<String> lines = new ArrayList<>();
        try (Connection connection = engine.connect(built.database(), built.admin());
                Statement statement = connection.createStatement();
                ResultSet script = statement.executeQuery("SCRIPT NODATA NOSETTINGS")) {
            while (script.next()) {
                String sql = script.getString(1).trim();
                if (sql.startsWith("CREATE USER") || sql.startsWith("--")) {
                    continue;
                }
                lines.add(sql.replaceAll("\"(CONSTRAINT|PRIMARY_KEY)_[0-9A-F]+\"", "\"GENERATED\""));
            }
        }
        return lines;
    }

    /**
     * H2 names a check written without a name after a hash of its table's name, taking the first prefix still free.
     * Built again in name order, "Mixed Case"'s primary key took CONSTRAINT_8 first, ORDERS' key then took
     * CONSTRAINT_8B, and the rendered CHECK named CONSTRAINT_8B failed: found by the random schemas (seed 20261160).
     * A generated name is left to H2 when rendering, and two generated names count as the same.
     */
    @Test
    void aCheckWithAGeneratedNameIsBuiltAgainWhateverTheOrderOfTables() throws Exception {
        SchemaSnapshot schema = roundTrip("""
                CREATE TABLE ORDERS (ID INT PRIMARY KEY, QTY INT CHECK (QTY > 0));
                CREATE TABLE "Mixed Case" (ID INT PRIMARY KEY);
                """);
        assertThat(schema.table("ORDERS").orElseThrow().checks()).singleElement()
                .satisfies(check -> assertThat(check.generatedName()).isTrue());
    }

    /**
     * UNIQUE and FOREIGN KEY constraints written without a name get H2's generated names too, from the same hash of
     * the table's name as its primary key and checks: built again in another order, or as a shadow table under
     * another name, they must neither collide nor count as different.
     */
    @Test
    void uniqueAndForeignKeysWithGeneratedNamesAreBuiltAgainAndChangedOnline() throws Exception {
        String ddl = """
                CREATE TABLE ORDERS (ID INT PRIMARY KEY, CODE INT UNIQUE, QTY INT CHECK (QTY > 0));
                CREATE TABLE "Mixed Case" (ID INT PRIMARY KEY, ORDER_ID INT REFERENCES ORDERS (ID) ON DELETE CASCADE,
                    CODE INT UNIQUE, UNIQUE (ORDER_ID, CODE));
                ALTER TABLE ORDERS ADD COLUMN MC INT REFERENCES "Mixed Case" (ID);
                """;
        SchemaSnapshot schema = roundTrip(ddl);
        assertThat(schema.table("ORDERS").orElseThrow().foreignKeys()).singleElement()
                .satisfies(fk -> assertThat(fk.name()).startsWith("CONSTRAINT_"));
        Built db = build(ddl + """
                INSERT INTO ORDERS (ID, CODE, QTY) VALUES (1, 10, 1), (2, 20, 2);
                INSERT INTO "Mixed Case" VALUES (5, 1, 7), (6, 2, 8);
                UPDATE ORDERS SET MC = 5 WHERE ID = 1;
                """);
        changeOnline(db, "ORDERS", "ORDERS", 43);
        changeOnline(db, "Mixed Case", "\"Mixed Case\"", 44);
    }

    static SchemaSnapshot roundTrip(String ddl) throws Exception {
        Built original = build(ddl);
        String rendered = DdlRenderer.render(original.schema());
        Built again = build(rendered);
        assertThat(again.schema()).as("rendered DDL:\n%s", rendered).isEqualTo(original.schema());
        assertThat(script(again)).as("rendered DDL:\n%s", rendered).containsExactlyInAnyOrderElementsOf(script(original));
        return original.schema();
    }

    @Test
    void quotedNamesRoundTripExactly() throws Exception {
        SchemaSnapshot schema = roundTrip(QUOTED_NAMES);
        assertThat(schema.tables()).extracting(SchemaSnapshot.Table::name).containsExactly("line", "order");
        assertThat(schema.table("order").orElseThrow().columns()).extracting(SchemaSnapshot.Column::name)
                .containsExactly("id", "select", "Mixed Case", "ID", "key");
        assertThat(DdlRenderer.render(schema)).contains("CREATE TABLE \"order\"", "\"Mixed Case\" INTEGER DEFAULT 7",
                "\"select\" CHARACTER VARYING(20) NOT NULL", "  ID INTEGER");
    }

    /** Past the ninth value: H2 reports the values' ordinals as text, in which '10' sorts before '2'. */
    @Test
    void anEnumOfTwelveValuesKeepsItsDeclaredOrder() throws Exception {
        SchemaSnapshot schema = roundTrip("CREATE TABLE MONTHS (ID BIGINT PRIMARY KEY, "
                + "M ENUM('jan','feb','mar','apr','may','jun','jul','aug','sep','oct','nov','dec'));");
        assertThat(schema.table("MONTHS").orElseThrow().column("M").orElseThrow().type()).isEqualTo("ENUM('jan', 'feb', "
                + "'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec')");
    }

    @Test
    void everyDataTypeRoundTripsWithItsParameters() throws Exception {
        SchemaSnapshot schema = roundTrip(ALL_TYPES);
        SchemaSnapshot.Table table = schema.table("ALL_TYPES").orElseThrow();
        assertThat(table.column("SIZE").orElseThrow().type()).isEqualTo("ENUM('small', 'large')");
        assertThat(table.column("NUMS").orElseThrow().type()).isEqualTo("INTEGER ARRAY");
        assertThat(table.column("FOUR").orElseThrow().type()).isEqualTo("INTEGER ARRAY[4]");
        assertThat(table.column("GRID").orElseThrow().type()).isEqualTo("INTEGER ARRAY ARRAY");
        assertThat(table.column("VB").orElseThrow().type()).isEqualTo("BINARY VARYING(16)");
        assertThat(table.column("TSZ").orElseThrow().type()).isEqualTo("TIMESTAMP(9) WITH TIME ZONE");
        assertThat(table.column("DS").orElseThrow().type()).isEqualTo("INTERVAL DAY TO SECOND");
        assertThat(table.column("S").orElseThrow().type()).isEqualTo("INTERVAL SECOND(4, 3)");
        assertThat(table.column("DF20").orElseThrow().type()).isEqualTo("DECFLOAT(20)");
        assertThat(table.column("PT").orElseThrow().type()).isEqualTo("GEOMETRY(POINT, 4326)");
        assertThat(table.column("RW").orElseThrow().type()).isEqualTo("ROW(A INTEGER, B CHARACTER VARYING(3))");
    }

    /** FLOAT(p) and DECIMAL are kept as declared (H2 reports them as REAL / DOUBLE PRECISION and NUMERIC). */
    @Test
    void declaredFloatAndDecimalTypesRoundTrip() throws Exception {
        SchemaSnapshot schema = roundTrip("""
                CREATE TABLE MEASURES (F10 FLOAT(10), F FLOAT, F30 FLOAT(30), R REAL, D DOUBLE PRECISION,
                    DEC DECIMAL(5, 2), NUM NUMERIC(5, 2), FA FLOAT(5) ARRAY, FR ROW(X DECIMAL(3, 1)));
                """);
        SchemaSnapshot.Table table = schema.table("MEASURES").orElseThrow();
        assertThat(table.columns()).extracting(SchemaSnapshot.Column::type).containsExactly("FLOAT(10)", "FLOAT",
                "FLOAT(30)", "REAL", "DOUBLE PRECISION", "DECIMAL(5, 2)", "NUMERIC(5, 2)", "FLOAT(5) ARRAY",
                "ROW(X DECIMAL(3, 1))");
    }

    /** Each ON DELETE action comes back as written; RESTRICT is not H2's default (NO ACTION is). */
    @Test
    void foreignKeyActionsRoundTrip() throws Exception {
        SchemaSnapshot schema = roundTrip("""
                CREATE TABLE PARENT (ID INT PRIMARY KEY);
                CREATE TABLE CHILD (ID INT PRIMARY KEY, A INT, B INT, C INT, D INT, E INT, F INT,
                    CONSTRAINT FK_A FOREIGN KEY (A) REFERENCES PARENT (ID),
                    CONSTRAINT FK_B FOREIGN KEY (B) REFERENCES PARENT (ID) ON DELETE RESTRICT,
                    CONSTRAINT FK_C FOREIGN KEY (C) REFERENCES PARENT (ID) ON DELETE CASCADE,
                    CONSTRAINT FK_D FOREIGN KEY (D) REFERENCES PARENT (ID) ON DELETE SET NULL,
                    CONSTRAINT FK_E FOREIGN KEY (E) REFERENCES PARENT (ID) ON DELETE SET DEFAULT,
                    CONSTRAINT FK_F FOREIGN KEY (F) REFERENCES PARENT (ID) ON DELETE NO ACTION);
                """);
        assertThat(schema.table("CHILD").orElseThrow().foreignKeys()).extracting(SchemaSnapshot.ForeignKey::onDelete)
                .containsExactly("NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT", "NO ACTION");
    }

    @Test
    void indexOrderingRoundTrips() throws Exception {
        SchemaSnapshot schema = roundTrip(INDEX_ORDERING);
        assertThat(DdlRenderer.render(schema)).contains("CREATE INDEX LOGS_AT ON LOGS (AT DESC, LVL);",
                "CREATE INDEX LOGS_LVL ON LOGS (LVL NULLS LAST, AT DESC NULLS FIRST);",
                "CREATE UNIQUE INDEX LOGS_MSG ON LOGS (MSG DESC);");
    }

    /** A diff from each schema to itself plus one column and one index, applied, gives exactly the second. */
    @Test
    void diffsOfEveryKindApplyExactly() {
        for (String ddl : List.of(QUOTED_NAMES, ALL_TYPES, INDEX_ORDERING)) {
            String table = ddl.contains("\"order\"") ? "\"order\"" : ddl.contains("ALL_TYPES") ? "ALL_TYPES" : "LOGS";
            String change = ddl + "ALTER TABLE " + table + " ADD COLUMN \"new Col\" ENUM('x','y') ARRAY[2];\n"
                    + "CREATE INDEX \"ix new\" ON " + table + " (\"new Col\" DESC NULLS FIRST);\n";
            Built before = build(ddl);
            SchemaSnapshot after = build(change).schema();
            SchemaDiff diff = SchemaDiff.between(before.schema(), after);
            assertThat(diff.tables()).hasSize(1);
            var applied = engine.runScript(before.database(), before.admin(), String.join("\n", diff.statements()),
                    ScriptRights.SCHEMA_OWNER, 1);
            assertThat(applied.error()).as("DDL: %s", diff.statements()).isNull();
            assertThat(engine.inspectSchema(before.database(), before.admin())).isEqualTo(after);
        }
    }

    /** Columns a branch added first or between others keep their place when the diff is applied as plain ALTERs. */
    @Test
    void columnsAddedBetweenOthersKeepTheirPlace() {
        String ddl = "CREATE TABLE \"order\" (ID INT PRIMARY KEY, B INT, C INT);\n";
        Built before = build(ddl);
        SchemaSnapshot after = build(ddl + "ALTER TABLE \"order\" ADD COLUMN \"first\" INT FIRST;\n"
                + "ALTER TABLE \"order\" ADD COLUMN X INT AFTER B;\nALTER TABLE \"order\" ADD COLUMN Y INT AFTER X;\n"
                + "ALTER TABLE \"order\" ADD COLUMN Z INT;\nALTER TABLE \"order\" DROP COLUMN C;\n").schema();
        SchemaDiff diff = SchemaDiff.between(before.schema(), after);
        var applied = engine.runScript(before.database(), before.admin(), String.join("\n", diff.statements()),
                ScriptRights.SCHEMA_OWNER, 1);
        assertThat(applied.error()).as("DDL: %s", diff.statements()).isNull();
        assertThat(engine.inspectSchema(before.database(), before.admin()).table("order").orElseThrow().columns())
                .extracting(SchemaSnapshot.Column::name).containsExactly("first", "ID", "B", "X", "Y", "Z");
        assertThat(engine.inspectSchema(before.database(), before.admin())).isEqualTo(after);
    }

    @Test
    void branchesKeepExactNamesTypesAndOrdering() {
        Built production = build(QUOTED_NAMES + ALL_TYPES + INDEX_ORDERING);
        BranchDatabase branch = new BranchDatabase("roundtrip", "branch" + NAMES.incrementAndGet());
        AdminCredential branchAdmin = engine.createDatabase(branch);
        engine.copySchema(production.database(), production.admin(), branch, branchAdmin);
        SchemaSnapshot branched = engine.inspectSchema(branch, branchAdmin);
        assertThat(branched).isEqualTo(production.schema());
        assertThat(SchemaDiff.between(production.schema(), branched).isEmpty()).isTrue();
        assertThat(branched.table("ALL_TYPES").orElseThrow().column("SIZE").orElseThrow().type())
                .isEqualTo("ENUM('small', 'large')");
        assertThat(build(DdlRenderer.render(branched)).schema()).as("the branch's schema rendered as DDL rebuilds it")
                .isEqualTo(branched);
    }

    @Test
    void changesTheOrderTableOnline() throws Exception {
        Built db = build(QUOTED_NAMES + """
                INSERT INTO "order" VALUES (1, 'a', 1, 10, 'k1'), (2, 'b', NULL, 20, NULL), (3, 'c''q', 3, NULL, 'k3');
                """);
        changeOnline(db, "order", "\"order\"", 41);
    }

    @Test
    void changesTheAllTypesTableOnlineWithRows() throws Exception {
        Built db = build(ALL_TYPES + """
                INSERT INTO ALL_TYPES VALUES (1, 'large', ARRAY[1, 2], ARRAY[1, 2, 3, 4], ARRAY['ab', 'cde'],
                    ARRAY[ARRAY[1], ARRAY[2, 3]], X'0102', X'ff', X'01020304', TIMESTAMP WITH TIME ZONE
                    '2024-01-02 03:04:05.123456789+02:00', TIMESTAMP '2024-01-02 03:04:05', TIME '10:11:12.123456',
                    TIME WITH TIME ZONE '10:11:12+01:00', JSON '{"a":[1,2]}', '123e4567-e89b-12d3-a456-426614174000',
                    INTERVAL '1 02:03:04.5' DAY TO SECOND, INTERVAL '12-3' YEAR TO MONTH, INTERVAL '12.345' SECOND,
                    1.5e10, 12345678901234567890, 'long text', 'short', X'0a0b', 12345678.91, 1.25, 2.5,
                    'POINT (1 2)', 'SRID=4326;POINT (3 4)', 'abc', 'MiXeD', TRUE, 7, 300, DATE '2024-02-29',
                    ROW(5, 'xyz'));
                INSERT INTO ALL_TYPES (ID) VALUES (2);
                """);
        changeOnline(db, "ALL_TYPES", "ALL_TYPES", 42);
    }

    /** Adds a column through the online migrator (shadow, triggers, copy, swap) and compares every row. */
    private static void changeOnline(Built db, String table, String sqlName, long migrationId) throws Exception {
        SchemaSnapshot.Table from = db.schema().table(table).orElseThrow();
        Built target = build(DdlRenderer.render(db.schema()) + "\nALTER TABLE " + sqlName
                + " ADD COLUMN \"note Text\" VARCHAR(10) DEFAULT 'n';\nCREATE INDEX \"ix note\" ON " + sqlName
                + " (\"note Text\" DESC);");
        SchemaSnapshot.Table to = target.schema().table(table).orElseThrow();
        List<String> before = rows(db, sqlName, from);
        ShadowPlan plan = new ShadowPlan(migrationId, from, to);
        OnlineMigrator online = engine.online();
        online.prepare(db.database(), db.admin(), plan);
        try (var copier = online.copier(db.database(), db.admin(), plan)) {
            List<String> key = null;
            do {
                key = copier.next(key, 1).lastKey();
            } while (key != null);
        }
        online.cutOver(db.database(), db.admin(), List.of(plan), Duration.ofSeconds(5));
        assertThat(engine.inspectSchema(db.database(), db.admin()).table(table).orElseThrow()).isEqualTo(to);
        assertThat(rows(db, sqlName, from)).isEqualTo(before);
        try (Connection connection = engine.connect(db.database(), db.admin());
                ResultSet notes = connection.createStatement().executeQuery("SELECT COUNT(*) FROM " + sqlName
                        + " WHERE \"note Text\" = 'n'")) {
            notes.next();
            assertThat(notes.getLong(1)).isEqualTo(before.size());
        }
        online.revert(db.database(), db.admin(), List.of(plan), Duration.ofSeconds(5));
        assertThat(engine.inspectSchema(db.database(), db.admin()).table(table).orElseThrow()).isEqualTo(from);
        assertThat(rows(db, sqlName, from)).isEqualTo(before);
        online.finish(db.database(), db.admin(), List.of(plan), migrationId, List.of());
    }

    /** Every row of the old columns, as H2 prints each value, in key order. */
    private static List<String> rows(Built db, String sqlName, SchemaSnapshot.Table table) throws Exception {
        String columns = String.join(", ", table.columns().stream().map(c -> MirrorTrigger.quote(c.name())).toList());
        List<String> rows;
        try (Connection connection = engine.connect(db.database(), db.admin())) {
            rows = RowText.of(connection, "SELECT " + columns + " FROM " + sqlName + " ORDER BY 1");
        }
        assertThat(rows).isNotEmpty();
        return rows;
    }
}
