package dev.loopline.schema;

import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/** Sorting of a snapshot's schema-level objects, so that two snapshots of the same schema are equal. */
final class SchemaObjects {

    private SchemaObjects() {
    }

    /** The list sorted by schema, then name; {@code null} (a field older JSON lacks) is empty. */
    static <T> List<T> sorted(List<T> objects, Function<T, String> schema, Function<T, String> name) {
        if (objects == null) {
            return List.of();
        }
        return objects.stream().sorted(Comparator.comparing((T o) -> String.valueOf(schema.apply(o)))
                .thenComparing(o -> String.valueOf(name.apply(o)))).toList();
    }
}
