package dev.loopline.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

/** Tables stored as JSON before the model carried identities, checks, comments and ON UPDATE still read and render. */
class SchemaSnapshotJsonTests {

    private final JsonMapper json = JsonMapper.builder().build();

    private static final String OLD_TABLE = """
            {"name": "ORDERS", "columns": [
               {"name": "ID", "type": "BIGINT", "nullable": false, "defaultValue": "GENERATED ALWAYS AS IDENTITY"},
               {"name": "CUSTOMER_ID", "type": "BIGINT", "nullable": true, "defaultValue": null}],
             "primaryKey": ["ID"], "indexes": [],
             "foreignKeys": [{"name": "FK_CUSTOMER", "columns": ["CUSTOMER_ID"], "referencedTable": "CUSTOMERS",
                              "referencedColumns": ["ID"], "onDelete": "CASCADE"}]}
            """;

    @Test
    void readsTablesStoredBeforeTheDetailsWereModelled() {
        SchemaSnapshot.Table table = json.readValue(OLD_TABLE, SchemaSnapshot.Table.class);
        assertThat(table.checks()).isEmpty();
        assertThat(table.comment()).isNull();
        SchemaSnapshot.Column id = table.column("ID").orElseThrow();
        assertThat(id.defaultValue()).isNull();
        assertThat(id.identity()).isEqualTo(new SchemaSnapshot.Identity("ALWAYS", 1, 1, null, null, false, null, null));
        assertThat(table.foreignKeys().get(0).onUpdate()).isEqualTo("NO ACTION");
        assertThat(DdlRenderer.createTable(table)).contains("ID BIGINT GENERATED ALWAYS AS IDENTITY NOT NULL");
        assertThat(DdlRenderer.addForeignKey("ORDERS", table.foreignKeys().get(0))).endsWith("ON DELETE CASCADE;");
    }

    @Test
    void writesAndReadsEveryDetail() {
        SchemaSnapshot.Table table = new SchemaSnapshot.Table("T", List.of(
                new SchemaSnapshot.Column("ID", "INTEGER", false, null,
                        new SchemaSnapshot.Identity("BY DEFAULT", 5, 2, null, 100L, true, 4L, 9L), null, null, null),
                new SchemaSnapshot.Column("A", "INTEGER", true, "1", null, null, "2", "a's"),
                new SchemaSnapshot.Column("G", "INTEGER", true, null, null, "\"A\" * 2", null, null)),
                List.of("ID"), List.of(), List.of(), List.of(new SchemaSnapshot.Check("C", "\"A\" > 0", "positive")), "tee");
        SchemaSnapshot.Table read = json.readValue(json.writeValueAsString(table), SchemaSnapshot.Table.class);
        assertThat(read).isEqualTo(table);
        assertThat(read.column("ID").orElseThrow().identity().current()).isEqualTo(9L);
    }
}
