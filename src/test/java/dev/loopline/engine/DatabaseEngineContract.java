package dev.loopline.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.loopline.engine.DatabaseEngine.ClientUser;
import dev.loopline.engine.DatabaseEngine.ScriptRights;
import dev.loopline.schema.SchemaSnapshot;

/**
 * What every engine must do, tested against a real server over real JDBC connections. Each engine's test extends
 * this class and says how to start its engine; a MySQL/MariaDB engine runs the same tests.
 */
public abstract class DatabaseEngineContract {

    /** The engine under test, started against a real server. */
    protected abstract DatabaseEngine engine();

    protected static final String SHOP_SCHEMA = """
            CREATE TABLE customers (
              id BIGINT NOT NULL PRIMARY KEY,
              email VARCHAR(200) NOT NULL,
              name VARCHAR(80) DEFAULT 'anonymous' NOT NULL,
              credit DECIMAL(12, 2) DEFAULT 0,
              active BOOLEAN DEFAULT TRUE NOT NULL,
              CONSTRAINT uq_customers_email UNIQUE (email)
            );
            CREATE TABLE orders (
              customer_id BIGINT NOT NULL,
              order_no INTEGER NOT NULL,
              placed_at TIMESTAMP NOT NULL,
              note VARCHAR(500),
              PRIMARY KEY (customer_id, order_no),
              CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE
            );
            CREATE INDEX ix_orders_placed ON orders (placed_at, note);
            CREATE UNIQUE INDEX ux_customers_name ON customers (name, id);
            """;

    protected BranchDatabase newDatabase() {
        return new BranchDatabase("contract", "b-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private AdminCredential create(BranchDatabase database) {
        return engine().createDatabase(database);
    }

    private void run(BranchDatabase database, AdminCredential admin, String script) {
        ScriptResult result = engine().runScript(database, admin, script, ScriptRights.SCHEMA_OWNER, 100);
        assertThat(result.error()).as("script error").isNull();
    }

    private Connection connectAs(BranchDatabase database, String user, String password) throws SQLException {
        return DriverManager.getConnection(engine().connectionDetails(database).jdbcUrl(), user, password);
    }

    /**
     * How many sessions of {@code username} the server still holds, including any it keeps for a user that was
     * dropped while they were open. Engines whose server keeps such orphans override this to count them too.
     */
    protected int sessionsLeftOf(BranchDatabase database, AdminCredential admin, String username) {
        return engine().endSessions(database, admin, username);
    }

    private static boolean succeeds(Connection connection, String sql) {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
            return true;
        }
        catch (SQLException e) {
            return false;
        }
    }

