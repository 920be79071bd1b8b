package dev.loopline.schema;

import java.util.List;
import java.util.Locale;

/**
 * How one table changes: created, altered or dropped, as DDL statements (in order) and one human line per change.
 */
public record TableChange(String table, Kind kind, List<String> statements, List<String> descriptions) {

    public enum Kind {
        CREATE, ALTER, DROP;

        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public TableChange {
        statements = List.copyOf(statements);
        descriptions = List.copyOf(descriptions);
    }
}
