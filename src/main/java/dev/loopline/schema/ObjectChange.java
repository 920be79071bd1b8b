package dev.loopline.schema;

import java.util.List;

/**
 * How one schema-level object changes (a view, sequence, domain, schema, or a table of a schema other than
 * {@code PUBLIC}): its statements, for showing (the diff runs them in {@link SchemaDiff#statements()}'s order), and
 * one human line per change.
 *
 * @param kind {@code view}, {@code sequence}, {@code domain}, {@code schema} or {@code table}
 * @param name the object's schema-qualified SQL name ({@code V}, {@code APP.V})
 */
public record ObjectChange(String kind, String name, TableChange.Kind change, List<String> statements,
        List<String> descriptions) {

    public ObjectChange {
        statements = List.copyOf(statements);
        descriptions = List.copyOf(descriptions);
    }
}
