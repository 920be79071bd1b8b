package dev.loopline.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.loopline.schema.SchemaSnapshot.Column;
import dev.loopline.schema.SchemaSnapshot.Index;
import dev.loopline.schema.SchemaSnapshot.Table;
import dev.loopline.schema.TableChange.Kind;

/**
 * Lint rules for a schema change about to be applied to a target: errors block the deploy, warnings inform.
 * Rules: {@code no_primary_key}, {@code not_null_without_default} (errors); {@code table_dropped},
 * {@code column_dropped}, {@code narrowing_type}, {@code possible_rename}, {@code duplicate_index},
 * {@code redundant_index}, {@code volatile_default} (warnings); {@code check_reads_tables} (error: a new or changed
 * CHECK with a subquery, see {@link SchemaSnapshot.Check#readsTables()}); and those of {@link ObjectLint} about neighbours the
 * model cannot carry. Tables of every schema are checked alike; a table of a schema other than {@code PUBLIC} is
 * named {@code SCHEMA.TABLE} in findings (and in {@code rowCounts}).
 */
public final class SchemaLint {

    private static final Pattern SIZED_TYPE = Pattern.compile("^([A-Z ]+?)\\s*\\((\\d+)(?:,\\s*(\\d+))?\\)(.*)$");
    /** Defaults whose value depends on when (or how often) they are evaluated: old rows would get the copy's values. */
    private static final Pattern VOLATILE = Pattern.compile("(?i)(?<![A-Za-z0-9_$\"])(CURRENT_TIMESTAMP|CURRENT_DATE|CURRENT_TIME"
            + "|LOCALTIMESTAMP|LOCALTIME|NOW|SYSDATE|SYSTIMESTAMP|SYSTIME|TODAY|GETDATE|RANDOM_UUID|RAND|RANDOM"
            + "|SECURE_RAND|NEXT\\s+VALUE\\s+FOR|NEXTVAL|UNIX_TIMESTAMP)(?![A-Za-z0-9_$\"])");
    private static final List<String> INTEGERS = List.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT");

    private SchemaLint() {
    }

    /**
     * @param target    the target's schema as it is now
     * @param result    the schema the change produces
     * @param rowCounts rows per table on the target (exact names; upper-case names are accepted too); missing means
     *                  unknown, taken as non-empty
     */
    public static List<LintFinding> check(SchemaSnapshot target, SchemaSnapshot result, Map<String, Long> rowCounts) {
        List<LintFinding> findings = new ArrayList<>();
        for (TableChange change : SchemaDiff.between(target, result).tables()) {
            // a table of another schema is named schema-qualified in findings and messages
            String name = change.displayName();
            String t = change.isPublic() ? SqlNames.quote(change.table()) : name;
            if (change.kind() == Kind.DROP) {
                findings.add(LintFinding.warning("table_dropped", name, "Dropping " + t + " loses its rows; they can be "
                        + "brought back only by reverting inside the revert window."));
                continue;
            }
            Table after = result.exactTable(change.schema(), change.table()).orElseThrow();
            if (change.kind() == Kind.ALTER) {
                Table before = target.exactTable(change.schema(), change.table()).orElseThrow();
                if (before.primaryKey().isEmpty()) {
                    findings.add(LintFinding.error("no_primary_key", name, t + " has no primary key, so it cannot be "
                            + "changed online: its rows cannot be copied and kept in sync by key. Add a primary key first."));
                }
                checkReferencedKeys(result.tablesIn(change.schema()), after, name, t, findings);
                checkRevert(before, after, name, t, findings);
                long rows = rowCounts.containsKey(name) ? rowCounts.get(name)
                        : rowCounts.getOrDefault(name.toUpperCase(java.util.Locale.ROOT), 1L);
                checkColumns(before, after, rows, name, t, findings);
            }
            checkIndexes(after, name, findings);
            checkConditions(change.kind() == Kind.ALTER ? target.exactTable(change.schema(), change.table()).orElseThrow()
                    : null, after, name, t, findings);
        }
        checkDomainConditions(target, result, findings);
        checkTableRenames(target, result, findings);
        findings.addAll(ObjectLint.check(target, result));
        return findings;
    }

    /**
     * A table renamed on the branch reads as one table dropped and another created with the same columns: deployed
     * so, the new table would be empty and the old one's rows gone, where the plain {@code ALTER TABLE … RENAME} keeps
     * them. Said as a {@code possible_rename} (which the author must confirm is not a rename before a deploy).
     */
    private static void checkTableRenames(SchemaSnapshot target, SchemaSnapshot result, List<LintFinding> findings) {
        for (Table dropped : target.tables()) {
            if (result.exactTable(dropped.name()).isPresent()) {
                continue;
            }
            result.tables().stream()
                    .filter(created -> target.exactTable(created.name()).isEmpty()
                            && shape(created).equals(shape(dropped)))
                    .findFirst()
                    .ifPresent(created -> findings.add(LintFinding.warning("possible_rename", dropped.name(), "Table "
                            + q(dropped.name()) + " is dropped and " + q(created.name()) + " with the same columns is "
                            + "created. A rename cannot be deployed: " + q(created.name()) + " would start empty and "
                            + q(dropped.name()) + "'s rows would be gone. If you meant to rename it, create the new "
                            + "table, copy the rows and drop the old one in separate deploys; otherwise confirm it is "
                            + "not a rename.")));
        }
    }

