package dev.loopline.schema;

import java.util.List;
import java.util.Objects;

import dev.loopline.schema.SchemaSnapshot.Check;
import dev.loopline.schema.SchemaSnapshot.Column;
import dev.loopline.schema.SchemaSnapshot.ForeignKey;
import dev.loopline.schema.SchemaSnapshot.Identity;
import dev.loopline.schema.SchemaSnapshot.Index;
import dev.loopline.schema.SchemaSnapshot.Table;

/**
 * The DDL for a column's changed definition (type, default, identity, generation expression, {@code ON UPDATE},
 * nullability, comment) and for a table's changed checks and comment, as {@link SchemaDiff} applies them. An identity
 * whose start changes, a column that becomes an identity and a changed generation expression are defined anew
 * ({@code ALTER COLUMN c <definition>}), which restarts an identity at its start, as {@link Identity#continues} says;
 * other identity options are changed in place and keep counting.
 */
final class TableDetailsDiff {

    private TableDetailsDiff() {
    }

    static void dropChecks(Table from, Table to, List<String> statements, List<String> descriptions) {
        for (Check check : from.checks()) {
            if (!sameCheck(to, check)) {
                statements.add("ALTER TABLE " + q(to.name()) + " DROP CONSTRAINT " + q(check.name()) + ";");
                descriptions.add("- check " + q(check.name()) + " (" + check.expression() + ")");
            }
        }
    }

    static void addChecksAndComment(Table from, Table to, List<String> statements, List<String> descriptions) {
        for (Check check : to.checks()) {
            if (!sameCheck(from, check)) {
                statements.add(DdlRenderer.addCheck(to.name(), check));
                descriptions.add("+ check " + q(check.name()) + " (" + check.expression() + ")");
            }
            else if (!from.checks().contains(check)) {
                // the constraint as it is named where the statement runs (a generated name may differ)
                String name = from.checks().stream().filter(c -> c.sameName(check) && c.expression().equals(check.expression()))
                        .findFirst().orElse(check).name();
                statements.add("COMMENT ON CONSTRAINT " + q(name) + " IS " + literal(check.comment()) + ";");
                descriptions.add("~ comment on check " + q(check.name()) + ": " + literal(check.comment()));
            }
        }
        for (Index index : to.indexes()) {
            if (hasIndex(from, index) && !from.indexes().contains(index)) {
                statements.add("COMMENT ON " + (index.constraint() ? "CONSTRAINT " : "INDEX ") + q(index.name()) + " IS "
                        + literal(index.comment()) + ";");
                descriptions.add("~ comment on index " + q(index.name()) + ": " + literal(index.comment()));
            }
        }
        for (ForeignKey fk : to.foreignKeys()) {
            if (hasForeignKey(from, fk) && !from.foreignKeys().contains(fk)) {
                statements.add("COMMENT ON CONSTRAINT " + q(fk.name()) + " IS " + literal(fk.comment()) + ";");
                descriptions.add("~ comment on foreign key " + q(fk.name()) + ": " + literal(fk.comment()));
            }
        }
        if (!Objects.equals(from.comment(), to.comment())) {
            statements.add("COMMENT ON TABLE " + q(to.name()) + " IS " + literal(to.comment()) + ";");
            descriptions.add("~ comment on table " + q(to.name()) + ": " + literal(to.comment()));
        }
    }

    /** Whether {@code table} has this index, its comment aside (a comment changes without rebuilding the index). */
    static boolean hasIndex(Table table, Index index) {
        return table.indexes().stream().anyMatch(i -> i.commented(null).equals(index.commented(null)));
    }

    /** Whether {@code table} has this foreign key, its comment aside. */
    static boolean hasForeignKey(Table table, ForeignKey fk) {
        return table.foreignKeys().stream().anyMatch(f -> f.commented(null).equals(fk.commented(null)));
    }

    /** Whether {@code table} has a check of this name and expression (its comment aside). */
    private static boolean sameCheck(Table table, Check check) {
        return table.checks().stream().anyMatch(c -> c.sameName(check) && c.expression().equals(check.expression()));
    }

    /** {@code " ON DELETE CASCADE ON UPDATE SET NULL"}: the actions that are not {@code NO ACTION}. */
    static String actions(ForeignKey fk) {
        return ("NO ACTION".equals(fk.onDelete()) ? "" : " ON DELETE " + fk.onDelete())
                + ("NO ACTION".equals(fk.onUpdate()) ? "" : " ON UPDATE " + fk.onUpdate());
    }

