package dev.loopline.insights;

import java.util.Set;

/** Words that are SQL syntax rather than names, for telling tables and columns apart in {@link QueryShape}. */
final class SqlWords {

    private static final Set<String> KEYWORDS = Set.of("ALL", "AND", "ANY", "ARRAY", "AS", "ASC", "ASYMMETRIC",
            "AUTHORIZATION", "BETWEEN", "BOTH", "BY", "CASE", "CAST", "CHECK", "CONSTRAINT", "CROSS", "CURRENT_CATALOG",
            "CURRENT_DATE", "CURRENT_PATH", "CURRENT_ROLE", "CURRENT_SCHEMA", "CURRENT_TIME", "CURRENT_TIMESTAMP",
            "CURRENT_USER", "DAY", "DEFAULT", "DELETE", "DESC", "DISTINCT", "ELSE", "END", "EXCEPT", "EXISTS", "FALSE",
            "FETCH", "FIRST", "FOR", "FOREIGN", "FROM", "FULL", "GROUP", "GROUPS", "HAVING", "HOUR", "IF", "ILIKE", "IN",
            "INNER", "INSERT", "INTERSECT", "INTERVAL", "INTO", "IS", "JOIN", "KEY", "LAST", "LEADING", "LEFT", "LIKE",
            "LIMIT", "LOCALTIME", "LOCALTIMESTAMP", "MATCHED", "MERGE", "MINUS", "MINUTE", "MONTH", "NATURAL", "NEXT",
            "NOT", "NULL", "NULLS", "OFFSET", "ON", "ONLY", "OR", "ORDER", "OUTER", "OVER", "PARTITION", "PRIMARY",
            "QUALIFY", "RANGE", "REGEXP", "RIGHT", "ROW", "ROWNUM", "ROWS", "SECOND", "SELECT", "SESSION_USER", "SET",
            "SOME", "SYMMETRIC", "SYSTEM_USER", "TABLE", "THEN", "TO", "TOP", "TRAILING", "TRUE", "UESCAPE", "UNION",
            "UNKNOWN", "UPDATE", "USER", "USING", "VALUE", "VALUES", "WHEN", "WHERE", "WINDOW", "WITH", "YEAR",
            "_ROWID_");

    private SqlWords() {
    }

    static boolean isKeyword(String upperCaseWord) {
        return KEYWORDS.contains(upperCaseWord);
    }
}