    /** A table's columns (names and types, in order): what a rename keeps. */
    private static List<String> shape(Table table) {
        return table.columns().stream().map(c -> c.name() + " " + c.type()).toList();
    }

    /**
     * During the revert window the old table is kept in sync with the new one; a write only the new definition takes
     * (a wider type, a NULL, a duplicate, a row without a value for a dropped NOT NULL column) cannot go back, and
     * then the revert becomes unavailable (the write is kept). Said before the deploy, as a warning.
     */
    private static void checkRevert(Table before, Table after, String name, String shown, List<LintFinding> findings) {
        List<String> reasons = new ArrayList<>();
        for (Column old : before.columns()) {
            var now = after.exactColumn(old.name());
            String c = SqlNames.quote(old.name());
            if (now.isEmpty()) {
                if (!old.nullable() && old.defaultValue() == null && old.identity() == null && old.generated() == null) {
                    reasons.add(c + " is dropped but NOT NULL without a default in the old table");
                }
                continue;
            }
            if (now.get().generated() != null || old.generated() != null) {
                continue;
            }
            if (!now.get().type().equals(old.type()) && !isNarrowing(old.type(), now.get().type())) {
                reasons.add(c + " changes type from " + old.type() + " to " + now.get().type());
            }
            if (!old.nullable() && now.get().nullable()) {
                reasons.add(c + " allows NULL, which the old table refuses");
            }
        }
        for (Index index : before.indexes()) {
            if (index.unique() && after.indexes().stream().noneMatch(i -> i.unique() && i.columns().equals(index.columns()))) {
                reasons.add("the unique key " + SqlNames.quote(index.name()) + " is dropped");
            }
        }
        if (!reasons.isEmpty()) {
            findings.add(LintFinding.warning("revert_may_be_incomplete", name, "Revert may be unavailable for "
                    + shown + ": " + String.join("; ", reasons) + ". A write the old table cannot "
                    + "take is kept, and the revert then becomes unavailable."));
        }
    }

    /**
     * Other tables' foreign keys to a changed table follow it to its new definition at cutover, which must still have
     * the primary key or a unique constraint on exactly the columns each one references (as a plain ALTER would
     * refuse to drop it).
     */
    private static void checkReferencedKeys(List<Table> schemaTables, Table after, String name, String shown,
            List<LintFinding> findings) {
        for (Table child : schemaTables) {
            if (child.name().equals(after.name())) {
                continue;
            }
            for (SchemaSnapshot.ForeignKey fk : child.foreignKeys()) {
                if (!fk.referencedTable().equals(after.name())) {
                    continue;
                }
                java.util.Set<String> referenced = java.util.Set.copyOf(fk.referencedColumns());
                boolean keyed = java.util.Set.copyOf(after.primaryKey()).equals(referenced) && !after.primaryKey().isEmpty()
                        || after.indexes().stream().anyMatch(i -> i.unique() && java.util.Set.copyOf(i.columns()).equals(referenced));
                if (!keyed) {
                    findings.add(LintFinding.error("referenced_key_missing", name, SqlNames.quote(child.name())
                            + "'s foreign key " + SqlNames.quote(fk.name()) + " references " + SqlNames.list(fk.referencedColumns())
                            + " of " + shown + ", which the change leaves without a primary key or "
                            + "unique constraint: keep the key, or drop the foreign key on the branch too."));
                }
            }
        }
    }

    /** New or changed checks that read tables cannot be deployed: see {@link SchemaSnapshot.Check#readsTables()}. */
    private static void checkConditions(Table before, Table after, String name, String t, List<LintFinding> findings) {
        for (SchemaSnapshot.Check check : after.checks()) {
            boolean kept = before != null && before.checks().contains(check);
            if (!kept && check.readsTables()) {
                findings.add(LintFinding.error("check_reads_tables", name, "The check " + q(check.name()) + " on " + t
                        + " reads other tables (" + check.expression() + "). H2 evaluates it only when rows of " + t
                        + " are written, not when the tables it reads change, so it would not hold as a constraint; "
                        + "Loopline does not deploy it or run it on production's data. Use a foreign key, or a check on "
                        + "this table's own columns."));
            }
        }
    }

    /** A domain's new or changed check that reads tables: refused as a table's would be. */
    private static void checkDomainConditions(SchemaSnapshot target, SchemaSnapshot result, List<LintFinding> findings) {
        for (SchemaSnapshot.Domain domain : result.domains()) {
            List<SchemaSnapshot.DomainCheck> before = target.domains().stream()
                    .filter(d -> d.schema().equals(domain.schema()) && d.name().equals(domain.name()))
                    .findFirst().map(SchemaSnapshot.Domain::checks).orElse(List.of());
            for (SchemaSnapshot.DomainCheck check : domain.checks()) {
                if (!before.contains(check) && new SchemaSnapshot.Check(check.name(), check.clause()).readsTables()) {
                    findings.add(LintFinding.error("check_reads_tables", domain.qualifiedName(), "The check of domain "
                            + domain.qualifiedName() + " reads tables (" + check.clause() + "). H2 evaluates it only when "
                            + "a column of that domain is written, not when the tables it reads change, so it would not "
                            + "hold as a constraint; Loopline does not deploy it. Use a foreign key, or a condition on "
                            + "VALUE alone."));
                }
            }
        }
    }

