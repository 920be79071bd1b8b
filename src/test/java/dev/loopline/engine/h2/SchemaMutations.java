package dev.loopline.engine.h2;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

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
        CHANGE_FOREIGN_KEY_ACTION, CHANGE_COLUMN_EXTRAS, CHANGE_CHECKS, CHANGE_TABLE_COMMENT
    }

    static final List<Kind> KINDS = List.of(Kind.values());

    /** One to four edits of {@code schema}, drawn from {@code random}. */
    static SchemaSpec of(RandomGenerator random, SchemaSpec schema) {
        SchemaSpec result = schema;
        for (int n = RandomSchemas.between(random, 1, 4); n > 0; n--) {
            Kind kind = RandomSchemas.pick(random, KINDS);
            int a = RandomSchemas.between(random, 0, 1000);
            int b = RandomSchemas.between(random, 0, 1000);
            result = step(random, result, kind, a, b);
        }
        return result;
    }

    private static SchemaSpec step(RandomGenerator random, SchemaSpec s, Kind kind, int a, int b) {
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
                    return s;
                }
                tables.add(RandomSchemas.table(random, name, 10 + tables.size()));
                return new SchemaSpec(tables, fks, s.extraStatements()).normalized();
            }
            case DROP_TABLE -> {
                if (tables.size() > 1) {
                    tables.remove(t);
                }
            }
            case ADD_COLUMN -> {
                String name = RandomSchemas.COLUMN_NAMES.stream().filter(x -> table.column(x) == null)
                        .findFirst().orElse("added " + b);
                // anywhere, not only last: the diff adds it in its place
                columns.add(random.nextInt(columns.size() + 1), RandomSchemas.column(random, name));
            }
            case DROP_COLUMN -> {
                if (columns.size() > 1) {
                    columns.remove(column);
                }
            }
            case RETYPE_COLUMN -> {
                columns.set(columns.indexOf(column), RandomSchemas.column(random, column.name()));
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
                return new SchemaSpec(tables, fks, s.extraStatements()).normalized();
            }
            case ADD_INDEX -> {
                List<IndexSpec> indexes = new ArrayList<>(table.indexes());
                indexes.add(new IndexSpec("added ix " + t + " " + b, List.of(column.name()),
                        List.of(RandomSchemas.INDEX_ORDERINGS.get(b % RandomSchemas.INDEX_ORDERINGS.size())), a % 2 == 0));
                tables.set(t, new TableSpec(table.name(), columns, table.primaryKey(), table.uniques(), indexes,
                        table.extraClauses()));
                return new SchemaSpec(tables, fks, s.extraStatements()).normalized();
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
                return new SchemaSpec(tables, fks, s.extraStatements()).normalized();
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
                return new SchemaSpec(tables, fks, s.extraStatements()).normalized();
            }
            case ADD_FOREIGN_KEY -> {
                SchemaSpec withKeys = RandomSchemas.foreignKeys(random, tables, fks, "added " + a + " ");
                return new SchemaSpec(withKeys.tables(), withKeys.foreignKeys(), s.extraStatements()).normalized();
            }
            case CHANGE_COLUMN_EXTRAS -> columns.set(columns.indexOf(column), new ColumnSpec(column.name(), column.type(),
                    column.defaultSql(), column.notNull(), RandomSchemas.columnExtras(random, column.type())));
            case CHANGE_CHECKS -> {
                tables.set(t, new TableSpec(table.name(), columns, table.primaryKey(), table.uniques(), table.indexes(),
                        RandomSchemas.tableExtras(random, 20 + a, columns)));
                return new SchemaSpec(tables, fks, s.extraStatements()).normalized();
            }
            case CHANGE_TABLE_COMMENT -> {
                List<String> statements = new ArrayList<>(s.extraStatements().stream().filter(sql ->
                        !sql.startsWith("COMMENT ON TABLE " + dev.loopline.schema.SqlNames.quote(table.name()) + " IS ")).toList());
                if (b % 3 != 0) {
                    statements.add(RandomSchemas.tableComment(random, table.name()));
                }
                return new SchemaSpec(tables, fks, statements).normalized();
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
        return new SchemaSpec(tables, fks, s.extraStatements()).normalized();
    }
}
