package dev.loopline.engine.h2;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import dev.loopline.engine.h2.SchemaSpec.ColumnSpec;
import dev.loopline.engine.h2.SchemaSpec.ForeignKeySpec;
import dev.loopline.engine.h2.SchemaSpec.IndexSpec;
import dev.loopline.engine.h2.SchemaSpec.TableSpec;
import dev.loopline.engine.h2.SchemaSpec.TypeSpec;
import dev.loopline.engine.h2.SchemaSpec.UniqueSpec;

/**
 * jqwik generators of random H2 schemas covering what {@code SchemaSnapshot} holds: tables and columns with awkward
 * names, every H2 data type with its parameters (nested ARRAY and ROW included), defaults, NOT NULL, primary keys,
 * unique constraints, indexes with their ordering, foreign keys with their ON DELETE actions; and mutations of a
 * schema ({@link SchemaMutations}) for diffs.
 * <p>
 * <b>Adding an object kind</b> (identity details, checks, generated columns, ON UPDATE, FK ON UPDATE, comments, views,
 * sequences, domains, non-PUBLIC schemas): write one arbitrary and hook it into one of the extension points below —
 * {@link #columnExtras} (clauses after a column), {@link #tableExtras} (constraints inside CREATE TABLE),
 * {@link #schemaExtras} (statements of their own, run after tables and foreign keys) or {@link #FOREIGN_KEY_ACTIONS};
 * new data types go into {@link #scalarTypes()}.
 */
final class RandomSchemas {

    private RandomSchemas() {
    }

    /** Table names: keywords, lower case, mixed case, spaces, a quote, non-ASCII — and one plain name. */
    static final List<String> TABLE_NAMES = List.of("order", "select", "Mixed Case", "lower", "with space", "ORDERS",
            "group", "Value", "KEY", "T_1", "ünïcode", "quote\"d", "from to");

    static final List<String> COLUMN_NAMES = List.of("id", "ID", "select", "Mixed Case", "from", "VALUE", "a b", "x\"y",
            "Ünï", "CODE", "order", "at", "n1", "Key");

    /** Prefixes of index and constraint names by kind; the table and a counter make each name unique. */
    private static final List<String> INDEX_PREFIXES = List.of("ix ", "IX_", "Ix", "index");
    private static final List<String> UNIQUE_PREFIXES = List.of("uq ", "UQ_", "Unique");
    private static final List<String> FK_PREFIXES = List.of("fk ", "FK_", "→");

    /** Extension point: ON DELETE actions ({@code null}: none written). FK ON UPDATE joins here once modelled. */
    static final List<String> FOREIGN_KEY_ACTIONS = java.util.Arrays.asList(null, "CASCADE", "SET NULL", "SET DEFAULT",
            "RESTRICT", "NO ACTION");

    static final List<String> INDEX_ORDERINGS = List.of("", "ASC", "DESC", "NULLS FIRST", "NULLS LAST",
            "DESC NULLS FIRST", "DESC NULLS LAST", "ASC NULLS LAST");

    private static final List<String> TEXT_DEFAULTS = List.of("''", "'a'", "'it''s'", "'Mixed Case'", "'ü'");

    // ---- types -------------------------------------------------------------------------------------------------

    private static TypeSpec keyable(String sql, String... defaults) {
        return new TypeSpec(sql, true, List.of(defaults));
    }

    private static TypeSpec plain(String sql, String... defaults) {
        return new TypeSpec(sql, false, List.of(defaults));
    }

