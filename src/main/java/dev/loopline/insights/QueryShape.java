package dev.loopline.insights;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One pattern per query shape: a statement's text with its literals replaced by {@code ?}, so that
 * {@code WHERE id = 5} and {@code where ID=7} are the same pattern. Numbers (signed, decimal, exponent, hex), strings
 * (with {@code ''} inside, prefixed {@code N'…'}, {@code X'…'}), {@code $$…$$} bodies and JDBC placeholders
 * ({@code ?}, {@code ?1}) become {@code ?}; {@code IN (?, ?, …)} becomes {@code IN (?)} and a multi-row
 * {@code VALUES (…), (…)} keeps one row; comments go; whitespace is one space; words outside double quotes are upper
 * case (keywords, and unquoted identifiers, which SQL folds to upper case anyway); quoted identifiers are kept.
 * Hand-written rather than a full SQL parser: it must accept every dialect's text and never fail.
 *
 * @param pattern the normalized text
 * @param tables  the tables the statement names after {@code FROM}, {@code JOIN}, {@code UPDATE}, {@code INTO}
 *                (names as stored: unquoted ones upper-cased, schema left off), in order of appearance
 * @param filters the columns the statement compares with a value ({@code col = ?}, {@code <}, {@code >},
 *                {@code BETWEEN}, {@code IN}), each with the table its qualifier names: equality ones first, then
 *                range ones
 */
record QueryShape(String pattern, List<String> tables, List<Filter> filters) {

    /**
     * A column compared with a value; {@code equality} false for a range comparison.
     *
     * @param table the table the column's qualifier names (an alias resolved to its table, as stored), or
     *              {@code null} for an unqualified column (which then belongs to whichever table has it)
     */
    record Filter(String table, String column, boolean equality) {

        Filter(String column, boolean equality) {
            this(null, column, equality);
        }

        /** Whether the filter can be on this table: unqualified, or qualified with its name. */
        boolean mayBeOn(String tableName) {
            return table == null || table.equals(tableName);
        }
    }

    static QueryShape of(String sql) {
        List<String> tokens = collapse(tokens(sql == null ? "" : sql));
        Map<String, String> aliases = new HashMap<>();
        return new QueryShape(render(tokens), tables(tokens, aliases), filters(tokens, aliases));
    }

    private static final Set<String> SPACE_BEFORE_PAREN = Set.of("IN", "VALUES", "AS", "ON", "AND", "OR", "NOT",
            "EXISTS", "FROM", "JOIN", "WHERE", "SELECT", "THEN", "ELSE", "WHEN", "BY", "SET", "=", "<", ">", "<=", ">=",
            "<>", "!=", "+", "-", "*", "/", "||", "ANY", "ALL", "SOME", "UNION", "USING", "HAVING", "WITH");

    /** Words after which an identifier is an alias rather than a keyword we know. */
    private static final Set<String> CLAUSE = Set.of("WHERE", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS",
            "NATURAL", "ON", "GROUP", "ORDER", "HAVING", "LIMIT", "OFFSET", "FETCH", "UNION", "EXCEPT", "INTERSECT",
            "MINUS", "SET", "VALUES", "FOR", "USING", "WINDOW", "QUALIFY", "KEY", "SELECT", "DEFAULT", "OUTER");

    private static final Set<String> PREDICATE_START = Set.of("WHERE", "ON", "HAVING");
    private static final Set<String> PREDICATE_END = Set.of("GROUP", "ORDER", "LIMIT", "OFFSET", "FETCH", "SET",
            "VALUES", "SELECT", "UNION", "EXCEPT", "INTERSECT", "MINUS", "RETURNING", "WINDOW", "QUALIFY");

    private static final Set<String> COMPARISONS = Set.of("=", "<", ">", "<=", ">=");

    // --- tokens

