package dev.loopline.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.loopline.schema.SchemaSnapshot.Column;
import dev.loopline.schema.SchemaSnapshot.Domain;
import dev.loopline.schema.SchemaSnapshot.DomainCheck;
import dev.loopline.schema.SchemaSnapshot.Table;

/**
 * check_reads_tables looks at table checks only. A domain's CHECK with a subquery has the same two problems
 * (H2 evaluates it only when a row of a table using the domain is written; it runs the branch author's query over
 * other tables) and is not refused.
 */
class DomainCheckReadsTablesTests {

    @Test
    void refusesANewDomainCheckWithASubquery() {
        Table before = new Table("ITEMS", List.of(new Column("ID", "INTEGER", false, null)), List.of("ID"), List.of(),
                List.of(), List.of(), null);
        Table after = new Table("ITEMS", List.of(new Column("ID", "INTEGER", false, null), new Column("QTY", "\"D\"", true,
                null)), List.of("ID"), List.of(), List.of(), List.of(), null);
        Domain d = new Domain(null, "D", "INTEGER", null, null,
                List.of(new DomainCheck("PROBE", "VALUE < (SELECT MAX(\"V\") FROM \"PUBLIC\".\"LIMITS\")")));
        List<LintFinding> findings = SchemaLint.check(new SchemaSnapshot(List.of(before)),
                new SchemaSnapshot(List.of(after), null, null, List.of(d), null, null), Map.of("ITEMS", 5L));
        assertThat(findings).extracting(LintFinding::code).contains("check_reads_tables");
    }
}