    /** Every scalar H2 type, with random parameters and defaults that fit. Extension point for new types. */
    static Arbitrary<TypeSpec> scalarTypes() {
        Arbitrary<Integer> length = Arbitraries.integers().between(1, 300);
        Arbitrary<Integer> fraction = Arbitraries.integers().between(0, 9);
        return Arbitraries.oneOf(List.of(
                Arbitraries.of(keyable("TINYINT", "0", "-7"), keyable("SMALLINT", "300"),
                        keyable("INTEGER", "7", "1 + 2", "-1"), keyable("BIGINT", "9000000000"),
                        keyable("REAL", "1.5"), keyable("DOUBLE PRECISION", "0", "2.5E10"), keyable("BOOLEAN", "TRUE", "FALSE"),
                        keyable("DATE", "CURRENT_DATE", "DATE '2024-02-29'"), keyable("UUID", "RANDOM_UUID()",
                                "UUID '123e4567-e89b-12d3-a456-426614174000'"),
                        keyable("DECFLOAT", "1.5"), plain("JSON", "JSON '{\"a\":[1,2]}'"), plain("CHARACTER LARGE OBJECT", "'a'"),
                        plain("BINARY LARGE OBJECT"), plain("JAVA_OBJECT"), keyable("GEOMETRY"),
                        keyable("GEOMETRY(POINT)"), keyable("GEOMETRY(POLYGON, 4326)"), keyable("FLOAT", "0")),
                Combinators.combine(Arbitraries.integers().between(1, 38), Arbitraries.integers().between(0, 38))
                        .as((p, s) -> keyable("NUMERIC(" + p + ", " + Math.min(p, s) + ")",
                                p > Math.min(p, s) ? "1" : "0")),
                Combinators.combine(Arbitraries.integers().between(1, 38), Arbitraries.integers().between(0, 38))
                        .as((p, s) -> keyable("DECIMAL(" + p + ", " + Math.min(p, s) + ")", "0")),
                Arbitraries.integers().between(1, 40).map(p -> keyable("DECFLOAT(" + p + ")", "2")),
                Arbitraries.integers().between(1, 53).map(p -> keyable("FLOAT(" + p + ")", "1.5")),
                length.map(n -> keyable("CHARACTER VARYING(" + n + ")", fitting(n))),
                length.map(n -> keyable("CHARACTER(" + n + ")", fitting(n))),
                length.map(n -> keyable("VARCHAR_IGNORECASE(" + n + ")", fitting(n))),
                length.map(n -> keyable("BINARY VARYING(" + n + ")", "X'01'")),
                length.map(n -> keyable("BINARY(" + n + ")")),
                length.map(n -> plain("CLOB(" + n + ")", "'b'")),
                length.map(n -> plain("BLOB(" + n + ")")),
                fraction.map(n -> keyable("TIME(" + n + ")", "LOCALTIME", "TIME '10:11:12'")),
                fraction.map(n -> keyable("TIME(" + n + ") WITH TIME ZONE", "CURRENT_TIME")),
                fraction.map(n -> keyable("TIMESTAMP(" + n + ")", "LOCALTIMESTAMP", "TIMESTAMP '2024-01-02 03:04:05'")),
                fraction.map(n -> keyable("TIMESTAMP(" + n + ") WITH TIME ZONE", "CURRENT_TIMESTAMP")),
                intervals(),
                enums()));
    }

    /** Literal defaults that fit a character column of this length. */
    private static String[] fitting(int length) {
        return TEXT_DEFAULTS.stream().filter(d -> d.length() - 2 <= length).toArray(String[]::new);
    }

    static Arbitrary<TypeSpec> intervals() {
        Arbitrary<String> qualifier = Arbitraries.of("YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND", "YEAR TO MONTH",
                "DAY TO HOUR", "DAY TO MINUTE", "DAY TO SECOND", "HOUR TO MINUTE", "HOUR TO SECOND", "MINUTE TO SECOND");
        Arbitrary<Integer> leading = Arbitraries.integers().between(1, 18).injectNull(0.5);
        Arbitrary<Integer> fraction = Arbitraries.integers().between(0, 9).injectNull(0.5);
        return Combinators.combine(qualifier, leading, fraction).as((q, p, f) -> {
            String[] parts = q.split(" TO ");
            StringBuilder sql = new StringBuilder("INTERVAL ").append(parts[0]);
            if (parts.length == 1 && "SECOND".equals(parts[0])) {
                if (p != null) {
                    sql.append('(').append(p).append(f == null ? "" : ", " + f).append(')');
                }
                return keyable(sql.toString(), "INTERVAL '3' SECOND");
            }
            if (p != null) {
                sql.append('(').append(p).append(')');
            }
            if (parts.length == 2) {
                sql.append(" TO ").append(parts[1]);
                if ("SECOND".equals(parts[1]) && f != null) {
                    sql.append('(').append(f).append(')');
                }
                return keyable(sql.toString());
            }
            return keyable(sql.toString(), "INTERVAL '3' " + parts[0]);
        });
    }

