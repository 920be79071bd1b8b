package dev.loopline.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.loopline.schema.SchemaSnapshot.Column;
import dev.loopline.schema.SchemaSnapshot.Index;
import dev.loopline.schema.SchemaSnapshot.Table;

/** Changes whose revert window cannot hold every new write are named before the deploy (a warning). */
class RevertLintTests {

    private static final Column ID = new Column("ID", "INTEGER", false, null);

    private static List<LintFinding> lint(Table before, Table after) {
        return SchemaLint.check(new SchemaSnapshot(List.of(before)), new SchemaSnapshot(List.of(after)), Map.of())
                .stream().filter(f -> f.code().equals("revert_may_be_incomplete")).toList();
    }

    @Test
    void namesWideningRelaxedNullsDroppedRequiredColumnsAndDroppedUniqueKeys() {
        Table before = new Table("COUNTERS", List.of(ID, new Column("HITS", "INTEGER", false, null),
                new Column("OWNER", "CHARACTER VARYING(20)", false, null)), List.of("ID"),
                List.of(new Index("COUNTERS_HITS", List.of("HITS"), true, true)), List.of());
        Table after = new Table("COUNTERS", List.of(ID, new Column("HITS", "BIGINT", true, null)), List.of("ID"),
                List.of(), List.of());
        List<LintFinding> findings = lint(before, after);
        assertThat(findings).hasSize(1);
        assertThat(findings.get(0).severity()).isEqualTo(LintFinding.Severity.WARNING);
        assertThat(findings.get(0).message()).contains("HITS changes type from INTEGER to BIGINT")
                .contains("HITS allows NULL").contains("OWNER is dropped but NOT NULL")
                .contains("unique key COUNTERS_HITS is dropped");
    }

    @Test
    void saysNothingWhenEveryNewWriteFitsTheOldTable() {
        Table before = new Table("T", List.of(ID, new Column("NOTE", "CHARACTER VARYING(20)", true, null)), List.of("ID"),
                List.of(), List.of());
        Table after = new Table("T", List.of(ID, new Column("NOTE", "CHARACTER VARYING(20)", true, null),
                new Column("EXTRA", "INTEGER", false, "0")), List.of("ID"), List.of(), List.of());
        assertThat(lint(before, after)).isEmpty();
    }
}