    static void modify(String t, Column from, Column to, List<String> statements, List<String> descriptions) {
        String c = q(to.name());
        String alter = "ALTER TABLE " + t + " ALTER COLUMN " + c;
        boolean redefine = to.identity() != null && !to.identity().continues(from.identity())
                || to.generated() != null && !to.generated().equals(from.generated());
        if (redefine) {
            // a definition here takes no NOT NULL: nullability follows on its own
            Column definition = new Column(to.name(), to.type(), true, to.defaultValue(), to.identity(), to.generated(),
                    to.onUpdate(), to.comment());
            statements.add("ALTER TABLE " + t + " ALTER COLUMN " + DdlRenderer.column(definition) + ";");
            if (to.onUpdate() == null && from.onUpdate() != null) {
                statements.add(alter + " DROP ON UPDATE;");
            }
            if (!to.nullable()) {
                statements.add(alter + " SET NOT NULL;");
            }
            else if (!from.nullable()) {
                statements.add(alter + " DROP NOT NULL;");
            }
            if (to.comment() == null && from.comment() != null) {
                statements.add("COMMENT ON COLUMN " + t + "." + c + " IS NULL;");
            }
            descriptions.add(describe(c, from, to));
            return;
        }
        if (from.generated() != null && to.generated() == null) {
            statements.add(alter + " DROP EXPRESSION;");
        }
        if (from.identity() != null && to.identity() == null) {
            statements.add(alter + " DROP IDENTITY;");
        }
        if (!from.type().equals(to.type())) {
            statements.add(alter + " SET DATA TYPE " + to.type() + ";");
        }
        if (from.identity() != null && to.identity() != null) {
            identityOptions(alter, from.identity(), to.identity(), statements);
        }
        if (!Objects.equals(from.defaultValue(), to.defaultValue())) {
            statements.add(to.defaultValue() == null ? alter + " DROP DEFAULT;" : alter + " SET DEFAULT " + to.defaultValue() + ";");
        }
        if (!Objects.equals(from.onUpdate(), to.onUpdate())) {
            statements.add(to.onUpdate() == null ? alter + " DROP ON UPDATE;" : alter + " SET ON UPDATE " + to.onUpdate() + ";");
        }
        if (from.nullable() != to.nullable()) {
            statements.add(alter + (to.nullable() ? " DROP NOT NULL;" : " SET NOT NULL;"));
        }
        if (!Objects.equals(from.comment(), to.comment())) {
            statements.add("COMMENT ON COLUMN " + t + "." + c + " IS " + literal(to.comment()) + ";");
        }
        descriptions.add(describe(c, from, to));
    }

    /** Changes an identity's options in place: the sequence keeps its current value. */
    private static void identityOptions(String alter, Identity from, Identity to, List<String> statements) {
        if (!from.generation().equals(to.generation())) {
            statements.add(alter + " SET GENERATED " + to.generation() + ";");
        }
        if (from.increment() != to.increment()) {
            statements.add(alter + " SET INCREMENT BY " + to.increment() + ";");
        }
        if (!Objects.equals(from.minimum(), to.minimum())) {
            statements.add(alter + (to.minimum() == null ? " SET NO MINVALUE;" : " SET MINVALUE " + to.minimum() + ";"));
        }
        if (!Objects.equals(from.maximum(), to.maximum())) {
            statements.add(alter + (to.maximum() == null ? " SET NO MAXVALUE;" : " SET MAXVALUE " + to.maximum() + ";"));
        }
        if (from.cycle() != to.cycle()) {
            statements.add(alter + (to.cycle() ? " SET CYCLE;" : " SET NO CYCLE;"));
        }
        if (!Objects.equals(from.cache(), to.cache())) {
            long cache = to.cache() == null ? 32 : to.cache();
            statements.add(alter + (cache <= 1 ? " SET NO CACHE;" : " SET CACHE " + cache + ";"));
        }
    }

    /** {@code ~ column QTY INTEGER → BIGINT NOT NULL}: the name once, then each definition without it. */
    private static String describe(String c, Column from, Column to) {
        return "~ column " + c + " " + definition(from) + " → " + definition(to);
    }

    private static String definition(Column column) {
        return DdlRenderer.column(column).substring(SqlNames.quote(column.name()).length() + 1);
    }

    private static String literal(String text) {
        return text == null ? "NULL" : SqlNames.literal(text);
    }

    private static String q(String name) {
        return SqlNames.quote(name);
    }
}
