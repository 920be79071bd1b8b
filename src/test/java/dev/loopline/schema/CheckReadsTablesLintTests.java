package dev.loopline.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.loopline.schema.SchemaSnapshot.Check;
import dev.loopline.schema.SchemaSnapshot.Column;
import dev.loopline.schema.SchemaSnapshot.Table;

/**
 * A CHECK with a subquery holds only on writes to its own table (H2 never re-evaluates it when the tables it reads
 * change) and would run production's data through the branch author's query: lint refuses a new or changed one.
 */
class CheckReadsTablesLintTests {

    private static Table items(List<Check> checks) {
        return new Table("ITEMS", List.of(new Column("ID", "INTEGER", false, null), new Column("QTY", "INTEGER", true, null)),
                List.of("ID"), List.of(), List.of(), checks, null);
    }

    private static List<LintFinding> lint(List<Check> before, List<Check> after) {
        return SchemaLint.check(new SchemaSnapshot(List.of(items(before))), new SchemaSnapshot(List.of(items(after))),
                Map.of("ITEMS", 5L));
    }

    @Test
    void refusesANewCheckWithASubquery() {
        Check probe = new Check("PROBE", "\"QTY\" < (SELECT\n    MAX(\"V\")\nFROM \"PUBLIC\".\"LIMITS\")");
        assertThat(lint(List.of(), List.of(probe))).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("check_reads_tables");
            assertThat(f.severity()).isEqualTo(LintFinding.Severity.ERROR);
            assertThat(f.message()).contains("PROBE").contains("ITEMS").contains("foreign key");
        });
        assertThat(lint(List.of(), List.of(new Check("E", "EXISTS(    SELECT\n        1\n    FROM \"PUBLIC\".\"L\")"))))
                .extracting(LintFinding::code).containsExactly("check_reads_tables");
    }

    @Test
    void acceptsPlainConditionsAndKeywordsInsideLiteralsOrNamesAndChecksThatWereThereBefore() {
        Check literal = new Check("LIT", "\"QTY\" <> 'SELECT' AND \"TABLE\" > 0 AND \"exists\" IS NULL");
        assertThat(lint(List.of(), List.of(literal, new Check("POS", "\"QTY\" > 0")))).isEmpty();
        Check old = new Check("OLD", "\"QTY\" < (SELECT MAX(\"V\") FROM \"PUBLIC\".\"LIMITS\")");
        assertThat(lint(List.of(old), List.of(old))).as("kept as it was: not this change's doing").isEmpty();
    }
}
