package dev.loopline.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.loopline.schema.SchemaSnapshot.Table;

/**
 * Three-way check of a branch's changes against its target: a table the branch changed (relative to the base it was
 * branched from) conflicts when the target changed the same table since the base. Changes to other tables on the
 * target do not conflict.
 */
public final class SchemaConflicts {

    private SchemaConflicts() {
    }

    /** One conflicting table and why, in words a person can act on. */
    public record Conflict(String table, String reason) {
    }

    public static List<Conflict> find(SchemaSnapshot base, SchemaSnapshot branch, SchemaSnapshot target,
            String targetName) {
        List<Conflict> conflicts = new ArrayList<>();
        for (TableChange change : SchemaDiff.between(base, branch).tables()) {
            Optional<Table> inBase = base.exactTable(change.schema(), change.table());
            Optional<Table> inTarget = target.exactTable(change.schema(), change.table());
            if (inBase.equals(inTarget)) {
                continue;
            }
            String shown = change.isPublic() ? SqlNames.quote(change.table()) : change.displayName();
            String table = change.displayName();
            if (inBase.isEmpty()) {
                conflicts.add(new Conflict(table, targetName + " created a table " + shown
                        + " too since this branch was made; rename yours or rebase on " + targetName + "."));
            }
            else if (inTarget.isEmpty()) {
                conflicts.add(new Conflict(table, targetName + " dropped " + shown
                        + " since this branch was made, and this branch changes it."));
            }
            else {
                List<String> theirs = SchemaDiff.between(new SchemaSnapshot(List.of(inBase.get())),
                        new SchemaSnapshot(List.of(inTarget.get()))).tables().stream()
                        .flatMap(t -> t.descriptions().stream()).toList();
                conflicts.add(new Conflict(table, targetName + " changed " + shown
                        + " since this branch was made (" + String.join("; ", theirs) + "), and this branch changes it too."));
            }
        }
        return conflicts;
    }
}
