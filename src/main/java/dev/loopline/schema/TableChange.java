package dev.loopline.schema;

import java.util.List;
import java.util.Locale;

/**
 * How one table changes: created, altered or dropped, as DDL statements (in order) and one human line per change.
 * {@code schema} is the table's schema ({@code null}: {@code PUBLIC}); a table of another schema has its statements
 * between {@code SET SCHEMA} statements, so that its own names (indexes, foreign keys) resolve in its schema.
 */
public record TableChange(String table, Kind kind, List<String> statements, List<String> descriptions, String schema) {

    public enum Kind {
        CREATE, ALTER, DROP;

        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public TableChange {
        statements = List.copyOf(statements);
        descriptions = List.copyOf(descriptions);
        schema = schema == null ? SchemaSnapshot.PUBLIC : schema;
    }

    /** A change of a table of schema {@code PUBLIC}. */
    public TableChange(String table, Kind kind, List<String> statements, List<String> descriptions) {
        this(table, kind, statements, descriptions, null);
    }

    /** Whether the table is in {@code PUBLIC}. */
    public boolean isPublic() {
        return SchemaSnapshot.PUBLIC.equals(schema);
    }

    /** The table as people read it: its name in {@code PUBLIC}, else {@code SCHEMA.NAME} (quoted as needed). */
    public String displayName() {
        return isPublic() ? table : SqlNames.qualified(schema, table);
    }
}