    @Test
    void createsADatabaseThatExistsAndDropsItWithItsFiles() {
        BranchDatabase database = newDatabase();
        AdminCredential admin = create(database);
        assertThat(engine().exists(database)).isTrue();
        assertThat(engine().sizeBytes(database)).isPositive();
        assertThat(admin.password()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(admin.username()).isNotEqualToIgnoringCase("sa");

        assertThatThrownBy(() -> engine().createDatabase(database)).isInstanceOf(EngineException.class);
        engine().dropDatabase(database, admin);
        assertThat(engine().exists(database)).isFalse();
    }

    @Test
    void keepsDatabasesIsolated() throws Exception {
        BranchDatabase one = newDatabase();
        BranchDatabase two = newDatabase();
        AdminCredential adminOne = create(one);
        AdminCredential adminTwo = create(two);
        run(one, adminOne, "CREATE TABLE secrets (id INT PRIMARY KEY, v VARCHAR(10)); INSERT INTO secrets VALUES (1, 'one');");

        assertThat(engine().inspectSchema(two, adminTwo).tables()).isEmpty();
        ScriptResult fromTwo = engine().runScript(two, adminTwo, "SELECT * FROM secrets", ScriptRights.SCHEMA_OWNER, 10);
        assertThat(fromTwo.failed()).isTrue();
        assertThatThrownBy(() -> engine().runScript(two, adminOne, "SELECT 1", ScriptRights.SCHEMA_OWNER, 10))
                .as("one branch's admin credential does not open another branch").isInstanceOf(EngineException.class);
    }

    @Test
    void copiesTheSchemaFaithfullyWithoutRowsOrUsers() throws Exception {
        BranchDatabase source = newDatabase();
        AdminCredential sourceAdmin = create(source);
        run(source, sourceAdmin, SHOP_SCHEMA + "INSERT INTO customers (id, email) VALUES (1, 'a@example.com');");
        engine().createUser(source, sourceAdmin, "SOURCE_READER", "reader-pass-1", PasswordRole.READER, true);

        BranchDatabase target = newDatabase();
        AdminCredential targetAdmin = create(target);
        engine().copySchema(source, sourceAdmin, target, targetAdmin);

        SchemaSnapshot original = engine().inspectSchema(source, sourceAdmin);
        SchemaSnapshot copy = engine().inspectSchema(target, targetAdmin);
        assertThat(copy).isEqualTo(original);
        ScriptResult rows = engine().runScript(target, targetAdmin, "SELECT COUNT(*) FROM customers",
                ScriptRights.SCHEMA_OWNER, 10);
        assertThat(rows.results().get(0).rows().get(0).get(0)).isEqualTo("0");
        assertThatThrownBy(() -> connectAs(target, "SOURCE_READER", "reader-pass-1"))
                .as("users stay with their branch").isInstanceOf(SQLException.class);
    }

    @Test
    void inspectsTypesDefaultsKeysIndexesAndForeignKeys() {
        BranchDatabase database = newDatabase();
        AdminCredential admin = create(database);
        run(database, admin, SHOP_SCHEMA);
        SchemaSnapshot schema = engine().inspectSchema(database, admin);

        assertThat(schema.tables()).extracting(SchemaSnapshot.Table::name).containsExactly("CUSTOMERS", "ORDERS");
        SchemaSnapshot.Table customers = schema.table("customers").orElseThrow();
        assertThat(customers.primaryKey()).containsExactly("ID");
        assertThat(customers.column("email").orElseThrow().nullable()).isFalse();
        assertThat(customers.column("email").orElseThrow().type()).contains("200");
        assertThat(customers.column("name").orElseThrow().defaultValue()).contains("anonymous");
        assertThat(customers.column("credit").orElseThrow().type()).contains("12").contains("2");
        assertThat(customers.column("credit").orElseThrow().nullable()).isTrue();
        assertThat(customers.indexes()).anySatisfy(index -> {
            assertThat(index.columns()).containsExactly("EMAIL");
            assertThat(index.unique()).isTrue();
        });
        assertThat(customers.indexes()).anySatisfy(index -> {
            assertThat(index.name()).isEqualTo("UX_CUSTOMERS_NAME");
            assertThat(index.columns()).containsExactly("NAME", "ID");
            assertThat(index.unique()).isTrue();
        });

        SchemaSnapshot.Table orders = schema.table("orders").orElseThrow();
        assertThat(orders.primaryKey()).containsExactly("CUSTOMER_ID", "ORDER_NO");
        assertThat(orders.indexes()).anySatisfy(index -> {
            assertThat(index.name()).isEqualTo("IX_ORDERS_PLACED");
            assertThat(index.columns()).containsExactly("PLACED_AT", "NOTE");
            assertThat(index.unique()).isFalse();
        });
        assertThat(orders.foreignKeys()).singleElement().satisfies(fk -> {
            assertThat(fk.name()).isEqualTo("FK_ORDERS_CUSTOMER");
            assertThat(fk.columns()).containsExactly("CUSTOMER_ID");
            assertThat(fk.referencedTable()).isEqualTo("CUSTOMERS");
            assertThat(fk.referencedColumns()).containsExactly("ID");
            assertThat(fk.onDelete()).isEqualTo("CASCADE");
        });
    }

    @Test
    void givesEachPasswordRoleItsRightsOverTheNetwork() throws Exception {
        BranchDatabase database = newDatabase();
        AdminCredential admin = create(database);
        run(database, admin, "CREATE TABLE items (id INT PRIMARY KEY, v VARCHAR(20)); INSERT INTO items VALUES (1, 'a');");
        engine().createUser(database, admin, "R1", "reader-pass-1", PasswordRole.READER, true);
        engine().createUser(database, admin, "W1", "writer-pass-1", PasswordRole.WRITER, true);
        engine().createUser(database, admin, "RW1", "readwriter-pass-1", PasswordRole.READWRITER, false);
        engine().createUser(database, admin, "A1", "admin-pass-1", PasswordRole.ADMIN, false);
        engine().createUser(database, admin, "A2", "admin-pass-2", PasswordRole.ADMIN, true);

        try (Connection reader = connectAs(database, "R1", "reader-pass-1");
                Connection writer = connectAs(database, "W1", "writer-pass-1");
                Connection readwriter = connectAs(database, "RW1", "readwriter-pass-1");
                Connection safeAdmin = connectAs(database, "A1", "admin-pass-1");
                Connection fullAdmin = connectAs(database, "A2", "admin-pass-2")) {
            assertThat(succeeds(reader, "SELECT * FROM items")).isTrue();
            assertThat(succeeds(reader, "INSERT INTO items VALUES (2, 'r')")).isFalse();
            assertThat(succeeds(writer, "INSERT INTO items VALUES (3, 'w')")).isTrue();
            assertThat(succeeds(readwriter, "INSERT INTO items VALUES (4, 'rw')")).isTrue();
            assertThat(succeeds(readwriter, "SELECT * FROM items")).isTrue();
            assertThat(succeeds(readwriter, "CREATE TABLE rw_table (id INT)")).isFalse();
            assertThat(succeeds(readwriter, "ALTER TABLE items ADD COLUMN extra INT")).isFalse();
            assertThat(succeeds(safeAdmin, "INSERT INTO items VALUES (5, 'a1')")).isTrue();
            assertThat(succeeds(safeAdmin, "CREATE TABLE a1_table (id INT)")).isFalse();
            assertThat(succeeds(safeAdmin, "DROP TABLE items")).isFalse();
            assertThat(succeeds(fullAdmin, "CREATE TABLE a2_table (id INT)")).isTrue();

            engine().applySchemaChangePolicy(database, admin, List.of(new ClientUser("A1", PasswordRole.ADMIN),
                    new ClientUser("A2", PasswordRole.ADMIN)), false);
            assertThat(succeeds(fullAdmin, "CREATE TABLE a2_again (id INT)")).as("safe migrations switched on").isFalse();
            assertThat(succeeds(fullAdmin, "INSERT INTO items VALUES (6, 'a2')")).isTrue();
            engine().applySchemaChangePolicy(database, admin, List.of(new ClientUser("A1", PasswordRole.ADMIN)), true);
            assertThat(succeeds(safeAdmin, "CREATE TABLE a1_now (id INT)")).as("safe migrations switched off").isTrue();
        }
    }

    @Test
    void droppingAUserEndsItsOpenSessionAndRefusesNewOnes() throws Exception {
        BranchDatabase database = newDatabase();
        AdminCredential admin = create(database);
        run(database, admin, "CREATE TABLE items (id INT PRIMARY KEY)");
        engine().createUser(database, admin, "LEAVER", "leaver-pass-1", PasswordRole.READWRITER, true);
        Connection open = connectAs(database, "LEAVER", "leaver-pass-1");
        assertThat(succeeds(open, "SELECT * FROM items")).isTrue();

        engine().dropUser(database, admin, "LEAVER");

        assertThat(succeeds(open, "SELECT * FROM items")).as("the open connection is ended").isFalse();
        open.close();
        assertThatThrownBy(() -> connectAs(database, "LEAVER", "leaver-pass-1")).isInstanceOf(SQLException.class);
    }

    /**
     * Dropping a user leaves no moment in which its password opens a session. One client holds a connection while
     * others reconnect in a loop, as fast as they can, during the drop: with the old order (end the sessions, then
     * drop the user) a connection that opened in between stayed open. Afterwards no session of the user is left
     * and no new one can be opened. Several rounds, since each round is a race.
     */
    @Test
    void droppingAUserWhileClientsReconnectLeavesNoSession() throws Exception {
        BranchDatabase database = newDatabase();
        AdminCredential admin = create(database);
        int reconnecting = 3;
        var clients = java.util.concurrent.Executors.newFixedThreadPool(reconnecting);
        try {
            for (int round = 0; round < 5; round++) {
                String user = "RECONNECT_" + round;
                engine().createUser(database, admin, user, "reconnect-pass-1", PasswordRole.READER, true);
                List<Connection> opened = new java.util.concurrent.CopyOnWriteArrayList<>();
                opened.add(connectAs(database, user, "reconnect-pass-1"));
                var stop = new java.util.concurrent.atomic.AtomicBoolean();
                var loops = new java.util.ArrayList<java.util.concurrent.Future<?>>();
                for (int client = 0; client < reconnecting; client++) {
                    loops.add(clients.submit(() -> {
                        while (!stop.get()) {
                            try {
                                opened.add(connectAs(database, user, "reconnect-pass-1"));
                            }
                            catch (SQLException refused) {
                                return;
                            }
                        }
                    }));
                }
                int before = opened.size();
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                        .until(() -> opened.size() >= before + reconnecting);
                try {
                    engine().dropUser(database, admin, user);
                }
                finally {
                    stop.set(true);
                }
                for (var loop : loops) {
                    loop.get(60, java.util.concurrent.TimeUnit.SECONDS);
                }
                assertThat(opened).as("every connection of %s was ended", user).noneMatch(c -> succeeds(c, "SELECT 1"));
                assertThat(sessionsLeftOf(database, admin, user)).as("sessions of %s left", user).isZero();
                assertThatThrownBy(() -> connectAs(database, user, "reconnect-pass-1")).isInstanceOf(SQLException.class);
                for (Connection connection : opened) {
                    connection.close();
                }
            }
        }
        finally {
            clients.shutdownNow();
        }
    }

    @Test
    void runsScriptsStatementByStatementAndStopsAtTheFirstError() {
        BranchDatabase database = newDatabase();
        AdminCredential admin = create(database);
        ScriptResult result = engine().runScript(database, admin, """
                CREATE TABLE t (id INT PRIMARY KEY, label VARCHAR(20));
                INSERT INTO t VALUES (1, 'one;with;semicolons'), (2, 'two'), (3, 'three');
                -- a comment
                SELECT id, label FROM t ORDER BY id;
                SELEC broken;
                INSERT INTO t VALUES (4, 'never');
                """, ScriptRights.SCHEMA_OWNER, 2);
        assertThat(result.results()).hasSize(3);
        assertThat(result.results().get(1).updateCount()).isEqualTo(3);
        ScriptResult.StatementResult query = result.results().get(2);
        assertThat(query.columns()).containsExactly("ID", "LABEL");
        assertThat(query.rows()).containsExactly(List.of("1", "one;with;semicolons"), List.of("2", "two"));
        assertThat(query.truncated()).isTrue();
        assertThat(result.error().index()).isEqualTo(3);
        assertThat(result.error().statement()).isEqualTo("SELEC broken");
        assertThat(result.error().message()).isNotBlank().doesNotContain("at org.");

        ScriptResult after = engine().runScript(database, admin, "SELECT COUNT(*) FROM t", ScriptRights.DATA_ONLY, 10);
        assertThat(after.results().get(0).rows().get(0).get(0)).isEqualTo("3");
    }

    @Test
    void dataOnlyScriptsCannotChangeTheSchema() {
        BranchDatabase database = newDatabase();
        AdminCredential admin = create(database);
        run(database, admin, "CREATE TABLE t (id INT PRIMARY KEY)");
        ScriptResult write = engine().runScript(database, admin, "INSERT INTO t VALUES (1)", ScriptRights.DATA_ONLY, 10);
        assertThat(write.failed()).isFalse();
        ScriptResult ddl = engine().runScript(database, admin, "ALTER TABLE t ADD COLUMN c INT", ScriptRights.DATA_ONLY, 10);
        assertThat(ddl.failed()).isTrue();
        assertThat(engine().inspectSchema(database, admin).table("t").orElseThrow().columns()).hasSize(1);
    }

    @Test
    void endsSessionsWithoutDroppingTheUser() throws Exception {
        BranchDatabase database = newDatabase();
        AdminCredential admin = create(database);
        engine().createUser(database, admin, "KEEPER", "keeper-pass-1", PasswordRole.READER, true);
        Connection open = connectAs(database, "KEEPER", "keeper-pass-1");
        assertThat(engine().endSessions(database, admin, "KEEPER")).isEqualTo(1);
        assertThat(succeeds(open, "SELECT 1")).isFalse();
        try (Connection again = connectAs(database, "KEEPER", "keeper-pass-1"); ResultSet rs =
                again.createStatement().executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
        }
    }

    private java.nio.file.Path backupOf(BranchDatabase database, AdminCredential admin) throws java.io.IOException {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("contract-", ".backup");
        engine().backup(database, admin, file);
        return file;
    }

    @Test
    void restoresABackupIntoANewDatabaseWithFreshCredentialsAndTheSameContent() throws Exception {
        BranchDatabase source = newDatabase();
        AdminCredential admin = create(source);
        run(source, admin, SHOP_SCHEMA + "INSERT INTO customers (id, email) SELECT X, 'c' || X || '@example.com' "
                + "FROM SYSTEM_RANGE(1, 500); INSERT INTO orders VALUES (7, 1, TIMESTAMP '2026-01-02 10:00:00', 'first');"
                + "CREATE SCHEMA billing; CREATE TABLE billing.invoices (id INT PRIMARY KEY, total DECIMAL(10, 2));"
                + "INSERT INTO billing.invoices VALUES (1, 10.50), (2, 20.00);");
        engine().createUser(source, admin, "APP", "app-pass-1", PasswordRole.READWRITER, true);
        var fingerprint = engine().fingerprint(source, admin);
        assertThat(fingerprint.get("CUSTOMERS").rows()).isEqualTo(500);
        assertThat(fingerprint.get("ORDERS").rows()).isEqualTo(1);
        assertThat(fingerprint.get("BILLING.INVOICES").rows()).as("tables of every user schema").isEqualTo(2);

        run(source, admin, "UPDATE billing.invoices SET total = 10.51 WHERE id = 1");
        assertThat(engine().fingerprint(source, admin).get("BILLING.INVOICES").checksum())
                .as("the checksum sees a changed value outside PUBLIC").isNotEqualTo(fingerprint.get("BILLING.INVOICES").checksum());
        run(source, admin, "UPDATE billing.invoices SET total = 10.50 WHERE id = 1");

        java.nio.file.Path backup = backupOf(source, admin);
        run(source, admin, "UPDATE customers SET name = 'changed after the backup'");
        assertThat(engine().fingerprint(source, admin)).as("the checksum sees a changed value").isNotEqualTo(fingerprint);

        BranchDatabase restored = newDatabase();
        long[] progress = {0};
        AdminCredential fresh = engine().restoreDatabase(restored, backup, admin, read -> progress[0] = read);
        assertThat(progress[0]).isEqualTo(java.nio.file.Files.size(backup));
        try {
            assertThat(fresh.password()).isNotEqualTo(admin.password());
            assertThat(engine().fingerprint(restored, fresh)).isEqualTo(fingerprint);
            assertThat(engine().inspectSchema(restored, fresh)).isEqualTo(engine().inspectSchema(source, admin));
            assertThatThrownBy(() -> connectAs(restored, "APP", "app-pass-1").close())
                    .as("the source's client users do not come along").isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> engine().fingerprint(restored, admin)).as("nor does its admin password")
                    .isInstanceOf(EngineException.class);
        }
        finally {
            engine().dropDatabase(restored, fresh);
            engine().dropDatabase(source, admin);
            java.nio.file.Files.delete(backup);
        }
    }

