package dev.loopline.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.loopline.schema.SchemaSnapshot.Column;
import dev.loopline.schema.SchemaSnapshot.ForeignKey;
import dev.loopline.schema.SchemaSnapshot.Index;
import dev.loopline.schema.SchemaSnapshot.Table;
import dev.loopline.schema.TableChange.Kind;

/** Golden cases for diff, conflicts and lint: pure code, no database. */
class SchemaDiffTests {

    private static Column col(String name, String type) {
        return new Column(name, type, true, null);
    }

    private static Column notNull(String name, String type, String defaultValue) {
        return new Column(name, type, false, defaultValue);
    }

    private static final Table SHIPMENTS = new Table("SHIPMENTS",
            List.of(notNull("ID", "BIGINT", null), col("CITY", "CHARACTER VARYING(40)"), col("WEIGHT", "INTEGER")),
            List.of("ID"), List.of(new Index("IX_CITY", List.of("CITY"), false)), List.of());
    private static final Table CUSTOMERS = new Table("CUSTOMERS",
            List.of(notNull("ID", "BIGINT", null), col("EMAIL", "CHARACTER VARYING(200)")), List.of("ID"), List.of(), List.of());

    private static SchemaSnapshot schema(Table... tables) {
        return new SchemaSnapshot(List.of(tables));
    }

    private static Table withColumns(Table table, List<Column> columns) {
        return new Table(table.name(), columns, table.primaryKey(), table.indexes(), table.foreignKeys());
    }

    private static Table withIndexes(Table table, List<Index> indexes) {
        return new Table(table.name(), table.columns(), table.primaryKey(), indexes, table.foreignKeys());
    }

    @Test
    void noChangesNoDiff() {
        assertThat(SchemaDiff.between(schema(SHIPMENTS), schema(SHIPMENTS)).isEmpty()).isTrue();
    }

    @Test
    void addsAColumn() {
        Table after = withColumns(SHIPMENTS, List.of(SHIPMENTS.columns().get(0), SHIPMENTS.columns().get(1),
                SHIPMENTS.columns().get(2), notNull("ETA", "TIMESTAMP", "CURRENT_TIMESTAMP")));
        SchemaDiff diff = SchemaDiff.between(schema(SHIPMENTS), schema(after));
        assertThat(diff.tables()).singleElement().satisfies(change -> {
            assertThat(change.kind()).isEqualTo(Kind.ALTER);
            assertThat(change.statements()).containsExactly(
                    "ALTER TABLE SHIPMENTS ADD COLUMN ETA TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL;");
            assertThat(change.descriptions()).containsExactly("+ column ETA TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL");
        });
    }

    /** H2 has no ALTER that moves a column: a reordering has no statement, but the change says so. */
    @Test
    void saysWhenColumnsAreReordered() {
        Table after = withColumns(SHIPMENTS, List.of(SHIPMENTS.columns().get(0), SHIPMENTS.columns().get(2),
                col("NOTE", "INTEGER"), SHIPMENTS.columns().get(1)));
        SchemaDiff diff = SchemaDiff.between(schema(SHIPMENTS), schema(after));
        assertThat(diff.tables()).singleElement().satisfies(change -> {
            assertThat(change.statements()).containsExactly("ALTER TABLE SHIPMENTS ADD COLUMN NOTE INTEGER BEFORE CITY;");
            assertThat(change.descriptions()).containsExactly("+ column NOTE INTEGER",
                    "~ column order (ID, CITY, WEIGHT) → (ID, WEIGHT, CITY): no ALTER statement does this; the deploy "
                            + "rebuilds the table in the new order");
        });
    }

    @Test
    void dropsAndModifiesColumns() {
        Table after = withColumns(SHIPMENTS, List.of(SHIPMENTS.columns().get(0),
                notNull("CITY", "CHARACTER VARYING(80)", "'unknown'")));
        SchemaDiff diff = SchemaDiff.between(schema(SHIPMENTS), schema(after));
        assertThat(diff.statements()).containsExactly(
                "ALTER TABLE SHIPMENTS DROP COLUMN WEIGHT;",
                "ALTER TABLE SHIPMENTS ALTER COLUMN CITY SET DATA TYPE CHARACTER VARYING(80);",
                "ALTER TABLE SHIPMENTS ALTER COLUMN CITY SET DEFAULT 'unknown';",
                "ALTER TABLE SHIPMENTS ALTER COLUMN CITY SET NOT NULL;");
    }

