package dev.loopline.engine.h2;

import static org.assertj.core.api.Assertions.assertThat;


import org.junit.jupiter.api.Test;

import dev.loopline.engine.AdminCredential;
import dev.loopline.engine.BranchDatabase;
import dev.loopline.engine.DatabaseEngine.ScriptRights;
import dev.loopline.schema.SchemaDiff;
import dev.loopline.schema.SchemaSnapshot;

/** The DDL a diff renders runs on H2 and turns the old schema into exactly the new one. */
class SchemaDiffOnH2Tests extends H2EngineTest {

    private static SchemaSnapshot build(String name, String ddl) {
        BranchDatabase database = new BranchDatabase("diff", name);
        AdminCredential admin = engine.createDatabase(database);
        assertThat(engine.runScript(database, admin, ddl, ScriptRights.SCHEMA_OWNER, 1).error()).isNull();
        return engine.inspectSchema(database, admin);
    }

    @Test
    void appliesEveryKindOfChange() {
        String before = """
                CREATE TABLE customers (id BIGINT PRIMARY KEY, email VARCHAR(200) NOT NULL, legacy INT);
                CREATE TABLE shipments (id BIGINT PRIMARY KEY, customer_id BIGINT, city VARCHAR(40), weight INT);
                CREATE INDEX ix_city ON shipments (city);
                CREATE TABLE obsolete (id INT PRIMARY KEY);
                """;
        String after = """
                CREATE TABLE customers (id BIGINT PRIMARY KEY, email VARCHAR(300) DEFAULT 'none' NOT NULL);
                CREATE TABLE shipments (id BIGINT PRIMARY KEY, customer_id BIGINT, city VARCHAR(40), weight INT,
                                        eta TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
                                        CONSTRAINT fk_ship_customer FOREIGN KEY (customer_id) REFERENCES customers (id));
                CREATE INDEX ix_city_weight ON shipments (city, weight);
                CREATE TABLE events (id BIGINT PRIMARY KEY, shipment_id BIGINT NOT NULL,
                                     CONSTRAINT fk_event_shipment FOREIGN KEY (shipment_id) REFERENCES shipments (id) ON DELETE CASCADE);
                CREATE UNIQUE INDEX ux_events ON events (shipment_id, id);
                """;
        SchemaSnapshot from = build("before", before);
        SchemaSnapshot to = build("after", after);
        SchemaDiff diff = SchemaDiff.between(from, to);

        BranchDatabase target = new BranchDatabase("diff", "target");
        AdminCredential admin = engine.createDatabase(target);
        engine.runScript(target, admin, before, ScriptRights.SCHEMA_OWNER, 1);
        var applied = engine.runScript(target, admin, String.join("\n", diff.statements()), ScriptRights.SCHEMA_OWNER, 1);
        assertThat(applied.error()).as("DDL: %s", diff.statements()).isNull();
        assertThat(engine.inspectSchema(target, admin)).isEqualTo(to);
    }

    /** Turns {@code before} into {@code after} on a fresh database through the diff and checks the result. */
    private static void appliesExactly(String name, String before, String after) {
        SchemaSnapshot to = build(name + "-after", after);
        BranchDatabase target = new BranchDatabase("diff", name);
        AdminCredential admin = engine.createDatabase(target);
        assertThat(engine.runScript(target, admin, before, ScriptRights.SCHEMA_OWNER, 1).error()).isNull();
        SchemaDiff diff = SchemaDiff.between(engine.inspectSchema(target, admin), to);
        var applied = engine.runScript(target, admin, String.join("\n", diff.statements()), ScriptRights.SCHEMA_OWNER, 1);
        assertThat(applied.error()).as("DDL: %s", diff.statements()).isNull();
        assertThat(engine.inspectSchema(target, admin)).isEqualTo(to);
    }

    /** H2 lets a UNIQUE constraint on the primary key's columns share its index, and then refuses DROP PRIMARY KEY. */
    @Test
    void changesAPrimaryKeyWhoseColumnsAlsoHaveAUniqueConstraint() {
        appliesExactly("pk-unique", """
                CREATE TABLE "Value" (id INT NOT NULL, code INT NOT NULL, PRIMARY KEY (id), CONSTRAINT "uq id" UNIQUE (id));
                """, """
                CREATE TABLE "Value" (id INT NOT NULL, code INT NOT NULL, PRIMARY KEY (code), CONSTRAINT "uq id" UNIQUE (id));
                """);
        appliesExactly("pk-unique-dropped", """
                CREATE TABLE t (id INT NOT NULL, PRIMARY KEY (id), CONSTRAINT uq_id UNIQUE (id));
                """, """
                CREATE TABLE t (id INT NOT NULL, CONSTRAINT uq_id UNIQUE (id));
                """);
    }

