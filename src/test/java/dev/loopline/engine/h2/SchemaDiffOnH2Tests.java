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
}