    @Test
    void changesIndexes() {
        Table after = withIndexes(SHIPMENTS, List.of(new Index("IX_CITY_WEIGHT", List.of("CITY", "WEIGHT"), false)));
        assertThat(SchemaDiff.between(schema(SHIPMENTS), schema(after)).statements()).containsExactly(
                "DROP INDEX IX_CITY;", "CREATE INDEX IX_CITY_WEIGHT ON SHIPMENTS (CITY, WEIGHT);");
    }

    @Test
    void createsAndDropsTablesInASafeOrder() {
        Table events = new Table("EVENTS", List.of(notNull("ID", "BIGINT", null), col("SHIPMENT_ID", "BIGINT")),
                List.of("ID"), List.of(), List.of(new ForeignKey("FK_EVENTS_SHIPMENT", List.of("SHIPMENT_ID"),
                        "SHIPMENTS", List.of("ID"), "CASCADE")));
        SchemaDiff diff = SchemaDiff.between(schema(CUSTOMERS, SHIPMENTS), schema(SHIPMENTS, events));
        assertThat(diff.tables()).extracting(TableChange::kind).containsExactly(Kind.CREATE, Kind.DROP);
        assertThat(diff.statements().get(0)).startsWith("CREATE TABLE EVENTS (").contains("PRIMARY KEY (ID)");
        assertThat(diff.statements()).contains("ALTER TABLE EVENTS ADD CONSTRAINT FK_EVENTS_SHIPMENT FOREIGN KEY "
                + "(SHIPMENT_ID) REFERENCES SHIPMENTS (ID) ON DELETE CASCADE;");
        assertThat(diff.statements()).last().isEqualTo("DROP TABLE CUSTOMERS;");
    }

    @Test
    void aTargetChangeToTheSameTableConflictsButOtherTablesDoNot() {
        SchemaSnapshot base = schema(CUSTOMERS, SHIPMENTS);
        Table branchShipments = withColumns(SHIPMENTS, List.of(SHIPMENTS.columns().get(0), SHIPMENTS.columns().get(1),
                SHIPMENTS.columns().get(2), col("ETA", "TIMESTAMP")));
        SchemaSnapshot branch = schema(CUSTOMERS, branchShipments);

        Table targetCustomers = withColumns(CUSTOMERS, List.of(CUSTOMERS.columns().get(0), CUSTOMERS.columns().get(1),
                col("PHONE", "CHARACTER VARYING(20)")));
        assertThat(SchemaConflicts.find(base, branch, schema(targetCustomers, SHIPMENTS), "main")).isEmpty();

        Table targetShipments = withColumns(SHIPMENTS, List.of(SHIPMENTS.columns().get(0), SHIPMENTS.columns().get(1)));
        assertThat(SchemaConflicts.find(base, branch, schema(CUSTOMERS, targetShipments), "main"))
                .singleElement().satisfies(conflict -> {
                    assertThat(conflict.table()).isEqualTo("SHIPMENTS");
                    assertThat(conflict.reason()).contains("main changed SHIPMENTS").contains("- column WEIGHT");
                });
    }

    @Test
    void bothSidesCreatingTheSameTableConflicts() {
        Table mine = new Table("AUDIT", List.of(notNull("ID", "BIGINT", null)), List.of("ID"), List.of(), List.of());
        Table theirs = new Table("AUDIT", List.of(notNull("ID", "INTEGER", null)), List.of("ID"), List.of(), List.of());
        assertThat(SchemaConflicts.find(schema(), schema(mine), schema(theirs), "main"))
                .singleElement().satisfies(c -> assertThat(c.reason()).contains("created a table AUDIT too"));
    }

