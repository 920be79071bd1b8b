package dev.loopline.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.loopline.schema.SchemaSnapshot.Sequence;
import dev.loopline.schema.SchemaSnapshot.View;

class SchemaObjectMergeTests {

    private static View view(String name, String query) {
        return new View("PUBLIC", name, List.of("ID"), query);
    }

    private static SchemaSnapshot with(List<View> views, List<Sequence> sequences) {
        return new SchemaSnapshot(List.of(), views, sequences, null, null, null);
    }

    private static Sequence sequence(long increment, long current) {
        return new Sequence("PUBLIC", "TICKETS", "BIGINT", 1, increment, 1, Long.MAX_VALUE, false, 32, current);
    }

    @Test
    void keepsWhatTheTargetAddedAndTakesWhatTheBranchChanged() {
        SchemaSnapshot base = with(List.of(view("KEPT", "SELECT 1"), view("REDEFINED", "SELECT 1"), view("DROPPED", "SELECT 1")),
                List.of(sequence(1, 1)));
        SchemaSnapshot branch = with(List.of(view("KEPT", "SELECT 1"), view("REDEFINED", "SELECT 2"), view("ADDED", "SELECT 3")),
                List.of(sequence(1, 500)));
        SchemaSnapshot target = with(List.of(view("KEPT", "SELECT 1"), view("REDEFINED", "SELECT 1"), view("DROPPED", "SELECT 1"),
                view("TARGETS_OWN", "SELECT 4")), List.of(sequence(1, 90)));

        SchemaSnapshot merged = SchemaObjectMerge.merge(base, branch, target, List.of());

        assertThat(merged.views()).extracting(v -> v.name() + " " + v.query()).containsExactly("ADDED SELECT 3", "KEPT SELECT 1",
                "REDEFINED SELECT 2", "TARGETS_OWN SELECT 4");
        // drawing numbers on the branch is not a change: the target's counter stays
        assertThat(merged.sequences()).containsExactly(sequence(1, 90));
        SchemaSnapshot incremented = with(branch.views(), List.of(sequence(10, 500)));
        assertThat(SchemaObjectMerge.merge(base, incremented, target, List.of()).sequences().get(0).increment()).isEqualTo(10);
    }
}
