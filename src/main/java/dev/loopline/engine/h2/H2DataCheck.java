package dev.loopline.engine.h2;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.h2.api.ErrorCode;

import dev.loopline.engine.DataCheck;
import dev.loopline.engine.DataCheck.Finding;
import dev.loopline.engine.DataCheck.Kind;
import dev.loopline.engine.HostFunctions;
import dev.loopline.schema.SchemaSnapshot.Check;
import dev.loopline.schema.SchemaSnapshot.Column;
import dev.loopline.schema.SchemaSnapshot.ForeignKey;
import dev.loopline.schema.SchemaSnapshot.Index;
import dev.loopline.schema.SchemaSnapshot.Table;

/**
 * H2's {@link dev.loopline.engine.DatabaseEngine#checkData data check}: read-only scans over a changed table's rows,
 * each bounded by a row limit (a table with more rows is scanned on its first rows: {@code FETCH FIRST n ROWS ONLY})
 * and by the session's {@code QUERY_TIMEOUT}. The queries involve only column values, comparisons, lengths and casts
 * to the new definition's types (refused when a type's text would call a host function); H2 has no {@code TRY_CAST},
 * so lengths and ranges are compared where the types allow it, and otherwise one {@code CAST} over every value tells
 * whether some value fails (count unknown, H2's message as the example). New CHECK constraints are evaluated over the
 * rows as the copy would evaluate them.
 */
final class H2DataCheck {

