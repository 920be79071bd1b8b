package dev.loopline.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.loopline.schema.SchemaSnapshot.UnsupportedObject;
import dev.loopline.schema.TableChange.Kind;

/**
 * Lint rules about schema-level objects: {@code unsupported_object} (error: a changed or dropped table, of any schema,
 * has an object the model cannot carry, such as a trigger, a synonym or a foreign key to a table of another schema,
 * which an online change would lose or leave pointing at the old table), {@code unsupported_object_not_deployed}
 * (warning: the branch has such an object the target lacks; a deploy does not carry it).
 */
final class ObjectLint {

    private ObjectLint() {
    }

    static List<LintFinding> check(SchemaSnapshot target, SchemaSnapshot result) {
        List<LintFinding> findings = new ArrayList<>();
        SchemaDiff diff = SchemaDiff.between(target, result);
        for (TableChange change : diff.tables()) {
            if (change.kind() == Kind.CREATE) {
                continue;
            }
            for (UnsupportedObject object : target.unsupported()) {
                String shown = change.isPublic() ? SqlNames.quote(change.table()) : change.displayName();
                if (change.schema().equals(object.schema()) && (change.table().equals(object.table())
                        || object.kind().endsWith(" table") && change.table().equals(object.name()))) {
                    findings.add(LintFinding.error("unsupported_object", change.displayName(), describe(object)
                            + " belongs to " + shown + ", and Loopline's schema model cannot carry it: changing "
                            + shown + " online would lose it or leave it on the old table. Drop it "
                            + "on the target first and create it again by hand after the deploy, or make this change "
                            + "outside Loopline."));
                }
            }
        }
        for (UnsupportedObject object : result.unsupported()) {
            boolean onTarget = target.unsupported().stream().anyMatch(o -> o.kind().equals(object.kind())
                    && o.schema().equals(object.schema()) && o.name().equals(object.name())
                    && Objects.equals(o.detail(), object.detail()));
            if (!onTarget) {
                findings.add(LintFinding.warning("unsupported_object_not_deployed", object.table() == null ? object.name()
                        : object.table(), describe(object) + " is on the branch but not on the target, and deploy "
                        + "requests do not carry it: create it on the target by hand after the deploy."));
            }
        }
        return findings;
    }

    static String describe(UnsupportedObject object) {
        String what = "The " + object.kind() + " " + SqlNames.qualified(object.schema(), object.name());
        return object.detail() == null ? what : what + " (" + object.detail() + ")";
    }
}
