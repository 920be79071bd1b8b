package dev.loopline.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.loopline.schema.SchemaSnapshot.Column;
import dev.loopline.schema.SchemaSnapshot.Table;

/** A column added with a default that changes with time gives existing rows the copy's value: lint says so. */
class VolatileDefaultLintTests {

    private static final Table EVENTS = new Table("EVENTS", List.of(new Column("ID", "BIGINT", false, null)),
            List.of("ID"), List.of(), List.of());

    private static List<LintFinding> lintAdding(Column column, long rows) {
        Table after = new Table("EVENTS", List.of(EVENTS.columns().get(0), column), List.of("ID"), List.of(), List.of());
        return SchemaLint.check(new SchemaSnapshot(List.of(EVENTS)), new SchemaSnapshot(List.of(after)),
                Map.of("EVENTS", rows));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CURRENT_TIMESTAMP", "LOCALTIMESTAMP", "RANDOM_UUID()", "NEXT VALUE FOR \"PUBLIC\".\"SEQ\"",
            "CURRENT_DATE", "CAST(CURRENT_TIMESTAMP AS DATE)", "now()"})
    void warnsWhenAColumnIsAddedWithAVolatileDefault(String defaultValue) {
        assertThat(lintAdding(new Column("AT", "TIMESTAMP", false, defaultValue), 10))
                .extracting(LintFinding::code, LintFinding::severity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("volatile_default", LintFinding.Severity.WARNING));
        assertThat(lintAdding(new Column("AT", "TIMESTAMP", false, defaultValue), 10).get(0).message())
                .contains("EVENTS").contains(defaultValue).contains("copy");
    }

    @Test
    void saysNothingForConstantDefaultsOrAnEmptyTable() {
        assertThat(lintAdding(new Column("NOTE", "CHARACTER VARYING(40)", false, "'CURRENT_TIMESTAMP'"), 10)).isEmpty();
        assertThat(lintAdding(new Column("N", "INTEGER", false, "0"), 10)).isEmpty();
        assertThat(lintAdding(new Column("AT", "TIMESTAMP", false, "CURRENT_TIMESTAMP"), 0)).isEmpty();
    }
}