    private static List<String> tokens(String sql) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            }
            else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            }
            else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            }
            else if (c == '\'') {
                i = skipQuoted(sql, i, '\'');
                literal(tokens);
            }
            else if (c == '"') {
                int end = skipQuoted(sql, i, '"');
                tokens.add(sql.substring(i, end));
                i = end;
            }
            else if (c == '$' && i + 1 < n && sql.charAt(i + 1) == '$') {
                int end = sql.indexOf("$$", i + 2);
                i = end < 0 ? n : end + 2;
                literal(tokens);
            }
            else if (c == '?') {
                i++;
                while (i < n && Character.isDigit(sql.charAt(i))) {
                    i++;
                }
                tokens.add("?");
            }
            else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))) {
                i = skipNumber(sql, i);
                literal(tokens);
            }
            else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && isWordPart(sql.charAt(i))) {
                    i++;
                }
                tokens.add(sql.substring(start, i).toUpperCase(Locale.ROOT));
            }
            else {
                String two = i + 1 < n ? sql.substring(i, i + 2) : "";
                if (Set.of("<=", ">=", "<>", "!=", "||", "::").contains(two)) {
                    tokens.add(two);
                    i += 2;
                }
                else {
                    tokens.add(String.valueOf(c));
                    i++;
                }
            }
        }
        while (!tokens.isEmpty() && tokens.get(tokens.size() - 1).equals(";")) {
            tokens.remove(tokens.size() - 1);
        }
        return tokens;
    }

    /** Adds a {@code ?} for a literal, folding a sign before it and a type prefix ({@code N'…'}, {@code X'…'}). */
    private static void literal(List<String> tokens) {
        if (!tokens.isEmpty()) {
            String last = tokens.get(tokens.size() - 1);
            if (Set.of("N", "X", "E", "U", "B").contains(last)) {
                tokens.remove(tokens.size() - 1);
            }
            else if ((last.equals("-") || last.equals("+")) && isOperand(tokens, tokens.size() - 2)) {
                tokens.remove(tokens.size() - 1);
            }
        }
        tokens.add("?");
    }

    /** Whether a sign at {@code index + 1} is unary: nothing before it, or an operator, a comma, '(' or a keyword. */
    private static boolean isOperand(List<String> tokens, int index) {
        if (index < 0) {
            return true;
        }
        String before = tokens.get(index);
        if (before.equals("?") || before.equals(")") || before.startsWith("\"")) {
            return false;
        }
        if (Character.isLetter(before.charAt(0)) || before.charAt(0) == '_') {
            return SqlWords.isKeyword(before);
        }
        return true;
    }

    /** Whether {@code c} continues an unquoted word (a keyword or a name): a letter, a digit, {@code _} or {@code $}. */
    static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** Just past the quoted run (literal or name) starting at {@code start}; a doubled quote is inside it. */
    static int skipQuoted(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    /** Just past the number starting at {@code start}: hex, decimal, exponent, type suffix. */
    static int skipNumber(String sql, int start) {
        int i = start;
        int n = sql.length();
        if (sql.startsWith("0x", i) || sql.startsWith("0X", i)) {
            i += 2;
            while (i < n && Character.digit(sql.charAt(i), 16) >= 0) {
                i++;
            }
            return i;
        }
        while (i < n && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.' || sql.charAt(i) == '_')) {
            i++;
        }
        if (i < n && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (sql.charAt(j) == '+' || sql.charAt(j) == '-')) {
                j++;
            }
            if (j < n && Character.isDigit(sql.charAt(j))) {
                i = j;
                while (i < n && Character.isDigit(sql.charAt(i))) {
                    i++;
                }
            }
        }
        // a suffix such as 10L or 1.5F is part of the number
        while (i < n && Character.isLetter(sql.charAt(i)) && "LlFfDd".indexOf(sql.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    /** {@code IN (?, ?, …)} → {@code IN (?)}; {@code VALUES (…), (…)} of the same shape → one row. */
    private static List<String> collapse(List<String> tokens) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            out.add(token);
            if (token.equals("IN") && i + 1 < tokens.size() && tokens.get(i + 1).equals("(")) {
                int j = i + 2;
                boolean onlyValues = true;
                while (j < tokens.size() && !tokens.get(j).equals(")")) {
                    onlyValues &= tokens.get(j).equals("?") || tokens.get(j).equals(",");
                    j++;
                }
                if (onlyValues && j < tokens.size() && j > i + 2) {
                    out.addAll(List.of("(", "?", ")"));
                    i = j;
                }
            }
            else if (token.equals(")") && isRowEnd(out)) {
                // drop following rows that repeat this one: ", ( ... )"
                List<String> row = lastRow(out);
                int j = i + 1;
                while (j + row.size() < tokens.size() + 1 && j < tokens.size() && tokens.get(j).equals(",")
                        && tokens.subList(j + 1, Math.min(tokens.size(), j + 1 + row.size())).equals(row)) {
                    j += 1 + row.size();
                }
                i = j - 1;
            }
        }
        return out;
    }

    /** Whether the ')' just added closes a row of {@code VALUES}. */
    private static boolean isRowEnd(List<String> out) {
        int open = out.lastIndexOf("(");
        return open > 0 && (out.get(open - 1).equals("VALUES") || out.get(open - 1).equals(","))
                && out.subList(open + 1, out.size() - 1).stream().allMatch(t -> t.equals("?") || t.equals(","))
                && valuesBefore(out, open);
    }

    private static boolean valuesBefore(List<String> out, int open) {
        int k = open - 1;
        while (k >= 0 && !out.get(k).equals("VALUES")) {
            if (!out.get(k).equals(",") && !out.get(k).equals(")") && !out.get(k).equals("?") && !out.get(k).equals("(")) {
                return false;
            }
            k--;
        }
        return k >= 0;
    }

    private static List<String> lastRow(List<String> out) {
        return List.copyOf(out.subList(out.lastIndexOf("("), out.size()));
    }

    private static String render(List<String> tokens) {
        StringBuilder text = new StringBuilder();
        String previous = null;
        for (String token : tokens) {
            if (previous != null && spaceBetween(previous, token)) {
                text.append(' ');
            }
            text.append(token);
            previous = token;
        }
        return text.toString();
    }

    private static boolean spaceBetween(String previous, String token) {
        if (previous.equals("(") || previous.equals(".") || token.equals(")") || token.equals(",")
                || token.equals(".") || token.equals("::") || previous.equals("::")) {
            return false;
        }
        if (token.equals("(")) {
            return !(isWord(previous) || previous.startsWith("\"")) || SPACE_BEFORE_PAREN.contains(previous);
        }
        return true;
    }

    private static boolean isWord(String token) {
        return Character.isLetter(token.charAt(0)) || token.charAt(0) == '_';
    }

    private static boolean isName(String token) {
        return token.startsWith("\"") || isWord(token) && !SqlWords.isKeyword(token);
    }

    /** A name as stored: a quoted one without quotes, an unquoted one as is (already upper case). */
    private static String stored(String token) {
        return token.startsWith("\"") ? token.substring(1, token.length() - 1).replace("\"\"", "\"") : token;
    }

    // --- tables and filters

    /** The tables named; {@code aliases} gets each table's alias (and its own name) mapped to the table. */
    private static List<String> tables(List<String> tokens, Map<String, String> aliases) {
        Set<String> tables = new LinkedHashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (token.equals("FROM") || token.equals("JOIN") || token.equals("UPDATE") || token.equals("INTO")) {
                int j = i + 1;
                while (j < tokens.size()) {
                    Set<String> named = new LinkedHashSet<>();
                    int afterName = qualifiedName(tokens, j, named);
                    if (afterName == j) {
                        break;
                    }
                    String table = named.iterator().next();
                    tables.add(table);
                    aliases.putIfAbsent(table, table);
                    j = afterName;
                    if (j < tokens.size() && tokens.get(j).equals("AS")) {
                        j++;
                    }
                    if (j < tokens.size() && isName(tokens.get(j)) && !CLAUSE.contains(tokens.get(j))) {
                        aliases.put(stored(tokens.get(j)), table);
                        j++; // alias
                    }
                    if (!token.equals("FROM") || j >= tokens.size() || !tokens.get(j).equals(",")) {
                        break;
                    }
                    j++;
                }
            }
        }
        return List.copyOf(tables);
    }

    /** Reads {@code [schema.]table} at {@code start}; adds the table; returns the index after it (start: none). */
    private static int qualifiedName(List<String> tokens, int start, Set<String> into) {
        if (start >= tokens.size() || !isName(tokens.get(start))) {
            return start;
        }
        int i = start;
        String name = stored(tokens.get(i));
        while (i + 2 < tokens.size() && tokens.get(i + 1).equals(".") && isName(tokens.get(i + 2))) {
            i += 2;
            name = stored(tokens.get(i));
        }
        into.add(name);
        return i + 1;
    }

    private static List<Filter> filters(List<String> tokens, Map<String, String> aliases) {
        Set<Filter> equality = new LinkedHashSet<>();
        Set<Filter> range = new LinkedHashSet<>();
        boolean[] predicate = new boolean[tokens.size()];
        boolean inside = false;
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (PREDICATE_START.contains(token)) {
                inside = true;
            }
            else if (PREDICATE_END.contains(token)) {
                inside = false;
            }
            predicate[i] = inside;
        }
        for (int i = 0; i < tokens.size(); i++) {
            if (!predicate[i] || !isName(tokens.get(i)) || i + 1 < tokens.size() && tokens.get(i + 1).equals(".")) {
                continue;
            }
            String column = stored(tokens.get(i));
            String qualifier = i >= 2 && tokens.get(i - 1).equals(".") && isName(tokens.get(i - 2))
                    ? stored(tokens.get(i - 2)) : null;
            String table = qualifier == null ? null : aliases.getOrDefault(qualifier, qualifier);
            String op = i + 1 < tokens.size() ? tokens.get(i + 1) : "";
            String value = i + 2 < tokens.size() ? tokens.get(i + 2) : "";
            boolean valueFirst = i >= 2 && tokens.get(i - 2).equals("?") && tokens.get(i - 1).equals("=");
            if (valueFirst || op.equals("=") && value.equals("?") || op.equals("IN") && value.equals("(")
                    && i + 3 < tokens.size() && tokens.get(i + 3).equals("?")) {
                equality.add(new Filter(table, column, true));
            }
            else if (COMPARISONS.contains(op) && value.equals("?") || op.equals("BETWEEN") && value.equals("?")) {
                range.add(new Filter(table, column, false));
            }
        }
        range.removeIf(r -> equality.contains(new Filter(r.table(), r.column(), true)));
        List<Filter> filters = new ArrayList<>(equality);
        filters.addAll(range);
        return filters;
    }
}