    private static final Pattern CHARACTER = Pattern.compile(
            "(CHARACTER VARYING|VARCHAR|CHARACTER|CHAR|VARCHAR_IGNORECASE)\\s*\\(\\s*(\\d+)\\s*\\)");
    private static final Pattern BINARY = Pattern.compile("(BINARY VARYING|VARBINARY|BINARY)\\s*\\(\\s*(\\d+)\\s*\\)");
    private static final Pattern DECIMAL = Pattern.compile("(DECIMAL|NUMERIC|DEC)\\s*\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)");
    private static final Pattern NUMBER = Pattern.compile("(TINYINT|SMALLINT|INTEGER|INT|BIGINT|DECIMAL|NUMERIC|DEC|REAL"
            + "|DOUBLE PRECISION|FLOAT|DECFLOAT)\\b.*");
    private static final Pattern TEXT = Pattern.compile("(CHARACTER VARYING|VARCHAR|CHARACTER|CHAR|VARCHAR_IGNORECASE)\\b.*");
    private static final Map<String, long[]> INTEGER_RANGES = Map.of("TINYINT", new long[] {-128, 127},
            "SMALLINT", new long[] {-32768, 32767}, "INTEGER", new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE},
            "INT", new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE}, "BIGINT", new long[] {Long.MIN_VALUE, Long.MAX_VALUE});
    private static final String INTEGER_TEXT = "'^\\s*[+-]?[0-9]{1,30}\\s*$'";
    private static final String DECIMAL_TEXT = "'^\\s*[+-]?([0-9]{1,60}(\\.[0-9]*)?|\\.[0-9]{1,60})\\s*$'";
    private static final int EXAMPLE_CHARS = 60;
    private static final Pattern PLAIN_TYPE = Pattern.compile("(?:[A-Za-z0-9_ (),\\[\\]]|'(?:[^';]|'')*+')++");

    private final Connection connection;
    private final DataCheck.Limits limits;
    private final List<Finding> findings = new ArrayList<>();

    private H2DataCheck(Connection connection, DataCheck.Limits limits) {
        this.connection = connection;
        this.limits = limits;
    }

    static List<Finding> check(Connection connection, List<DataCheck.Change> changes, DataCheck.Limits limits)
            throws SQLException {
        H2DataCheck check = new H2DataCheck(connection, limits);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET QUERY_TIMEOUT " + limits.timeout().toMillis());
        }
        for (DataCheck.Change change : changes) {
            // a table of another schema is scanned under SET SCHEMA: its own names resolve as in its DDL
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET SCHEMA " + q(change.schema()));
            }
            int first = check.findings.size();
            check.table(change);
            for (int i = first; i < check.findings.size(); i++) {
                check.findings.set(i, check.findings.get(i).in(change.schema()));
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET SCHEMA PUBLIC");
        }
        return List.copyOf(check.findings);
    }

    private void table(DataCheck.Change change) throws SQLException {
        Table from = change.from();
        Table to = change.to();
        if (!exists(from.name())) {
            return;
        }
        Scan scan = new Scan(from.name());
        try {
            long rows = single("SELECT COUNT(*) FROM " + q(from.name()));
            String source = rows > limits.maxRows()
                    ? "(SELECT * FROM " + q(from.name()) + " FETCH FIRST " + limits.maxRows() + " ROWS ONLY) S"
                    : q(from.name()) + " S";
            if (rows > limits.maxRows()) {
                partial(scan, from.name() + " has " + rows + " rows: only its first " + limits.maxRows()
                        + " were checked (loopline.deploy.data-check.max-rows).");
            }
            nulls(scan, from, to, source);
            duplicates(scan, from, to, source);
            types(scan, from, to, source);
            foreignKeys(scan, from, to, source);
            checks(scan, from, to, source);
        }
        catch (SQLException e) {
            if (e.getErrorCode() != ErrorCode.STATEMENT_WAS_CANCELED) {
                throw e;
            }
            partial(scan, "Checking " + from.name() + "'s data took longer than " + limits.timeout().toMillis()
                    + " ms (loopline.deploy.data-check.timeout), so it was not checked fully.");
        }
    }

    /** Remembers that a table was reported as partially checked, so it is said once. */
    private record Scan(String table) {
    }

    private final Set<String> partial = new HashSet<>();

    private void partial(Scan scan, String detail) {
        if (partial.add(scan.table())) {
            findings.add(new Finding(Kind.NOT_FULLY_CHECKED, scan.table(), List.of(), -1, List.of(), detail));
        }
    }

    private void nulls(Scan scan, Table from, Table to, String source) throws SQLException {
        for (Column column : to.columns()) {
            Optional<Column> old = from.column(column.name());
            boolean nowRequired = !column.nullable() || to.primaryKey().contains(column.name());
            if (old.isEmpty() || !nowRequired || !old.get().nullable() || from.primaryKey().contains(old.get().name())) {
                continue;
            }
            long count = single("SELECT COUNT(*) FROM " + source + " WHERE S." + q(old.get().name()) + " IS NULL");
            if (count > 0) {
                findings.add(new Finding(Kind.NULL_VALUES, from.name(), List.of(old.get().name()), count, List.of(), null));
            }
        }
    }

    private void duplicates(Scan scan, Table from, Table to, String source) throws SQLException {
        List<Set<String>> unique = new ArrayList<>();
        if (!from.primaryKey().isEmpty()) {
            unique.add(upper(from.primaryKey()));
        }
        from.indexes().stream().filter(Index::unique).forEach(index -> unique.add(upper(index.columns())));
        List<List<String>> wanted = new ArrayList<>();
        if (!to.primaryKey().isEmpty()) {
            wanted.add(to.primaryKey());
        }
        to.indexes().stream().filter(Index::unique).forEach(index -> wanted.add(index.columns()));
        Set<Set<String>> done = new HashSet<>();
        for (List<String> columns : wanted) {
            Set<String> set = upper(columns);
            if (unique.stream().anyMatch(set::containsAll) || !done.add(set)
                    || columns.stream().anyMatch(c -> from.column(c).isEmpty())) {
                continue;
            }
            List<String> old = columns.stream().map(c -> from.column(c).orElseThrow().name()).toList();
            String list = old.stream().map(c -> "S." + q(c)).collect(Collectors.joining(", "));
            String notNull = old.stream().map(c -> "S." + q(c) + " IS NOT NULL").collect(Collectors.joining(" AND "));
            String sql = "SELECT " + list + ", N, COUNT(*) OVER () FROM (SELECT " + list + ", COUNT(*) N FROM " + source
                    + " WHERE " + notNull + " GROUP BY " + list + " HAVING COUNT(*) > 1) S ORDER BY N DESC FETCH FIRST "
                    + DataCheck.EXAMPLES + " ROWS ONLY";
            examples(sql, old.size(), true).ifPresent(found -> findings.add(new Finding(Kind.DUPLICATE_VALUES,
                    from.name(), old, found.count(), found.examples(), null)));
        }
    }

    private void types(Scan scan, Table from, Table to, String source) throws SQLException {
        for (Column column : to.columns()) {
            Optional<Column> before = from.column(column.name());
            if (before.isEmpty() || norm(before.get().type()).equals(norm(column.type()))) {
                continue;
            }
            String name = before.get().name();
            String type = column.type();
            if (HostFunctions.calledIn(type).isPresent() || !isPlainType(type)) {
                partial(scan, "Could not check whether " + from.name() + "." + name + "'s values convert to " + type
                        + ": Loopline casts only to plain type names.");
                continue;
            }
            String value = "S." + q(name);
            if (widens(norm(before.get().type()), norm(type))) {
                continue;
            }
            Optional<String> misfit = misfit(value, norm(before.get().type()), norm(type));
            if (misfit.isPresent()) {
                String sql = "SELECT " + value + ", 1, COUNT(*) OVER () FROM " + source + " WHERE " + value
                        + " IS NOT NULL AND (" + misfit.get() + ") FETCH FIRST " + DataCheck.EXAMPLES + " ROWS ONLY";
                Optional<Found> found = examples(sql, 1, false);
                if (found.isPresent()) {
                    findings.add(new Finding(Kind.VALUES_DO_NOT_FIT, from.name(), List.of(name), found.get().count(),
                            found.get().examples(), type));
                    continue;
                }
                if (exact(norm(before.get().type()), norm(type))) {
                    continue;
                }
            }
            try {
                single("SELECT COUNT(CAST(" + value + " AS " + type + ")) FROM " + source);
            }
            catch (SQLException e) {
                if (e.getSQLState() != null && e.getSQLState().startsWith("22")) {
                    findings.add(new Finding(Kind.VALUES_DO_NOT_FIT, from.name(), List.of(name), -1,
                            List.of(H2Engine.message(e)), type));
                }
                else if (e.getErrorCode() == ErrorCode.STATEMENT_WAS_CANCELED) {
                    throw e;
                }
                else {
                    partial(scan, "Could not check whether " + from.name() + "." + name + "'s values convert to "
                            + type + ": " + H2Engine.message(e));
                }
            }
        }
    }

    /**
     * Whether a type's text is safe to paste into a {@code CAST}: words, digits, spaces, parentheses, brackets, commas and
     * well-formed string literals (ENUM values) without semicolons. The text comes from a branch's schema and runs as
     * Loopline's admin, and H2 runs every {@code ;}-separated statement of a query: nothing else gets in.
     */
    static boolean isPlainType(String type) {
        return PLAIN_TYPE.matcher(type).matches();
    }

    /** Whether every value of type {@code from} fits {@code to} as it is: a longer length, a larger integer type. */
    static boolean widens(String from, String to) {
        Matcher f = CHARACTER.matcher(from);
        Matcher t = CHARACTER.matcher(to);
        if (f.matches() && t.matches()) {
            return f.group(1).equals(t.group(1)) && Long.parseLong(t.group(2)) >= Long.parseLong(f.group(2));
        }
        f = BINARY.matcher(from);
        t = BINARY.matcher(to);
        if (f.matches() && t.matches()) {
            return f.group(1).equals(t.group(1)) && Long.parseLong(t.group(2)) >= Long.parseLong(f.group(2));
        }
        long[] fromRange = INTEGER_RANGES.get(from);
        long[] toRange = INTEGER_RANGES.get(to);
        return fromRange != null && toRange != null && toRange[0] <= fromRange[0] && toRange[1] >= fromRange[1];
    }

    /** Whether {@link #misfit} tells every value that fails (no {@code CAST} probe needed when it finds none). */
    private static boolean exact(String from, String to) {
        boolean text = TEXT.matcher(from).matches();
        return CHARACTER.matcher(to).matches() && text || BINARY.matcher(to).matches()
                || INTEGER_RANGES.containsKey(to) && INTEGER_RANGES.containsKey(from);
    }

    /** A condition true for values of {@code value} (old type {@code from}) that do not fit type {@code to}, if known. */
    static Optional<String> misfit(String value, String from, String to) {
        boolean text = TEXT.matcher(from).matches();
        boolean number = NUMBER.matcher(from).matches();
        Matcher character = CHARACTER.matcher(to);
        if (character.matches() && (text || number)) {
            return Optional.of("CHAR_LENGTH(CAST(" + value + " AS VARCHAR)) > " + character.group(2));
        }
        Matcher binary = BINARY.matcher(to);
        if (binary.matches() && BINARY.matcher(from).matches()) {
            return Optional.of("OCTET_LENGTH(" + value + ") > " + binary.group(2));
        }
        long[] range = INTEGER_RANGES.get(to);
        if (range != null && number) {
            return Optional.of(value + " < " + range[0] + " OR " + value + " > " + range[1]);
        }
        if (range != null && text) {
            return Optional.of("CASE WHEN REGEXP_LIKE(" + value + ", " + INTEGER_TEXT + ") THEN CAST(TRIM(" + value
                    + ") AS NUMERIC(40)) NOT BETWEEN " + range[0] + " AND " + range[1] + " ELSE TRUE END");
        }
        Matcher decimal = DECIMAL.matcher(to);
        if (decimal.matches() && (number || text)) {
            int digits = Integer.parseInt(decimal.group(2)) - (decimal.group(3) == null ? 0 : Integer.parseInt(decimal.group(3)));
            String bound = "CAST('1E" + digits + "' AS DECFLOAT)";
            if (number) {
                return Optional.of("ABS(CAST(" + value + " AS DECFLOAT)) >= " + bound);
            }
            return Optional.of("CASE WHEN REGEXP_LIKE(" + value + ", " + DECIMAL_TEXT + ") THEN ABS(CAST(TRIM(" + value
                    + ") AS DECFLOAT)) >= " + bound + " ELSE TRUE END");
        }
        return Optional.empty();
    }

    private void foreignKeys(Scan scan, Table from, Table to, String source) throws SQLException {
        for (ForeignKey fk : to.foreignKeys()) {
            boolean existed = from.foreignKeys().stream().anyMatch(old -> upper(old.columns()).equals(upper(fk.columns()))
                    && old.referencedTable().equalsIgnoreCase(fk.referencedTable())
                    && upper(old.referencedColumns()).equals(upper(fk.referencedColumns())));
            if (existed || fk.columns().stream().anyMatch(c -> from.column(c).isEmpty())) {
                continue;
            }
            List<String> old = fk.columns().stream().map(c -> from.column(c).orElseThrow().name()).toList();
            String referenced = fk.referencedTable().equalsIgnoreCase(to.name()) ? from.name() : fk.referencedTable();
            String notNull = old.stream().map(c -> "S." + q(c) + " IS NOT NULL").collect(Collectors.joining(" AND "));
            String missing = "";
            String detail = referenced;
            if (exists(referenced)) {
                List<String> match = new ArrayList<>();
                for (int i = 0; i < old.size(); i++) {
                    match.add("R." + q(fk.referencedColumns().get(i)) + " = S." + q(old.get(i)));
                }
                missing = " AND NOT EXISTS (SELECT 1 FROM " + q(referenced) + " R WHERE " + String.join(" AND ", match) + ")";
            }
            else {
                detail = referenced + " (which does not exist yet on the target, so it is empty when the key is added)";
            }
            String sql = "SELECT " + old.stream().map(c -> "S." + q(c)).collect(Collectors.joining(", "))
                    + ", 1, COUNT(*) OVER () FROM " + source + " WHERE " + notNull + missing + " FETCH FIRST "
                    + DataCheck.EXAMPLES + " ROWS ONLY";
            String d = detail;
            examples(sql, old.size(), false).ifPresent(found -> findings.add(new Finding(Kind.FOREIGN_KEY_VIOLATIONS,
                    from.name(), old, found.count(), found.examples(), d)));
        }
    }

    /**
     * New CHECK constraints (a name or expression {@code from} does not have) against the rows: a row violates one
     * when the condition is false (not unknown). Examples are the violating rows' primary keys. The condition comes
     * from the branch and runs as Loopline's admin, as the copy would run it: refused (reported as not checked) when it
     * calls a host function or holds a {@code ;} outside literals and quoted names.
     */
    private void checks(Scan scan, Table from, Table to, String source) throws SQLException {
        for (Check check : to.checks()) {
            if (from.checks().stream().anyMatch(old -> old.name().equals(check.name())
                    && old.expression().equals(check.expression()))) {
                continue;
            }
            String shown = q(check.name()) + " (" + check.expression() + ")";
            if (check.readsTables()) {
                partial(scan, "Did not check whether " + from.name() + "'s rows satisfy the new check " + shown
                        + ": it reads other tables, which Loopline does not run on production's data.");
                continue;
            }
            if (HostFunctions.calledIn(check.expression()).isPresent() || !isSingleExpression(check.expression())) {
                partial(scan, "Could not check whether " + from.name() + "'s rows satisfy the new check " + shown
                        + ": Loopline evaluates only plain conditions.");
                continue;
            }
            List<String> key = from.primaryKey();
            String keys = key.isEmpty() ? "1" : key.stream().map(c -> "S." + q(c)).collect(Collectors.joining(", "));
            String sql = "SELECT " + keys + ", 1, COUNT(*) OVER () FROM " + source + " WHERE NOT (" + check.expression()
                    + ") FETCH FIRST " + DataCheck.EXAMPLES + " ROWS ONLY";
            try {
                examples(sql, Math.max(1, key.size()), false).ifPresent(found -> findings.add(new Finding(
                        Kind.CHECK_VIOLATIONS, from.name(), key, found.count(), key.isEmpty() ? List.of() : found.examples(),
                        shown)));
            }
            catch (SQLException e) {
                if (e.getErrorCode() == ErrorCode.STATEMENT_WAS_CANCELED) {
                    throw e;
                }
                partial(scan, "Could not check whether " + from.name() + "'s rows satisfy the new check " + shown + ": "
                        + H2Engine.message(e));
            }
        }
    }

    /** Whether a condition's text, without its literals and quoted names, holds no statement separator. */
    static boolean isSingleExpression(String expression) {
        return !expression.replaceAll("'(?:[^']|'')*+'", "''").replaceAll("\"(?:[^\"]|\"\")*+\"", "\"\"")
                .contains(";");
    }

    private record Found(long count, List<String> examples) {
    }

    /** Runs a query whose rows are: the values, a per-row count, and the total in the last column. */
    private Optional<Found> examples(String sql, int values, boolean withRows) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            long total = 0;
            List<String> examples = new ArrayList<>();
            while (rows.next()) {
                List<String> parts = new ArrayList<>();
                for (int i = 1; i <= values; i++) {
                    parts.add(abbreviate(rows.getString(i)));
                }
                String example = values == 1 ? parts.get(0) : "(" + String.join(", ", parts) + ")";
                examples.add(withRows ? example + " (" + rows.getLong(values + 1) + " rows)" : example);
                total = rows.getLong(values + 2);
            }
            return total == 0 ? Optional.empty() : Optional.of(new Found(total, examples));
        }
    }

    private long single(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private boolean exists(String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM INFORMATION_SCHEMA.TABLES "
                + "WHERE TABLE_SCHEMA = CURRENT_SCHEMA AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME = ?")) {
            statement.setString(1, table);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static String abbreviate(String value) {
        return value.length() <= EXAMPLE_CHARS ? value : value.substring(0, EXAMPLE_CHARS - 1) + "…";
    }

    private static Set<String> upper(List<String> columns) {
        return columns.stream().map(c -> c.toUpperCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    private static String norm(String type) {
        return type.trim().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    }

    private static String q(String identifier) {
        return dev.loopline.schema.SqlNames.quote(identifier);
    }
}
