package dev.loopline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.loopline.engine.DataCheck.Finding;
import dev.loopline.engine.DataCheck.Kind;
import dev.loopline.engine.DatabaseEngine.ScriptRights;
import dev.loopline.schema.SchemaSnapshot;

/**
 * The data check part of the engine contract ({@link DatabaseEngine#checkData}): the engine tells, before anything is
 * copied, which rows a planned table change cannot take. Every engine implementation runs it.
 */
public abstract class DataCheckContract {

    private static final DataCheck.Limits ENOUGH = new DataCheck.Limits(1_000_000, Duration.ofSeconds(10));

    /** The engine under test, started against a real server. */
    protected abstract DatabaseEngine engine();

    private record Db(DatabaseEngine engine, BranchDatabase database, AdminCredential admin) {
        SchemaSnapshot.Table table(String name) {
            return engine.inspectSchema(database, admin).table(name).orElseThrow();
        }
    }

    private Db database(String ddl) {
        BranchDatabase database = new BranchDatabase("check", "b-" + java.util.UUID.randomUUID().toString().substring(0, 8));
        AdminCredential admin = engine().createDatabase(database);
        assertThat(engine().runScript(database, admin, ddl, ScriptRights.SCHEMA_OWNER, 1).error()).isNull();
        return new Db(engine(), database, admin);
    }

    /** The planned definition of {@code table}, as a branch that ran {@code change} on the same start would have it. */
    private SchemaSnapshot.Table planned(String start, String change, String table) {
        Db branch = database(start + "\n" + change);
        return branch.table(table);
    }

    private List<Finding> check(String start, String rows, String change, String table, DataCheck.Limits limits) {
        Db production = database(start + "\n" + rows);
        return engine().checkData(production.database(), production.admin(), List.of(new DataCheck.Change(
                production.table(table), planned(start, change, table))), limits);
    }

