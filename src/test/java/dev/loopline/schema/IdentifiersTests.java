package dev.loopline.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.loopline.schema.SchemaSnapshot.Column;
import dev.loopline.schema.SchemaSnapshot.Table;

class IdentifiersTests {

    private static Table table(String name, String... columns) {
        List<Column> cols = new java.util.ArrayList<>(List.of(new Column("ID", "INTEGER", false, null)));
        for (String column : columns) {
            cols.add(new Column(column, "INTEGER", true, null));
        }
        return new Table(name, cols, List.of("ID"), List.of(), List.of());
    }

    @Test
    void aNameThatIsNotAPlainIdentifierBlocksTheDeployWithALintError() {
        SchemaSnapshot target = new SchemaSnapshot(List.of(table("T")));
        String injected = "X INT); CREATE USER EVIL PASSWORD 'e' ADMIN; CREATE TABLE Z (Q";
        SchemaSnapshot result = new SchemaSnapshot(List.of(table("T", injected)));
        List<LintFinding> findings = SchemaLint.check(target, result, Map.of("T", 1L));
        assertThat(findings).anySatisfy(finding -> {
            assertThat(finding.severity()).isEqualTo(LintFinding.Severity.ERROR);
            assertThat(finding.code()).isEqualTo("unsupported_identifier");
            assertThat(finding.message()).contains("\"X INT); CREATE USER");
        });
    }

    @Test
    void plainNamesPass() {
        assertThat(Identifiers.notPlain(table("ORDERS", "CUSTOMER_ID", "note$2", "_x"))).isEmpty();
        assertThat(Identifiers.notPlain(table("order items", "a-b"))).containsExactly("order items", "a-b");
    }
}
