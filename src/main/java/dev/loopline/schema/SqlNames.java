package dev.loopline.schema;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Identifiers as SQL text. Names in the model are kept exactly as the database stores them (case kept, no quotes);
 * {@link #quote} turns one into SQL: unquoted when it is a regular upper-case identifier that is not a keyword
 * (so {@code ORDERS} stays {@code ORDERS}), otherwise in double quotes ({@code "order"}, {@code "Mixed Case"},
 * {@code "KEY"}). The same form is used in DDL and wherever a name is shown to a person.
 */
public final class SqlNames {

    private static final Pattern REGULAR = Pattern.compile("[A-Z_][A-Z0-9_]*");

    /** H2 2.5's reserved words ({@code org.h2.util.ParserUtil}); a test keeps this list equal to H2's. */
    static final Set<String> KEYWORDS = Set.of("ALL", "AND", "ANY", "ARRAY", "AS", "ASYMMETRIC", "AUTHORIZATION",
            "BETWEEN", "BOTH", "CASE", "CAST", "CHECK", "CONSTRAINT", "CROSS", "CURRENT_CATALOG", "CURRENT_DATE",
            "CURRENT_PATH", "CURRENT_ROLE", "CURRENT_SCHEMA", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER", "DAY",
            "DEFAULT", "DISTINCT", "ELSE", "END", "EXCEPT", "EXISTS", "FALSE", "FETCH", "FOR", "FOREIGN", "FROM", "FULL",
            "GROUP", "GROUPS", "HAVING", "HOUR", "IF", "ILIKE", "IN", "INNER", "INTERSECT", "INTERVAL", "IS", "JOIN",
            "KEY", "LEADING", "LEFT", "LIKE", "LIMIT", "LOCALTIME", "LOCALTIMESTAMP", "MINUS", "MINUTE", "MONTH",
            "NATURAL", "NOT", "NULL", "OFFSET", "ON", "OR", "ORDER", "OVER", "PARTITION", "PRIMARY", "QUALIFY", "RANGE",
            "REGEXP", "RIGHT", "ROW", "ROWNUM", "ROWS", "SECOND", "SELECT", "SESSION_USER", "SET", "SOME", "SYMMETRIC",
            "SYSTEM_USER", "TABLE", "TO", "TOP", "TRAILING", "TRUE", "UESCAPE", "UNION", "UNIQUE", "UNKNOWN", "USER",
            "USING", "VALUE", "VALUES", "WHEN", "WHERE", "WINDOW", "WITH", "YEAR", "_ROWID_");

    private SqlNames() {
    }

    /** The name as SQL: bare if that reads back as the same name, else double-quoted with inner quotes doubled. */
    public static String quote(String name) {
        if (REGULAR.matcher(name).matches() && !KEYWORDS.contains(name)) {
            return name;
        }
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** A schema object's name as SQL: bare (quoted as needed) in {@code PUBLIC}, else {@code SCHEMA.NAME}. */
    public static String qualified(String schema, String name) {
        return schema == null || "PUBLIC".equals(schema) ? quote(name) : quote(schema) + "." + quote(name);
    }

    /** Names as a comma-separated SQL list, each {@linkplain #quote quoted} as needed. */
    public static String list(List<String> names) {
        return names.stream().map(SqlNames::quote).collect(Collectors.joining(", "));
    }

    /** A string as an SQL character literal. */
    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
