package dev.loopline.engine.h2;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import dev.loopline.engine.h2.SchemaSpec.ColumnSpec;
import dev.loopline.engine.h2.SchemaSpec.ForeignKeySpec;
import dev.loopline.engine.h2.SchemaSpec.IndexSpec;
import dev.loopline.engine.h2.SchemaSpec.TableSpec;
import dev.loopline.engine.h2.SchemaSpec.UniqueSpec;

/**
 * Random edits of a generated schema, so that the diff from a schema to its mutation is non-trivial: tables added and
 * dropped, columns added, dropped, retyped, made (not) null, given another default; keys, unique constraints, indexes
 * (and their ordering) and foreign keys (and their actions) changed. Each result is {@linkplain SchemaSpec#normalized
 * normalized}, so references stay valid. Extension point: a new object kind adds its edits to {@link #KINDS}.
 */
final class SchemaMutations {

    private SchemaMutations() {
    }

    enum Kind {
        ADD_TABLE, DROP_TABLE, ADD_COLUMN, DROP_COLUMN, RETYPE_COLUMN, TOGGLE_NOT_NULL, CHANGE_DEFAULT, CHANGE_PRIMARY_KEY,
        ADD_INDEX, DROP_INDEX, REORDER_INDEX, ADD_UNIQUE, DROP_UNIQUE, ADD_FOREIGN_KEY, DROP_FOREIGN_KEY,
        CHANGE_FOREIGN_KEY_ACTION
    }

    static final List<Kind> KINDS = List.of(Kind.values());

    /** One to four edits of {@code schema}. */
    static Arbitrary<SchemaSpec> of(SchemaSpec schema) {
        return Arbitraries.integers().between(1, 4).flatMap(n -> steps(schema, n));
    }