    @Test
    void lintsATableWithoutAPrimaryKey() {
        Table keyless = new Table("LOG", List.of(col("LINE", "CHARACTER VARYING(200)")), List.of(), List.of(), List.of());
        Table changed = withColumns(keyless, List.of(col("LINE", "CHARACTER VARYING(200)"), col("AT", "TIMESTAMP")));
        assertThat(SchemaLint.check(schema(keyless), schema(changed), Map.of()))
                .extracting(LintFinding::code, LintFinding::severity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("no_primary_key", LintFinding.Severity.ERROR));
    }

    @Test
    void lintsANotNullColumnWithoutDefaultOnlyWhenTheTableHasRows() {
        Table after = withColumns(SHIPMENTS, List.of(SHIPMENTS.columns().get(0), SHIPMENTS.columns().get(1),
                SHIPMENTS.columns().get(2), notNull("CARRIER", "CHARACTER VARYING(20)", null)));
        assertThat(SchemaLint.check(schema(SHIPMENTS), schema(after), Map.of("SHIPMENTS", 12L)))
                .extracting(LintFinding::code).containsExactly("not_null_without_default");
        assertThat(SchemaLint.check(schema(SHIPMENTS), schema(after), Map.of("SHIPMENTS", 0L))).isEmpty();
    }

    @Test
    void warnsAboutDataLossRenamesAndNarrowing() {
        Table after = withColumns(SHIPMENTS, List.of(SHIPMENTS.columns().get(0), col("TOWN", "CHARACTER VARYING(40)"),
                col("WEIGHT", "SMALLINT")));
        var findings = SchemaLint.check(schema(SHIPMENTS, CUSTOMERS), schema(after), Map.of("SHIPMENTS", 5L));
        assertThat(findings).extracting(LintFinding::code)
                .containsExactlyInAnyOrder("column_dropped", "possible_rename", "narrowing_type", "table_dropped");
        assertThat(findings).allMatch(f -> f.severity() == LintFinding.Severity.WARNING);
        assertThat(findings).filteredOn(f -> f.code().equals("possible_rename")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("CITY").contains("TOWN").contains("confirm"));
        assertThat(SchemaLint.isNarrowing("CHARACTER VARYING(40)", "CHARACTER VARYING(20)")).isTrue();
        assertThat(SchemaLint.isNarrowing("NUMERIC(10, 2)", "NUMERIC(12, 2)")).isFalse();
        assertThat(SchemaLint.isNarrowing("NUMERIC(10, 2)", "NUMERIC(10, 1)")).isTrue();
    }

    @Test
    void aDroppedTableAndANewOneWithTheSameColumnsMayBeARename() {
        Table renamed = new Table("PARCELS", SHIPMENTS.columns(), SHIPMENTS.primaryKey(), List.of(), List.of());
        var findings = SchemaLint.check(schema(SHIPMENTS, CUSTOMERS), schema(renamed, CUSTOMERS), Map.of("SHIPMENTS", 5L));
        assertThat(findings).filteredOn(f -> f.code().equals("possible_rename")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("SHIPMENTS").contains("PARCELS").contains("confirm"));
        Table other = new Table("PARCELS", List.of(col("ID", "INTEGER"), col("LABEL", "CHARACTER VARYING(10)")),
                List.of("ID"), List.of(), List.of());
        assertThat(SchemaLint.check(schema(SHIPMENTS, CUSTOMERS), schema(other, CUSTOMERS), Map.of()))
                .extracting(LintFinding::code).doesNotContain("possible_rename");
    }

    @Test
    void warnsAboutDuplicateAndRedundantIndexes() {
        Table after = withIndexes(SHIPMENTS, List.of(new Index("IX_CITY", List.of("CITY"), false),
                new Index("IX_CITY_AGAIN", List.of("CITY"), false),
                new Index("IX_CITY_WEIGHT", List.of("CITY", "WEIGHT"), false),
                new Index("IX_ID", List.of("ID"), false)));
        assertThat(SchemaLint.check(schema(SHIPMENTS), schema(after), Map.of()))
                .extracting(LintFinding::code)
                .contains("duplicate_index", "redundant_index")
                .filteredOn("redundant_index"::equals).hasSize(3);
    }
}
