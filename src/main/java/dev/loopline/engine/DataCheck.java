package dev.loopline.engine;

import java.time.Duration;
import java.util.List;

import dev.loopline.schema.SchemaSnapshot;

/**
 * What {@link DatabaseEngine#checkData} is asked and answers: whether the rows a database holds now can take a
 * planned change of their tables, found by bounded, read-only scans before anything is copied.
 */
public final class DataCheck {

    private DataCheck() {
    }

    /**
     * One table's planned change: its definition now ({@code from}) and after the change ({@code to}), in
     * {@code schema} ({@code null}: {@code PUBLIC}).
     */
    public record Change(SchemaSnapshot.Table from, SchemaSnapshot.Table to, String schema) {

        public Change {
            schema = schema == null ? SchemaSnapshot.PUBLIC : schema;
        }

        /** The change of a table of {@code PUBLIC}. */
        public Change(SchemaSnapshot.Table from, SchemaSnapshot.Table to) {
            this(from, to, null);
        }

        public String table() {
            return from.name();
        }
    }

    /**
     * How far the scans go.
     *
     * @param maxRows at most this many rows of a table are scanned (at least 1); a larger table is checked on its
     *                first {@code maxRows} rows and a {@link Kind#NOT_FULLY_CHECKED} finding says so
     * @param timeout each scan's time limit (at least 1 ms); a scan that runs out of time is reported as
     *                {@link Kind#NOT_FULLY_CHECKED}
     */
    public record Limits(long maxRows, Duration timeout) {

        public Limits {
            if (maxRows < 1 || timeout == null || timeout.toMillis() < 1) {
                throw new IllegalArgumentException("Data check limits need at least one row and one millisecond.");
            }
        }
    }

    /** What a finding is about. */
    public enum Kind {
        /** A new UNIQUE index, constraint or primary key over values that repeat; {@code count} is the number of groups. */
        DUPLICATE_VALUES,
        /** A column becomes NOT NULL (or part of a new primary key) but holds NULLs; {@code count} is rows. */
        NULL_VALUES,
        /** A changed type or length that values do not fit or do not convert to; {@code count} is rows. */
        VALUES_DO_NOT_FIT,
        /** A new foreign key whose referenced row is missing; {@code count} is rows. */
        FOREIGN_KEY_VIOLATIONS,
        /**
         * A new CHECK that rows violate; {@code count} is rows, {@code columns} the primary key, {@code examples} the
         * violating rows' keys, {@code detail} the check's name and condition.
         */
        CHECK_VIOLATIONS,
        /** The table was not checked fully (too many rows, or a scan ran out of time): a warning, not an error. */
        NOT_FULLY_CHECKED
    }

    /**
     * One finding.
     *
     * @param table    the table, as the schema model names it
     * @param columns  the columns concerned (the old definition's names), empty for {@link Kind#NOT_FULLY_CHECKED}
     * @param count    how many groups or rows (see {@link Kind}); -1 when unknown (the scan stopped at the first bad value)
     * @param examples a few offending values as text, at most {@link #EXAMPLES}; composite values as {@code (a, b)}
     * @param detail   more words where needed: the target type, the referenced table, or why the check was partial
     * @param schema   the table's schema ({@code null}: {@code PUBLIC})
     */
    public record Finding(Kind kind, String table, List<String> columns, long count, List<String> examples,
            String detail, String schema) {

        public Finding {
            columns = List.copyOf(columns);
            examples = List.copyOf(examples);
            schema = schema == null ? SchemaSnapshot.PUBLIC : schema;
        }

        public Finding(Kind kind, String table, List<String> columns, long count, List<String> examples, String detail) {
            this(kind, table, columns, count, examples, detail, null);
        }

        /** The same finding about a table of {@code newSchema}. */
        public Finding in(String newSchema) {
            return new Finding(kind, table, columns, count, examples, detail, newSchema);
        }
    }

    /** How many example values a finding shows at most. */
    public static final int EXAMPLES = 3;
}