    @Test
    void countsDuplicateGroupsUnderANewUniqueIndexAndShowsSome() {
        List<Finding> findings = check("CREATE TABLE customers (id INT PRIMARY KEY, email VARCHAR(100), org INT);",
                "INSERT INTO customers VALUES (1, 'a@x', 1), (2, 'a@x', 1), (3, 'a@x', 2), (4, 'b@x', 1), (5, 'b@x', 1),"
                        + " (6, 'c@x', 1), (7, NULL, 1), (8, NULL, 1);",
                "CREATE UNIQUE INDEX ux_email ON customers (email);", "CUSTOMERS", ENOUGH);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Kind.DUPLICATE_VALUES);
            assertThat(f.columns()).containsExactly("EMAIL");
            assertThat(f.count()).as("groups; NULLs do not collide").isEqualTo(2);
            assertThat(f.examples()).containsExactly("a@x (3 rows)", "b@x (2 rows)");
        });
    }

    @Test
    void aUniqueConstraintOverTwoColumnsCountsCompositeDuplicates() {
        List<Finding> findings = check("CREATE TABLE seats (id INT PRIMARY KEY, row_no INT, seat INT);",
                "INSERT INTO seats VALUES (1, 1, 1), (2, 1, 1), (3, 1, 2);",
                "ALTER TABLE seats ADD CONSTRAINT uq_seat UNIQUE (row_no, seat);", "SEATS", ENOUGH);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Kind.DUPLICATE_VALUES);
            assertThat(f.examples()).containsExactly("(1, 1) (2 rows)");
        });
    }

    @Test
    void countsNullsUnderSetNotNull() {
        List<Finding> findings = check("CREATE TABLE shipments (id INT PRIMARY KEY, city VARCHAR(40));",
                "INSERT INTO shipments VALUES (1, 'Oslo'), (2, NULL), (3, NULL);",
                "ALTER TABLE shipments ALTER COLUMN city SET NOT NULL;", "SHIPMENTS", ENOUGH);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Kind.NULL_VALUES);
            assertThat(f.columns()).containsExactly("CITY");
            assertThat(f.count()).isEqualTo(2);
        });
    }

    @Test
    void findsValuesTooLongForANarrowerLengthAndOutOfRangeForASmallerInteger() {
        String start = "CREATE TABLE items (id INT PRIMARY KEY, code VARCHAR(20), qty INT, price DECIMAL(10, 2));";
        String rows = "INSERT INTO items VALUES (1, 'ABCDEFGH', 5, 12.50), (2, 'ABC', 300, 1234.00), (3, 'XYZXYZ', 7, 3.00);";
        List<Finding> findings = check(start, rows, "ALTER TABLE items ALTER COLUMN code SET DATA TYPE VARCHAR(5);"
                + " ALTER TABLE items ALTER COLUMN qty SET DATA TYPE TINYINT;"
                + " ALTER TABLE items ALTER COLUMN price SET DATA TYPE DECIMAL(5, 2);", "ITEMS", ENOUGH);
        assertThat(findings).extracting(Finding::kind).containsOnly(Kind.VALUES_DO_NOT_FIT);
        assertThat(findings).filteredOn(f -> f.columns().equals(List.of("CODE"))).singleElement().satisfies(f -> {
            assertThat(f.count()).isEqualTo(2);
            assertThat(f.examples()).containsExactlyInAnyOrder("ABCDEFGH", "XYZXYZ");
            assertThat(f.detail()).contains("5");
        });
        assertThat(findings).filteredOn(f -> f.columns().equals(List.of("QTY"))).singleElement().satisfies(f -> {
            assertThat(f.count()).isEqualTo(1);
            assertThat(f.examples()).containsExactly("300");
        });
        assertThat(findings).filteredOn(f -> f.columns().equals(List.of("PRICE"))).singleElement().satisfies(f -> {
            assertThat(f.count()).isEqualTo(1);
            assertThat(f.examples()).containsExactly("1234.00");
        });
    }

    @Test
    void findsTextThatDoesNotConvertToANumberOrADate() {
        String start = "CREATE TABLE readings (id INT PRIMARY KEY, amount VARCHAR(20), taken VARCHAR(30));";
        String rows = "INSERT INTO readings VALUES (1, '42', '2024-01-02'), (2, 'n/a', 'yesterday'), (3, ' 7 ', '2024-02-30'),"
                + " (4, 'lots', '2024-03-01');";
        List<Finding> findings = check(start, rows, "ALTER TABLE readings ALTER COLUMN amount SET DATA TYPE INTEGER;"
                + " ALTER TABLE readings ALTER COLUMN taken SET DATA TYPE DATE;", "READINGS", ENOUGH);
        assertThat(findings).filteredOn(f -> f.columns().equals(List.of("AMOUNT"))).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Kind.VALUES_DO_NOT_FIT);
            assertThat(f.count()).isEqualTo(2);
            assertThat(f.examples()).containsExactlyInAnyOrder("n/a", "lots");
        });
        assertThat(findings).filteredOn(f -> f.columns().equals(List.of("TAKEN"))).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Kind.VALUES_DO_NOT_FIT);
            assertThat(f.count()).as("the rows, or -1 when the engine can only say that some value fails").isIn(-1L, 2L);
            assertThat(String.join(" ", f.examples())).contains("yesterday");
        });
    }

    @Test
    void acceptsAChangeTheDataTakes() {
        assertThat(check("CREATE TABLE items (id INT PRIMARY KEY, code VARCHAR(20), qty INT, city VARCHAR(10), amount VARCHAR(9));",
                "INSERT INTO items VALUES (1, 'AB', 5, 'Oslo', '12'), (2, 'CD', 6, 'Lima', '-3');",
                "ALTER TABLE items ALTER COLUMN code SET DATA TYPE VARCHAR(5); ALTER TABLE items ALTER COLUMN qty SET DATA TYPE TINYINT;"
                        + " ALTER TABLE items ALTER COLUMN city SET NOT NULL; CREATE UNIQUE INDEX ux_code ON items (code);"
                        + " ALTER TABLE items ALTER COLUMN amount SET DATA TYPE BIGINT;", "ITEMS", ENOUGH)).isEmpty();
    }

    @Test
    void findsRowsThatANewForeignKeyWouldOrphan() {
        String start = "CREATE TABLE customers (id INT PRIMARY KEY); CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT);";
        List<Finding> findings = check(start, "INSERT INTO customers VALUES (1), (2);"
                + " INSERT INTO orders VALUES (10, 1), (11, 3), (12, 4), (13, NULL), (14, 2);",
                "ALTER TABLE orders ADD CONSTRAINT fk_customer FOREIGN KEY (customer_id) REFERENCES customers (id);",
                "ORDERS", ENOUGH);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Kind.FOREIGN_KEY_VIOLATIONS);
            assertThat(f.columns()).containsExactly("CUSTOMER_ID");
            assertThat(f.count()).isEqualTo(2);
            assertThat(f.examples()).containsExactlyInAnyOrder("3", "4");
            assertThat(f.detail()).contains("CUSTOMERS");
        });
    }

    @Test
    void findsRowsThatANewCheckViolatesColumnOrTable() {
        String start = "CREATE TABLE items (id INT PRIMARY KEY, qty INT, price INT, CONSTRAINT old_check CHECK (price < 1000));";
        List<Finding> findings = check(start, "INSERT INTO items VALUES (1, 5, 10), (2, 0, 20), (3, -1, 30), (4, NULL, 40),"
                        + " (5, 7, 3), (6, 8, 999);",
                "ALTER TABLE items ADD CHECK (qty > 0);"
                        + " ALTER TABLE items ADD CONSTRAINT \"price over qty\" CHECK (price > qty);", "ITEMS", ENOUGH);
        assertThat(findings).extracting(Finding::kind).containsOnly(Kind.CHECK_VIOLATIONS);
        assertThat(findings).filteredOn(f -> f.detail().contains("\"QTY\" > 0")).singleElement().satisfies(f -> {
            assertThat(f.count()).as("NULL passes a check").isEqualTo(2);
            assertThat(f.columns()).containsExactly("ID");
            assertThat(f.examples()).containsExactlyInAnyOrder("2", "3");
        });
        assertThat(findings).filteredOn(f -> f.detail().startsWith("\"price over qty\"")).singleElement().satisfies(f -> {
            assertThat(f.count()).isEqualTo(1);
            assertThat(f.examples()).containsExactly("5");
        });
    }

    /**
     * A check with a subquery would let the branch's author probe production's other tables through the violation
     * counts and examples: it is not run, and the finding says so (schema lint refuses deploying it).
     */
    @Test
    void doesNotRunANewCheckThatReadsOtherTables() {
        String start = "CREATE TABLE secrets (v VARCHAR(40)); CREATE TABLE items (id INT PRIMARY KEY, qty INT);";
        List<Finding> findings = check(start, "INSERT INTO secrets VALUES ('hunter2'); INSERT INTO items VALUES (1, 5), (2, 6);",
                "ALTER TABLE items ADD CONSTRAINT probe CHECK (qty < 6 OR EXISTS (SELECT 1 FROM secrets WHERE v LIKE 'h%'));",
                "ITEMS", ENOUGH);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Kind.NOT_FULLY_CHECKED);
            assertThat(f.detail()).contains("PROBE").contains("reads other tables");
            assertThat(f.examples()).isEmpty();
        });
    }

    @Test
    void acceptsANewCheckTheRowsSatisfyAndDoesNotRecheckOldOnes() {
        assertThat(check("CREATE TABLE items (id INT PRIMARY KEY, qty INT, CONSTRAINT old_check CHECK (qty < 1000));",
                "INSERT INTO items VALUES (1, 5), (2, NULL);",
                "ALTER TABLE items ADD CONSTRAINT positive CHECK (qty > 0); ALTER TABLE items ADD COLUMN note VARCHAR(5);",
                "ITEMS", ENOUGH)).isEmpty();
    }

    @Test
    void checksANewCheckOnTheFirstRowsOfALargeTableAndSaysSo() {
        List<Finding> findings = check("CREATE TABLE big (id INT PRIMARY KEY, v INT);",
                "INSERT INTO big SELECT X, CASE WHEN X IN (2, 9) THEN -X ELSE X END FROM SYSTEM_RANGE(1, 10);",
                "ALTER TABLE big ADD CONSTRAINT v_positive CHECK (v > 0);", "BIG", new DataCheck.Limits(5, Duration.ofSeconds(10)));
        assertThat(findings).extracting(Finding::kind).containsExactlyInAnyOrder(Kind.NOT_FULLY_CHECKED, Kind.CHECK_VIOLATIONS);
        assertThat(findings).filteredOn(f -> f.kind() == Kind.CHECK_VIOLATIONS).singleElement()
                .satisfies(f -> assertThat(f.examples()).containsExactly("2"));
    }

    @Test
    void quotesNamesThatNeedIt() {
        List<Finding> findings = check("CREATE TABLE \"order\" (id INT PRIMARY KEY, \"select\" VARCHAR(20));",
                "INSERT INTO \"order\" VALUES (1, 'x'), (2, 'x');",
                "CREATE UNIQUE INDEX ux_select ON \"order\" (\"select\");", "order", ENOUGH);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Kind.DUPLICATE_VALUES);
            assertThat(f.table()).isEqualTo("order");
            assertThat(f.columns()).containsExactly("select");
        });
    }

    @Test
    void saysSoWhenATableWasTooLargeToCheckFully() {
        String rows = "INSERT INTO shipments SELECT X, CASE WHEN X > 8 THEN NULL ELSE 'Oslo' END FROM SYSTEM_RANGE(1, 10);";
        String start = "CREATE TABLE shipments (id INT PRIMARY KEY, city VARCHAR(40));";
        String change = "ALTER TABLE shipments ALTER COLUMN city SET NOT NULL;";
        List<Finding> limited = check(start, rows, change, "SHIPMENTS", new DataCheck.Limits(5, Duration.ofSeconds(10)));
        assertThat(limited).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Kind.NOT_FULLY_CHECKED);
            assertThat(f.table()).isEqualTo("SHIPMENTS");
            assertThat(f.detail()).contains("10 rows").contains("first 5");
        });
        assertThat(check(start, rows, change, "SHIPMENTS", ENOUGH)).extracting(Finding::kind)
                .containsExactly(Kind.NULL_VALUES);
    }

    @Test
    void saysSoWhenAScanRanOutOfTime() {
        String start = "CREATE TABLE big (id INT PRIMARY KEY, v VARCHAR(40), w VARCHAR(40));";
        String rows = "INSERT INTO big SELECT X, 'v' || MOD(X, 1000), 'w' || X FROM SYSTEM_RANGE(1, 300000);";
        List<Finding> findings = check(start, rows, "CREATE UNIQUE INDEX ux_vw ON big (v, w);", "BIG",
                new DataCheck.Limits(1_000_000, Duration.ofMillis(1)));
        assertThat(findings).extracting(Finding::kind).containsExactly(Kind.NOT_FULLY_CHECKED);
        assertThat(findings.get(0).detail()).contains("took longer than 1 ms");
    }
}