    @Test
    void aFileThatIsNotABackupDoesNotRestoreAndLeavesNothingBehind() throws Exception {
        java.nio.file.Path junk = java.nio.file.Files.createTempFile("contract-", ".backup");
        byte[] noise = new byte[64 * 1024];
        new java.util.Random(7).nextBytes(noise);
        java.nio.file.Files.write(junk, noise);
        BranchDatabase target = newDatabase();
        assertThatThrownBy(() -> engine().restoreDatabase(target, junk, new AdminCredential("LOOPLINE", "whatever"),
                read -> { })).isInstanceOf(EngineException.class);
        assertThat(engine().exists(target)).isFalse();
        java.nio.file.Files.delete(junk);
    }

    @Test
    void countsClientStatementsButNotItsOwnAndStartsAgainWhenSwitchedOffAndOn() throws Exception {
        BranchDatabase database = newDatabase();
        AdminCredential admin = create(database);
        run(database, admin, SHOP_SCHEMA);
        engine().createUser(database, admin, "STATS_CLIENT", "stats-secret", PasswordRole.READWRITER, false);
        assertThat(engine().queryStatistics(database, admin).enabled()).isFalse();
        engine().setQueryStatistics(database, admin, true, 100);
        try (Connection client = connectAs(database, "STATS_CLIENT", "stats-secret"); Statement statement = client.createStatement()) {
            statement.execute("SELECT email FROM customers WHERE id = 5");
            statement.execute("SELECT email FROM customers WHERE id = 5");
        }
        engine().rowCounts(database, admin, java.util.List.of("CUSTOMERS"));
        engine().explain(database, admin, "SELECT * FROM customers WHERE name = 'x'");
        QueryStatistics first = engine().queryStatistics(database, admin);
        assertThat(first.enabled()).isTrue();
        assertThat(first.entries()).extracting(QueryStatistics.Entry::sql)
                .containsExactly("SELECT email FROM customers WHERE id = 5");
        assertThat(first.entries().get(0).executions()).isEqualTo(2);
        assertThat(engine().queryStatistics(database, admin).epoch()).isEqualTo(first.epoch());

        engine().setQueryStatistics(database, admin, false, 100);
        assertThat(engine().queryStatistics(database, admin).entries()).isEmpty();
        engine().setQueryStatistics(database, admin, true, 100);
        assertThat(engine().queryStatistics(database, admin).epoch()).isNotEqualTo(first.epoch());
    }

    @Test
    void explainsAsANonAdminAndNamesTheTablesReadWhole() {
        BranchDatabase database = newDatabase();
        AdminCredential admin = create(database);
        run(database, admin, SHOP_SCHEMA);
        assertThat(engine().explain(database, admin, "SELECT * FROM customers WHERE credit > 5").fullScans())
                .containsExactly("CUSTOMERS");
        assertThat(engine().explain(database, admin, "SELECT * FROM customers WHERE id = ?").fullScans()).isEmpty();
        assertThatThrownBy(() -> engine().explain(database, admin, "DROP TABLE orders")).isInstanceOf(EngineException.class);
        assertThatThrownBy(() -> engine().explain(database, admin, "SELECT 1; DROP TABLE orders"))
                .isInstanceOf(EngineException.class);
        assertThat(engine().explain(database, admin, "SELECT * FROM customers WHERE email = 'a;b'").text()).contains("'a;b'");
    }
}