    static Arbitrary<TypeSpec> enums() {
        return Arbitraries.of("small", "large", "it's", "Mixed Case", "ü", " spaced ").list().uniqueElements()
                .ofMinSize(1).ofMaxSize(4).map(values -> {
                    String list = values.stream().map(dev.loopline.schema.SqlNames::literal).collect(Collectors.joining(", "));
                    return keyable("ENUM(" + list + ")", dev.loopline.schema.SqlNames.literal(values.get(0)));
                });
    }

    /** Any type: scalars, and ARRAY (with or without cardinality) and ROW nested up to {@code depth} levels. */
    static Arbitrary<TypeSpec> types(int depth) {
        if (depth == 0) {
            return scalarTypes();
        }
        Arbitrary<TypeSpec> inner = Arbitraries.lazy(() -> types(depth - 1));
        Arbitrary<TypeSpec> array = Combinators.combine(inner, Arbitraries.integers().between(1, 100).injectNull(0.5))
                .as((element, cardinality) -> plain(element.sql() + " ARRAY" + (cardinality == null ? "" : "[" + cardinality + "]"),
                        cardinality == null || cardinality > 0 ? new String[] { "ARRAY[]" } : new String[0]));
        Arbitrary<TypeSpec> row = Combinators.combine(Arbitraries.of(COLUMN_NAMES).list().uniqueElements().ofMinSize(1)
                .ofMaxSize(3), inner.list().ofSize(3)).as((names, fieldTypes) -> plain("ROW(" + IntStream
                        .range(0, names.size()).mapToObj(i -> dev.loopline.schema.SqlNames.quote(names.get(i)) + " "
                                + fieldTypes.get(i).sql()).collect(Collectors.joining(", ")) + ")"));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, scalarTypes()), net.jqwik.api.Tuple.of(2, array),
                net.jqwik.api.Tuple.of(1, row));
    }

    // ---- columns and tables ------------------------------------------------------------------------------------

    /** Extension point: clauses after a column's NOT NULL (identity, GENERATED ALWAYS AS, ON UPDATE). */
    static Arbitrary<List<String>> columnExtras(TypeSpec type) {
        return Arbitraries.just(List.of());
    }

    /** Extension point: constraints inside CREATE TABLE that the model does not hold as columns or keys (CHECK). */
    static Arbitrary<List<String>> tableExtras(List<ColumnSpec> columns) {
        return Arbitraries.just(List.of());
    }

    /** Extension point: statements of their own after tables and foreign keys (views, sequences, domains, comments). */
    static Arbitrary<List<String>> schemaExtras(SchemaSpec schema) {
        return Arbitraries.just(List.of());
    }

    static Arbitrary<ColumnSpec> column(String name) {
        return types(2).flatMap(type -> Combinators.combine(
                type.defaults().isEmpty() ? Arbitraries.just((String) null)
                        : Arbitraries.of(type.defaults()).injectNull(0.5),
                Arbitraries.of(true, false), columnExtras(type))
                .as((dflt, notNull, extras) -> new ColumnSpec(name, type, dflt, notNull, extras)));
    }

    static Arbitrary<TableSpec> table(String name, int number) {
        Arbitrary<List<String>> names = Arbitraries.of(COLUMN_NAMES).list().uniqueElements().ofMinSize(1).ofMaxSize(6);
        return names.flatMap(columnNames -> Combinators.combine(columnNames.stream().map(RandomSchemas::column).toList())
                .as(columns -> columns)).flatMap(columns -> keysAndIndexes(name, number, columns));
    }

    private static Arbitrary<TableSpec> keysAndIndexes(String name, int number, List<ColumnSpec> columns) {
        List<String> keyable = columns.stream().filter(c -> c.type().keyable()).map(ColumnSpec::name).toList();
        if (keyable.isEmpty()) {
            return tableExtras(columns).map(extras -> new TableSpec(name, columns, List.of(), List.of(), List.of(), extras));
        }
        Arbitrary<List<String>> keyColumns = Arbitraries.of(keyable).list().uniqueElements().ofMinSize(1)
                .ofMaxSize(Math.min(3, keyable.size()));
        Arbitrary<List<String>> primaryKey = Arbitraries.oneOf(Arbitraries.just(List.<String>of()), keyColumns);
        Arbitrary<List<UniqueSpec>> uniques = Combinators.combine(keyColumns.list().ofMaxSize(2),
                Arbitraries.of(UNIQUE_PREFIXES)).as((sets, prefix) -> IntStream.range(0, sets.size())
                        .mapToObj(i -> new UniqueSpec(prefix + number + "_" + i, sets.get(i))).toList());
        Arbitrary<IndexSpec> index = Combinators.combine(keyColumns, Arbitraries.of(INDEX_ORDERINGS).list().ofSize(3),
                Arbitraries.of(true, false)).as((cols, orders, unique) -> new IndexSpec("", cols,
                        orders.subList(0, cols.size()), unique));
        Arbitrary<List<IndexSpec>> indexes = Combinators.combine(index.list().ofMaxSize(3), Arbitraries.of(INDEX_PREFIXES))
                .as((list, prefix) -> IntStream.range(0, list.size()).mapToObj(i -> new IndexSpec(prefix + number + "_" + i,
                        list.get(i).columns(), list.get(i).ordering(), list.get(i).unique())).toList());
        return Combinators.combine(primaryKey, uniques, indexes, tableExtras(columns))
                .as((pk, uq, ix, extras) -> new TableSpec(name, columns, pk, uq, ix, extras));
    }

    // ---- schemas -----------------------------------------------------------------------------------------------

    /** A schema of one to four tables with foreign keys between them. */
    static Arbitrary<SchemaSpec> schemas() {
        Arbitrary<List<String>> names = Arbitraries.of(TABLE_NAMES).list().uniqueElements().ofMinSize(1).ofMaxSize(4);
        return names.flatMap(tableNames -> Combinators.combine(IntStream.range(0, tableNames.size())
                .mapToObj(i -> table(tableNames.get(i), i)).toList()).as(tables -> tables))
                .flatMap(tables -> foreignKeys(tables).map(withKeys -> withKeys))
                .flatMap(schema -> schemaExtras(schema).map(extras ->
                        new SchemaSpec(schema.tables(), schema.foreignKeys(), extras).normalized()));
    }

    /** A foreign key: a source table gains columns of the referenced key's types and refers to that key. */
    private record FkChoice(int from, int to, int key, String action, String prefix) {
    }

    static Arbitrary<SchemaSpec> foreignKeys(List<TableSpec> tables) {
        return foreignKeys(tables, List.of(), "");
    }

    /**
     * Up to three new foreign keys beside {@code existing} (kept), their names and columns tagged with {@code tag};
     * a choice whose names are taken already is skipped.
     */
    static Arbitrary<SchemaSpec> foreignKeys(List<TableSpec> tables, List<ForeignKeySpec> existing, String tag) {
        int n = tables.size();
        Arbitrary<FkChoice> choice = Combinators.combine(Arbitraries.integers().between(0, n - 1),
                Arbitraries.integers().between(0, n - 1), Arbitraries.integers().between(0, 2),
                Arbitraries.of(FOREIGN_KEY_ACTIONS), Arbitraries.of(FK_PREFIXES)).as(FkChoice::new);
        return choice.list().ofMaxSize(3).map(choices -> {
            List<TableSpec> result = new ArrayList<>(tables);
            List<ForeignKeySpec> fks = new ArrayList<>(existing);
            int counter = 0;
            for (FkChoice c : choices) {
                TableSpec target = result.get(c.to());
                List<List<String>> keys = target.keys();
                if (keys.isEmpty()) {
                    continue;
                }
                List<String> key = keys.get(c.key() % keys.size());
                TableSpec source = result.get(c.from());
                String name = tag + c.prefix() + counter;
                if (fks.stream().anyMatch(fk -> fk.name().equals(name))
                        || key.stream().anyMatch(k -> source.column("ref " + name + " " + k) != null)) {
                    continue;
                }
                List<ColumnSpec> columns = new ArrayList<>(source.columns());
                List<String> fkColumns = new ArrayList<>();
                for (String referenced : key) {
                    String column = "ref " + name + " " + referenced;
                    columns.add(new ColumnSpec(column, target.column(referenced).type(), null, false));
                    fkColumns.add(column);
                }
                result.set(c.from(), source.with(columns));
                if (c.from() == c.to()) {
                    target = result.get(c.to());
                }
                fks.add(new ForeignKeySpec(name, source.name(), fkColumns, target.name(), key,
                        c.action()));
                counter++;
            }
            return new SchemaSpec(result, fks, List.of());
        });
    }
}
