package dev.loopline.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.loopline.schema.SchemaSnapshot.Sequence;
import dev.loopline.schema.SchemaSnapshot.UserSchema;

/**
 * Three-way merge of the schema-level objects: the target's views, sequences, domains and schemas with what a
 * branch changed since its base (added, redefined or dropped) put in. What the target created or changed meanwhile
 * and the branch did not touch stays. Sequence counters do not count as a change.
 */
public final class SchemaObjectMerge {

    private SchemaObjectMerge() {
    }

    /**
     * @param tables the tables of the result (the caller merges tables)
     * @return the target's objects with the branch's changes since {@code base}; what the model cannot carry is the
     *         branch's (lint compares it with the target's)
     */
    public static SchemaSnapshot merge(SchemaSnapshot base, SchemaSnapshot branch, SchemaSnapshot target,
            List<SchemaSnapshot.Table> tables) {
        return new SchemaSnapshot(tables,
                merge(base.views(), branch.views(), target.views(), v -> v.schema() + '\u0000' + v.name(), v -> v),
                merge(base.sequences(), branch.sequences(), target.sequences(), s -> s.schema() + '\u0000' + s.name(),
                        Sequence::definition),
                merge(base.domains(), branch.domains(), target.domains(), d -> d.schema() + '\u0000' + d.name(), d -> d),
                merge(base.schemas(), branch.schemas(), target.schemas(), UserSchema::name, s -> s),
                branch.unsupported());
    }

    private static <T> List<T> merge(List<T> base, List<T> branch, List<T> target, Function<T, String> key,
            Function<T, Object> meaning) {
        List<T> result = new ArrayList<>(target);
        for (T mine : branch) {
            T before = find(base, key.apply(mine), key);
            if (before == null || !meaning.apply(before).equals(meaning.apply(mine))) {
                result.removeIf(o -> key.apply(o).equals(key.apply(mine)));
                result.add(mine);
            }
        }
        for (T old : base) {
            if (find(branch, key.apply(old), key) == null) {
                result.removeIf(o -> key.apply(o).equals(key.apply(old)));
            }
        }
        return result;
    }

    private static <T> T find(List<T> objects, String wanted, Function<T, String> key) {
        return objects.stream().filter(o -> key.apply(o).equals(wanted)).findFirst().orElse(null);
    }
}
