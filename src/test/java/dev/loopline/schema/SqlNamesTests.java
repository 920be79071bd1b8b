package dev.loopline.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.loopline.schema.SchemaSnapshot.Column;
import dev.loopline.schema.SchemaSnapshot.Index;
import dev.loopline.schema.SchemaSnapshot.Table;
import tools.jackson.databind.json.JsonMapper;

/** Names are quoted only where needed, and diff, lint and changes speak them as the user wrote them. */
class SqlNamesTests {

    @Test
    void quotesOnlyWhatWouldNotReadBackAsTheSameName() {
        assertThat(SqlNames.quote("ORDERS")).isEqualTo("ORDERS");
        assertThat(SqlNames.quote("ORDER")).isEqualTo("\"ORDER\"");
        assertThat(SqlNames.quote("order")).isEqualTo("\"order\"");
        assertThat(SqlNames.quote("Mixed Case")).isEqualTo("\"Mixed Case\"");
        assertThat(SqlNames.quote("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(SqlNames.quote("1ST")).isEqualTo("\"1ST\"");
    }

    @Test
    void aNameThatLooksLikeSqlIsRenderedAsOneQuotedNameAndLintsLikeAnyOther() {
        String injected = "X INT); CREATE USER EVIL PASSWORD 'e' ADMIN; CREATE TABLE \"Z\" (Q";
        Table before = new Table("T", List.of(new Column("ID", "INTEGER", false, null)), List.of("ID"), List.of(), List.of());
        Table after = new Table("T", List.of(before.columns().get(0), new Column(injected, "INTEGER", true, null)),
                List.of("ID"), List.of(), List.of());
        assertThat(DdlRenderer.createTable(after)).isEqualTo("CREATE TABLE T (\n  ID INTEGER NOT NULL,\n"
                + "  \"X INT); CREATE USER EVIL PASSWORD 'e' ADMIN; CREATE TABLE \"\"Z\"\" (Q\" INTEGER,\n  PRIMARY KEY (ID)\n);");
        assertThat(SchemaLint.check(new SchemaSnapshot(List.of(before)), new SchemaSnapshot(List.of(after)), Map.of("T", 1L)))
                .noneMatch(finding -> finding.severity() == LintFinding.Severity.ERROR);
    }

    @Test
    @SuppressWarnings("unchecked")
    void keywordsAreH2s() throws Exception {
        var field = org.h2.util.ParserUtil.class.getDeclaredField("KEYWORDS");
        field.setAccessible(true);
        assertThat(SqlNames.KEYWORDS).isEqualTo(Set.copyOf(((Map<String, ?>) field.get(null)).keySet()));
    }

    private static Table order(Column... extra) {
        List<Column> columns = new java.util.ArrayList<>(List.of(new Column("id", "BIGINT", false, null),
                new Column("select", "INTEGER", true, null)));
        columns.addAll(List.of(extra));
        return new Table("order", columns, List.of("id"), List.of(), List.of());
    }

    @Test
    void diffChangesAndLintUseTheExactQuotedNames() {
        SchemaSnapshot before = new SchemaSnapshot(List.of(order(new Column("Mixed Case", "INTEGER", true, null))));
        SchemaSnapshot after = new SchemaSnapshot(List.of(new Table("order", List.of(new Column("id", "BIGINT", false, null),
                new Column("select", "INTEGER", true, null), new Column("note", "INTEGER", false, null)), List.of("id"),
                List.of(new Index("by select", List.of("select"), false, false, List.of("DESC"))), List.of())));
        SchemaDiff diff = SchemaDiff.between(before, after);
        assertThat(diff.tables()).singleElement().satisfies(t -> assertThat(t.table()).isEqualTo("order"));
        assertThat(diff.statements()).contains("ALTER TABLE \"order\" DROP COLUMN \"Mixed Case\";",
                "ALTER TABLE \"order\" ADD COLUMN \"note\" INTEGER NOT NULL;",
                "CREATE INDEX \"by select\" ON \"order\" (\"select\" DESC);");
        assertThat(diff.tables().get(0).descriptions()).contains("- column \"Mixed Case\" INTEGER",
                "+ index \"by select\" (\"select\" DESC)");
        assertThat(SchemaChanges.describe(before, after)).contains("- column \"order\".\"Mixed Case\"",
                "+ column \"order\".\"note\" INTEGER");
        List<LintFinding> findings = SchemaLint.check(before, after, Map.of("order", 3L));
        assertThat(findings).anySatisfy(f -> {
            assertThat(f.code()).isEqualTo("not_null_without_default");
            assertThat(f.table()).isEqualTo("order");
            assertThat(f.message()).contains("Column \"note\"", "\"order\" has rows");
        });
        assertThat(findings).anySatisfy(f -> assertThat(f.message()).contains("Dropping \"order\".\"Mixed Case\""));
    }

    @Test
    void tablesThatDifferOnlyInCaseAreTwoTables() {
        SchemaSnapshot upper = new SchemaSnapshot(List.of(new Table("ORDER", order().columns(), List.of("id"), List.of(),
                List.of())));
        SchemaSnapshot both = new SchemaSnapshot(List.of(upper.tables().get(0), order()));
        assertThat(SchemaDiff.between(upper, both).tables()).singleElement()
                .satisfies(t -> assertThat(t.statements().get(0)).startsWith("CREATE TABLE \"order\" ("));
    }

    @Test
    void snapshotsStoredBeforeIndexOrderingStillRead() {
        String old = "{\"tables\":[{\"name\":\"LOGS\",\"columns\":[{\"name\":\"ID\",\"type\":\"BIGINT\",\"nullable\":false,"
                + "\"defaultValue\":null}],\"primaryKey\":[\"ID\"],\"indexes\":[{\"name\":\"IX\",\"columns\":[\"ID\",\"AT\"],"
                + "\"unique\":false,\"constraint\":false}],\"foreignKeys\":[]}]}";
        SchemaSnapshot read = JsonMapper.builder().build().readValue(old, SchemaSnapshot.class);
        assertThat(read.tables().get(0).indexes().get(0)).isEqualTo(new Index("IX", List.of("ID", "AT"), false));
        assertThat(read.tables().get(0).indexes().get(0).ordering()).containsExactly("", "");
    }
}