    private static void checkColumns(Table before, Table after, long rows, String name, String t,
            List<LintFinding> findings) {
        List<Column> dropped = before.columns().stream().filter(c -> after.exactColumn(c.name()).isEmpty()).toList();
        List<Column> added = after.columns().stream().filter(c -> before.exactColumn(c.name()).isEmpty()).toList();
        for (Column column : added) {
            if (!column.nullable() && column.defaultValue() == null && column.identity() == null
                    && column.generated() == null && rows > 0) {
                findings.add(LintFinding.error("not_null_without_default", name, "Column " + q(column.name()) + " is NOT NULL "
                        + "without a default, but " + t + " has rows: give it a default or allow NULL."));
            }
        }
        for (Column column : added) {
            if (column.defaultValue() != null && rows > 0
                    && VOLATILE.matcher(column.defaultValue().replaceAll("'(?:[^']|'')*'", "''")).find()) {
                findings.add(LintFinding.warning("volatile_default", name, "Column " + q(column.name()) + " is added with the "
                        + "default " + column.defaultValue() + ", which is evaluated when each row is copied: the rows "
                        + t + " has now all get the copy's time (or a fresh value), not a value from when they were "
                        + "written. Backfill them afterwards if that matters."));
            }
        }
        for (Column column : dropped) {
            findings.add(LintFinding.warning("column_dropped", name, "Dropping " + t + "." + q(column.name()) + " loses its "
                    + "data; it can be brought back only by reverting inside the revert window."));
            added.stream().filter(a -> a.type().equals(column.type())).findFirst().ifPresent(a -> findings.add(
                    LintFinding.warning("possible_rename", name, q(column.name()) + " is dropped and " + q(a.name())
                            + " of the same type (" + a.type() + ") is added. If you meant to rename " + q(column.name())
                            + ", this change would lose its data: confirm it is not a rename.")));
        }
        for (Column column : after.columns()) {
            before.exactColumn(column.name()).filter(old -> isNarrowing(old.type(), column.type())).ifPresent(old ->
                    findings.add(LintFinding.warning("narrowing_type", name, "Column " + q(column.name()) + " narrows from "
                            + old.type() + " to " + column.type() + ": existing values may not fit.")));
        }
    }

    static boolean isNarrowing(String from, String to) {
        if (from.equals(to)) {
            return false;
        }
        int fromRank = INTEGERS.indexOf(from);
        int toRank = INTEGERS.indexOf(to);
        if (fromRank >= 0 && toRank >= 0) {
            return toRank < fromRank;
        }
        Matcher f = SIZED_TYPE.matcher(from);
        Matcher t = SIZED_TYPE.matcher(to);
        if (f.matches() && t.matches() && f.group(1).equals(t.group(1))) {
            long fromSize = Long.parseLong(f.group(2));
            long toSize = Long.parseLong(t.group(2));
            int fromScale = f.group(3) == null ? 0 : Integer.parseInt(f.group(3));
            int toScale = t.group(3) == null ? 0 : Integer.parseInt(t.group(3));
            return toSize < fromSize || toScale < fromScale || (toSize - toScale) < (fromSize - fromScale);
        }
        return false;
    }

    private static void checkIndexes(Table table, String name, List<LintFinding> findings) {
        List<Index> indexes = table.indexes();
        for (int i = 0; i < indexes.size(); i++) {
            Index index = indexes.get(i);
            for (int j = i + 1; j < indexes.size(); j++) {
                if (indexes.get(j).columns().equals(index.columns())) {
                    findings.add(LintFinding.warning("duplicate_index", name, "Indexes " + q(index.name()) + " and "
                            + q(indexes.get(j).name()) + " cover the same columns (" + SqlNames.list(index.columns())
                            + "): keep one."));
                }
            }
            if (index.unique()) {
                continue;
            }
            Optional<String> wider = indexes.stream().filter(other -> isStrictPrefix(index.columns(), other.columns()))
                    .map(other -> q(other.name())).findFirst();
            if (wider.isEmpty() && (isStrictPrefix(index.columns(), table.primaryKey())
                    || index.columns().equals(table.primaryKey()))) {
                wider = Optional.of("the primary key");
            }
            wider.ifPresent(other -> findings.add(LintFinding.warning("redundant_index", name, "Index "
                    + q(index.name()) + " (" + SqlNames.list(index.columns()) + ") is a prefix of " + other + " and adds nothing.")));
        }
    }

    private static String q(String name) {
        return SqlNames.quote(name);
    }

    private static boolean isStrictPrefix(List<String> prefix, List<String> columns) {
        return columns.size() > prefix.size() && columns.subList(0, prefix.size()).equals(prefix);
    }
}