    private static Arbitrary<SchemaSpec> steps(SchemaSpec schema, int n) {
        if (n == 0) {
            return Arbitraries.just(schema);
        }
        return Combinators.combine(Arbitraries.of(KINDS), Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 1000)).flatAs((kind, a, b) -> step(schema, kind, a, b))
                .flatMap(next -> steps(next, n - 1));
    }

    private static Arbitrary<SchemaSpec> step(SchemaSpec s, Kind kind, int a, int b) {
        List<TableSpec> tables = new ArrayList<>(s.tables());
        int t = a % tables.size();
        TableSpec table = tables.get(t);
        List<ColumnSpec> columns = new ArrayList<>(table.columns());
        ColumnSpec column = columns.get(b % columns.size());
        List<ForeignKeySpec> fks = new ArrayList<>(s.foreignKeys());
        switch (kind) {
            case ADD_TABLE -> {
                String name = RandomSchemas.TABLE_NAMES.stream().filter(x -> s.table(x) == null).findFirst().orElse(null);
                if (name == null) {
                    return Arbitraries.just(s);
                }
                return RandomSchemas.table(name, 10 + tables.size()).map(added -> {
                    List<TableSpec> more = new ArrayList<>(tables);
                    more.add(added);
                    return new SchemaSpec(more, fks, s.extraStatements()).normalized();
                });
            }
            case DROP_TABLE -> {
                if (tables.size() > 1) {
                    tables.remove(t);
                }
            }
            case ADD_COLUMN -> {
                String name = RandomSchemas.COLUMN_NAMES.stream().filter(x -> table.column(x) == null)
                        .findFirst().orElse("added " + b);
                return RandomSchemas.column(name).map(added -> {
                    List<ColumnSpec> more = new ArrayList<>(columns);
                    more.add(added);
                    return replaced(s, t, table.with(more));
                });
            }
            case DROP_COLUMN -> {
                if (columns.size() > 1) {
                    columns.remove(column);
                }
            }
            case RETYPE_COLUMN -> {
                return RandomSchemas.column(column.name()).map(changed -> {
                    List<ColumnSpec> retyped = new ArrayList<>(columns);
                    retyped.set(retyped.indexOf(column), changed);
                    return replaced(s, t, table.with(retyped));
                });
            }
            case TOGGLE_NOT_NULL -> columns.set(columns.indexOf(column), new ColumnSpec(column.name(), column.type(),
                    column.defaultSql(), !column.notNull(), column.extraClauses()));
            case CHANGE_DEFAULT -> {
                List<String> options = new ArrayList<>(column.type().defaults());
                options.add(null);
                String dflt = options.get(b % options.size());
                columns.set(columns.indexOf(column), new ColumnSpec(column.name(), column.type(), dflt,
                        column.notNull(), column.extraClauses()));
            }
            case CHANGE_PRIMARY_KEY -> {
                List<String> pk = table.primaryKey().isEmpty() || b % 2 == 0 ? List.of(column.name()) : List.of();
                tables.set(t, new TableSpec(table.name(), columns, pk, table.uniques(), table.indexes(), table.extraClauses()));
                return Arbitraries.just(new SchemaSpec(tables, fks, s.extraStatements()).normalized());
            }
            case ADD_INDEX -> {
                List<IndexSpec> indexes = new ArrayList<>(table.indexes());
                indexes.add(new IndexSpec("added ix " + t + " " + b, List.of(column.name()),
                        List.of(RandomSchemas.INDEX_ORDERINGS.get(b % RandomSchemas.INDEX_ORDERINGS.size())), a % 2 == 0));
                tables.set(t, new TableSpec(table.name(), columns, table.primaryKey(), table.uniques(), indexes,
                        table.extraClauses()));
                return Arbitraries.just(new SchemaSpec(tables, fks, s.extraStatements()).normalized());
            }
            case DROP_INDEX, REORDER_INDEX -> {
                List<IndexSpec> indexes = new ArrayList<>(table.indexes());
                if (!indexes.isEmpty()) {
                    IndexSpec index = indexes.remove(b % indexes.size());
                    if (kind == Kind.REORDER_INDEX) {
                        List<String> ordering = index.ordering().stream().map(o -> RandomSchemas.INDEX_ORDERINGS
                                .get((RandomSchemas.INDEX_ORDERINGS.indexOf(o) + 1 + a) % RandomSchemas.INDEX_ORDERINGS.size()))
                                .toList();
                        indexes.add(new IndexSpec(index.name(), index.columns(), ordering, index.unique()));
                    }
                }
                tables.set(t, new TableSpec(table.name(), columns, table.primaryKey(), table.uniques(), indexes,
                        table.extraClauses()));
                return Arbitraries.just(new SchemaSpec(tables, fks, s.extraStatements()).normalized());
            }
            case ADD_UNIQUE, DROP_UNIQUE -> {
                List<UniqueSpec> uniques = new ArrayList<>(table.uniques());
                if (kind == Kind.ADD_UNIQUE) {
                    uniques.add(new UniqueSpec("added uq " + t + " " + b, List.of(column.name())));
                }
                else if (!uniques.isEmpty()) {
                    uniques.remove(b % uniques.size());
                }
                tables.set(t, new TableSpec(table.name(), columns, table.primaryKey(), uniques, table.indexes(),
                        table.extraClauses()));
                return Arbitraries.just(new SchemaSpec(tables, fks, s.extraStatements()).normalized());
            }
            case ADD_FOREIGN_KEY -> {
                return RandomSchemas.foreignKeys(tables, fks, "added " + a + " ").map(withKeys ->
                        new SchemaSpec(withKeys.tables(), withKeys.foreignKeys(), s.extraStatements()).normalized());
            }
            case DROP_FOREIGN_KEY, CHANGE_FOREIGN_KEY_ACTION -> {
                if (!fks.isEmpty()) {
                    ForeignKeySpec fk = fks.remove(b % fks.size());
                    if (kind == Kind.CHANGE_FOREIGN_KEY_ACTION) {
                        List<String> actions = RandomSchemas.FOREIGN_KEY_ACTIONS;
                        fks.add(new ForeignKeySpec(fk.name(), fk.table(), fk.columns(), fk.referencedTable(),
                                fk.referencedColumns(), actions.get((actions.indexOf(fk.onDelete()) + 1 + a) % actions.size())));
                    }
                }
            }
        }
        if (kind != Kind.DROP_TABLE) {
            tables.set(t, tables.get(t).with(columns));
        }
        return Arbitraries.just(new SchemaSpec(tables, fks, s.extraStatements()).normalized());
    }

    /** {@code s} with table number {@code t} replaced (lambdas above run once per generated value: no shared lists). */
    private static SchemaSpec replaced(SchemaSpec s, int t, TableSpec table) {
        List<TableSpec> tables = new ArrayList<>(s.tables());
        tables.set(t, table);
        return new SchemaSpec(tables, s.foreignKeys(), s.extraStatements()).normalized();
    }
}