    /** Tables come in the order their foreign keys need, whatever their names. */
    @Test
    void ordersTablesByTheirForeignKeys() {
        appliesExactly("fk-drop-before-key", """
                CREATE TABLE a_parent (id INT PRIMARY KEY, code INT NOT NULL);
                CREATE TABLE b_child (id INT PRIMARY KEY, parent_id INT REFERENCES a_parent (id));
                """, """
                CREATE TABLE a_parent (id INT NOT NULL, code INT NOT NULL);
                CREATE TABLE b_child (id INT PRIMARY KEY, parent_id INT);
                """);
        appliesExactly("fk-after-new-key", """
                CREATE TABLE a_child (id INT PRIMARY KEY, parent_code INT);
                CREATE TABLE b_parent (id INT NOT NULL, code INT NOT NULL);
                """, """
                CREATE TABLE a_child (id INT PRIMARY KEY, parent_code INT);
                CREATE TABLE b_parent (id INT NOT NULL, code INT NOT NULL PRIMARY KEY);
                ALTER TABLE a_child ADD CONSTRAINT fk_code FOREIGN KEY (parent_code) REFERENCES b_parent (code);
                """);
        appliesExactly("created-in-key-order", "CREATE TABLE other (id INT);", """
                CREATE TABLE other (id INT);
                CREATE TABLE a_child (id INT PRIMARY KEY, parent_id INT);
                CREATE TABLE b_parent (id INT PRIMARY KEY);
                ALTER TABLE a_child ADD CONSTRAINT fk_parent FOREIGN KEY (parent_id) REFERENCES b_parent (id);
                """);
        appliesExactly("dropped-in-key-order", """
                CREATE TABLE other (id INT);
                CREATE TABLE a_parent (id INT PRIMARY KEY);
                CREATE TABLE b_child (id INT PRIMARY KEY, parent_id INT REFERENCES a_parent (id));
                """, "CREATE TABLE other (id INT);");
    }

    /** H2 refuses to drop a table's last column: new columns come before old ones go. */
    @Test
    void replacesEveryColumnOfATable() {
        appliesExactly("all-columns", "CREATE TABLE \"order\" (\"Key\" TIME(4) NOT NULL, ID INT);",
                "CREATE TABLE \"order\" (\"id\" TINYINT NOT NULL, \"Mixed Case\" VARCHAR(3));");
    }

    /** A foreign key that stays while the key it uses goes (another key on the same columns takes over) moves with it. */
    @Test
    void keepsForeignKeysWhoseReferencedKeyIsReplaced() {
        appliesExactly("self-reference", """
                CREATE TABLE "order" ("id" TINYINT NOT NULL PRIMARY KEY, parent TINYINT, CONSTRAINT uq_id UNIQUE ("id"));
                ALTER TABLE "order" ADD CONSTRAINT fk_parent FOREIGN KEY (parent) REFERENCES "order" ("id");
                """, """
                CREATE TABLE "order" ("id" TINYINT NOT NULL, parent TINYINT, CONSTRAINT uq_id UNIQUE ("id"));
                ALTER TABLE "order" ADD CONSTRAINT fk_parent FOREIGN KEY (parent) REFERENCES "order" ("id");
                """);
        appliesExactly("other-table", """
                CREATE TABLE b_parent (id INT NOT NULL PRIMARY KEY, code INT NOT NULL, CONSTRAINT uq_code UNIQUE (code));
                CREATE TABLE a_child (id INT PRIMARY KEY, parent_id INT, CONSTRAINT fk_parent FOREIGN KEY (parent_id)
                                      REFERENCES b_parent (id));
                """, """
                CREATE TABLE b_parent (id INT NOT NULL, code INT NOT NULL PRIMARY KEY, CONSTRAINT uq_id UNIQUE (id));
                CREATE TABLE a_child (id INT PRIMARY KEY, parent_id INT, CONSTRAINT fk_parent FOREIGN KEY (parent_id)
                                      REFERENCES b_parent (id));
                """);
    }

    /**
     * Found by {@code RandomSchemaRoundTripTests} (a seed drawing ranges at their bounds more often): the child table
     * drops a foreign key on the parent's unique constraint and re-adds another one to the parent, so each table's
     * change needs the other first; the parent's change now drops the foreign key that goes with its key.
     */
    @Test
    void dropsAUniqueConstraintWhoseForeignKeyGoesWhileTheSameTableChangesAnotherForeignKey() {
        appliesExactly("fk-cycle", """
                CREATE TABLE a_parent (id INT NOT NULL PRIMARY KEY, code INT NOT NULL, CONSTRAINT uq_code UNIQUE (code));
                CREATE TABLE b_child (parent_id INT, parent_code INT,
                    CONSTRAINT fk_id FOREIGN KEY (parent_id) REFERENCES a_parent (id) ON DELETE CASCADE,
                    CONSTRAINT fk_code FOREIGN KEY (parent_code) REFERENCES a_parent (code));
                """, """
                CREATE TABLE a_parent (id INT NOT NULL PRIMARY KEY, code INT NOT NULL);
                CREATE TABLE b_child (parent_id INT, parent_code INT,
                    CONSTRAINT fk_id FOREIGN KEY (parent_id) REFERENCES a_parent (id));
                """);
    }
}
