package dev.loopline.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.loopline.schema.SchemaSnapshot.Column;
import dev.loopline.schema.SchemaSnapshot.ForeignKey;
import dev.loopline.schema.SchemaSnapshot.Index;
import dev.loopline.schema.SchemaSnapshot.Table;

/**
 * A table other tables reference can be changed online (their foreign keys follow it at cutover), as long as the
 * change keeps a key on the referenced columns; a plain ALTER would refuse to drop it, and so does lint.
 */
class ReferencedKeyLintTests {

    private static final Column ID = new Column("ID", "INTEGER", false, null);
    private static final Column CODE = new Column("CODE", "INTEGER", true, null);
    private static final Table ORDERS = new Table("ORDERS", List.of(ID, new Column("CUSTOMER", "INTEGER", true, null),
            new Column("CUSTOMER_CODE", "INTEGER", true, null)), List.of("ID"), List.of(),
            List.of(new ForeignKey("ORDERS_CUSTOMER", List.of("CUSTOMER"), "CUSTOMERS", List.of("ID"), "CASCADE"),
                    new ForeignKey("ORDERS_CODE", List.of("CUSTOMER_CODE"), "CUSTOMERS", List.of("CODE"), null)));

    private static Table customers(List<String> primaryKey, List<Index> indexes, Column... extra) {
        List<Column> columns = new java.util.ArrayList<>(List.of(ID, CODE));
        columns.addAll(List.of(extra));
        return new Table("CUSTOMERS", columns, primaryKey, indexes, List.of());
    }

    private static final Index CODE_UNIQUE = new Index("CUSTOMERS_CODE", List.of("CODE"), true, true);

    @Test
    void aReferencedTableCanBeChangedWhenItKeepsItsKeys() {
        Table before = customers(List.of("ID"), List.of(CODE_UNIQUE));
        Table after = customers(List.of("ID"), List.of(CODE_UNIQUE), new Column("WEBHOOK_URL", "CHARACTER VARYING(200)", true, null));
        assertThat(SchemaLint.check(new SchemaSnapshot(List.of(before, ORDERS)), new SchemaSnapshot(List.of(after, ORDERS)),
                Map.of())).extracting(LintFinding::code).doesNotContain("referenced_by_foreign_key", "referenced_key_missing")
                .isEmpty();
    }

    @Test
    void droppingAReferencedUniqueKeyIsAnError() {
        Table before = customers(List.of("ID"), List.of(CODE_UNIQUE));
        Table after = customers(List.of("ID"), List.of(new Index("CUSTOMERS_CODE_IX", List.of("CODE"), false)));
        List<LintFinding> findings = SchemaLint.check(new SchemaSnapshot(List.of(before, ORDERS)),
                new SchemaSnapshot(List.of(after, ORDERS)), Map.of());
        assertThat(findings).extracting(LintFinding::code, LintFinding::severity).contains(
                org.assertj.core.groups.Tuple.tuple("referenced_key_missing", LintFinding.Severity.ERROR));
        assertThat(findings.stream().filter(f -> f.code().equals("referenced_key_missing")).findFirst().orElseThrow()
                .message()).contains("ORDERS_CODE").contains("CODE").contains("CUSTOMERS");
    }
}
