package dev.loopline.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.loopline.schema.SchemaSnapshot.Column;
import dev.loopline.schema.SchemaSnapshot.Table;
import dev.loopline.schema.SchemaSnapshot.UnsupportedObject;
import dev.loopline.schema.SchemaSnapshot.UserSchema;
import tools.jackson.databind.json.JsonMapper;

class ObjectLintTests {

    private static Table orders(String... extra) {
        List<Column> columns = new java.util.ArrayList<>(List.of(new Column("ID", "BIGINT", false, null)));
        for (String column : extra) {
            columns.add(new Column(column, "INTEGER", true, null));
        }
        return new Table("ORDERS", columns, List.of("ID"), List.of(), List.of());
    }

    private static final UnsupportedObject TRIGGER = new UnsupportedObject("trigger", "PUBLIC", "AUDIT_ORDERS", "ORDERS",
            "Java class com.example.Audit");

    @Test
    void changingATableWithATriggerTheModelCannotCarryIsAnErrorThatSaysWhatToDo() {
        SchemaSnapshot target = new SchemaSnapshot(List.of(orders()), null, null, null, null, List.of(TRIGGER));
        SchemaSnapshot result = new SchemaSnapshot(List.of(orders("QTY")), null, null, null, null, List.of(TRIGGER));

        List<LintFinding> findings = SchemaLint.check(target, result, Map.of("ORDERS", 10L));

        assertThat(findings).filteredOn(f -> f.code().equals("unsupported_object")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(LintFinding.Severity.ERROR);
            assertThat(f.table()).isEqualTo("ORDERS");
            assertThat(f.message()).contains("The trigger AUDIT_ORDERS (Java class com.example.Audit) belongs to ORDERS",
                    "Drop it on the target first and create it again by hand after the deploy");
        });
        // a change elsewhere is not blocked by it
        Table other = new Table("OTHER", List.of(new Column("ID", "INT", false, null)), List.of("ID"), List.of(), List.of());
        assertThat(SchemaLint.check(target, result.withTables(List.of(orders(), other)), Map.of()))
                .noneMatch(f -> f.code().equals("unsupported_object"));
    }

    @Test
    void aTableOfAnotherSchemaIsDeployedLikeAnyAndABranchOnlyObjectIsAWarning() {
        UserSchema app = new UserSchema("APP", List.of(orders()));
        UserSchema changed = new UserSchema("APP", List.of(orders("QTY")));
        UnsupportedObject constant = new UnsupportedObject("constant", "PUBLIC", "LIMIT_X", null, "value 42");
        SchemaSnapshot target = new SchemaSnapshot(List.of(), null, null, null, List.of(app), null);
        SchemaSnapshot result = new SchemaSnapshot(List.of(), null, null, null, List.of(changed), List.of(constant));

        List<LintFinding> findings = SchemaLint.check(target, result, Map.of());

        assertThat(findings).noneMatch(f -> f.severity() == LintFinding.Severity.ERROR);
        assertThat(findings).filteredOn(f -> f.code().equals("unsupported_object_not_deployed")).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(LintFinding.Severity.WARNING));
    }

    @Test
    void snapshotsStoredBeforeSchemaObjectsReadAsHavingNone() {
        SchemaSnapshot old = JsonMapper.builder().build().readValue("{\"tables\": []}", SchemaSnapshot.class);
        assertThat(old).isEqualTo(SchemaSnapshot.empty());
        assertThat(old.views()).isEmpty();
        assertThat(old.unsupported()).isEmpty();
        assertThat(SchemaDiff.between(old, SchemaSnapshot.empty()).isEmpty()).isTrue();
    }
}
