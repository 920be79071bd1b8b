package dev.loopline.engine.h2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.loopline.engine.h2.SchemaSpec.ColumnSpec;
import dev.loopline.engine.h2.SchemaSpec.ForeignKeySpec;
import dev.loopline.engine.h2.SchemaSpec.IndexSpec;
import dev.loopline.engine.h2.SchemaSpec.TableSpec;
import dev.loopline.engine.h2.SchemaSpec.TypeSpec;
import dev.loopline.engine.h2.SchemaSpec.UniqueSpec;
import dev.loopline.schema.SqlNames;

/**
 * Generators of random H2 schemas covering what {@code SchemaSnapshot} holds: tables and columns with awkward
 * names, every H2 data type with its parameters (nested ARRAY and ROW included), defaults, NOT NULL, primary keys,
 * unique constraints, indexes with their ordering, foreign keys with their ON DELETE actions; and mutations of a
 * schema ({@link SchemaMutations}) for diffs.
 * <p>
 * Every generator draws from the {@link RandomGenerator} it is given and nothing else, so a seeded
 * {@code new java.util.Random(seed)} gives the same schema on every run.
 * <p>
 * Besides columns, keys and indexes it draws identity columns (ALWAYS / BY DEFAULT, start, increment, bounds, cycle,
 * cache; at most one per table), {@code ON UPDATE} expressions, column and table comments and CHECK constraints (named
 * and unnamed).
 * <p>
 * <b>Adding an object kind</b> (generated columns, FK ON UPDATE, views, sequences, domains, non-PUBLIC schemas): write
 * one generator and hook it into one of the extension points below —
 * {@link #columnExtras} (clauses after a column), {@link #tableExtras} (constraints inside CREATE TABLE),
 * {@link #schemaExtras} (statements of their own, run after tables and foreign keys) or {@link #FOREIGN_KEY_ACTIONS};
 * new data types go into {@link #SCALAR_TYPES}.
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
    static final List<String> FOREIGN_KEY_ACTIONS = Arrays.asList(null, "CASCADE", "SET NULL", "SET DEFAULT",
            "RESTRICT", "NO ACTION");

    static final List<String> INDEX_ORDERINGS = List.of("", "ASC", "DESC", "NULLS FIRST", "NULLS LAST",
            "DESC NULLS FIRST", "DESC NULLS LAST", "ASC NULLS LAST");

    private static final List<String> TEXT_DEFAULTS = List.of("''", "'a'", "'it''s'", "'Mixed Case'", "'ü'");

    private static final List<String> INTERVAL_QUALIFIERS = List.of("YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND",
            "YEAR TO MONTH", "DAY TO HOUR", "DAY TO MINUTE", "DAY TO SECOND", "HOUR TO MINUTE", "HOUR TO SECOND",
            "MINUTE TO SECOND");

    private static final List<String> ENUM_VALUES = List.of("small", "large", "it's", "Mixed Case", "ü", " spaced ");

    // ---- drawing -----------------------------------------------------------------------------------------------

    /** A number from {@code min} to {@code max}, both included. */
    static int between(RandomGenerator random, int min, int max) {
        return random.nextInt(min, max + 1);
    }

    static <T> T pick(RandomGenerator random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** {@code value}, or {@code null} half of the time. */
    static <T> T orNull(RandomGenerator random, T value) {
        return random.nextBoolean() ? value : null;
    }

    /** {@code min} to {@code max} distinct elements of {@code values}, in random order. */
    static <T> List<T> distinct(RandomGenerator random, List<T> values, int min, int max) {
        List<T> shuffled = new ArrayList<>(values);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            java.util.Collections.swap(shuffled, i, random.nextInt(i + 1));
        }
        return List.copyOf(shuffled.subList(0, between(random, min, Math.min(max, values.size()))));
    }

    /** {@code size} values of {@code element}, drawn one after another. */
    static <T> List<T> listOf(RandomGenerator random, int size, Function<RandomGenerator, T> element) {
        List<T> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(element.apply(random));
        }
        return list;
    }

    // ---- types -------------------------------------------------------------------------------------------------

    private static TypeSpec keyable(String sql, String... defaults) {
        return new TypeSpec(sql, true, List.of(defaults));
    }

    private static TypeSpec plain(String sql, String... defaults) {
        return new TypeSpec(sql, false, List.of(defaults));
    }

    private static final List<TypeSpec> FIXED_TYPES = List.of(keyable("TINYINT", "0", "-7"), keyable("SMALLINT", "300"),
            keyable("INTEGER", "7", "1 + 2", "-1"), keyable("BIGINT", "9000000000"),
            keyable("REAL", "1.5"), keyable("DOUBLE PRECISION", "0", "2.5E10"), keyable("BOOLEAN", "TRUE", "FALSE"),
            keyable("DATE", "CURRENT_DATE", "DATE '2024-02-29'"), keyable("UUID", "RANDOM_UUID()",
                    "UUID '123e4567-e89b-12d3-a456-426614174000'"),
            keyable("DECFLOAT", "1.5"), plain("JSON", "JSON '{\"a\":[1,2]}'"), plain("CHARACTER LARGE OBJECT", "'a'"),
            plain("BINARY LARGE OBJECT"), plain("JAVA_OBJECT"), keyable("GEOMETRY"),
            keyable("GEOMETRY(POINT)"), keyable("GEOMETRY(POLYGON, 4326)"), keyable("FLOAT", "0"));

    /**
     * Every scalar H2 type, with random parameters and defaults that fit: the types without parameters and one
     * generator for each type with parameters, all drawn equally often. Extension point for new types.
     */
    static final List<Function<RandomGenerator, TypeSpec>> SCALAR_TYPES = Stream.concat(
            FIXED_TYPES.stream().<Function<RandomGenerator, TypeSpec>>map(type -> r -> type),
            Stream.<Function<RandomGenerator, TypeSpec>>of(
            r -> {
                int p = between(r, 1, 38);
                int s = Math.min(p, between(r, 0, 38));
                return keyable("NUMERIC(" + p + ", " + s + ")", p > s ? "1" : "0");
            },
            r -> {
                int p = between(r, 1, 38);
                return keyable("DECIMAL(" + p + ", " + Math.min(p, between(r, 0, 38)) + ")", "0");
            },
            r -> keyable("DECFLOAT(" + between(r, 1, 40) + ")", "2"),
            r -> keyable("FLOAT(" + between(r, 1, 53) + ")", "1.5"),
            r -> length(r, n -> keyable("CHARACTER VARYING(" + n + ")", fitting(n))),
            r -> length(r, n -> keyable("CHARACTER(" + n + ")", fitting(n))),
            r -> length(r, n -> keyable("VARCHAR_IGNORECASE(" + n + ")", fitting(n))),
            r -> length(r, n -> keyable("BINARY VARYING(" + n + ")", "X'01'")),
            r -> length(r, n -> keyable("BINARY(" + n + ")")),
            r -> length(r, n -> plain("CLOB(" + n + ")", "'b'")),
            r -> length(r, n -> plain("BLOB(" + n + ")")),
            r -> keyable("TIME(" + between(r, 0, 9) + ")", "LOCALTIME", "TIME '10:11:12'"),
            r -> keyable("TIME(" + between(r, 0, 9) + ") WITH TIME ZONE", "CURRENT_TIME"),
            r -> keyable("TIMESTAMP(" + between(r, 0, 9) + ")", "LOCALTIMESTAMP", "TIMESTAMP '2024-01-02 03:04:05'"),
            r -> keyable("TIMESTAMP(" + between(r, 0, 9) + ") WITH TIME ZONE", "CURRENT_TIMESTAMP"),
            RandomSchemas::interval,
            RandomSchemas::enumType)).toList();

    static TypeSpec scalarType(RandomGenerator random) {
        return pick(random, SCALAR_TYPES).apply(random);
    }

    private static TypeSpec length(RandomGenerator random, Function<Integer, TypeSpec> type) {
        return type.apply(between(random, 1, 300));
    }

    /** Literal defaults that fit a character column of this length. */
    private static String[] fitting(int length) {
        return TEXT_DEFAULTS.stream().filter(d -> d.length() - 2 <= length).toArray(String[]::new);
    }

    static TypeSpec interval(RandomGenerator random) {
        String q = pick(random, INTERVAL_QUALIFIERS);
        Integer p = orNull(random, between(random, 1, 18));
        Integer f = orNull(random, between(random, 0, 9));
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
    }

    static TypeSpec enumType(RandomGenerator random) {
        List<String> values = distinct(random, ENUM_VALUES, 1, 4);
        String list = values.stream().map(SqlNames::literal).collect(Collectors.joining(", "));
        return keyable("ENUM(" + list + ")", SqlNames.literal(values.get(0)));
    }

    /**
     * Any type: scalars, and ARRAY (with or without cardinality) and ROW nested up to {@code depth} levels, drawn
     * 6 : 2 : 1.
     */
    static TypeSpec type(RandomGenerator random, int depth) {
        if (depth == 0) {
            return scalarType(random);
        }
        int kind = random.nextInt(9);
        if (kind < 6) {
            return scalarType(random);
        }
        if (kind < 8) {
            TypeSpec element = type(random, depth - 1);
            Integer cardinality = orNull(random, between(random, 1, 100));
            return plain(element.sql() + " ARRAY" + (cardinality == null ? "" : "[" + cardinality + "]"), "ARRAY[]");
        }
        List<String> names = distinct(random, COLUMN_NAMES, 1, 3);
        List<TypeSpec> fieldTypes = listOf(random, names.size(), r -> type(r, depth - 1));
        return plain("ROW(" + IntStream.range(0, names.size())
                .mapToObj(i -> SqlNames.quote(names.get(i)) + " " + fieldTypes.get(i).sql())
                .collect(Collectors.joining(", ")) + ")");
    }

    // ---- columns and tables ------------------------------------------------------------------------------------

    /** The types an identity column may have. */
    static final java.util.Set<String> INTEGER_TYPES = java.util.Set.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT");

    private static final List<String> COMMENTS = List.of("what it is", "it's", "Mixed Case ü", "", "a \"quoted\" word");

    /**
     * Extension point: clauses after a column's default (rendered before its NOT NULL): an identity (integer types,
     * one in three) or else an {@code ON UPDATE} expression (one in four), and a comment (one in four).
     */
    static List<String> columnExtras(RandomGenerator random, TypeSpec type) {
        List<String> extras = new ArrayList<>();
        if (INTEGER_TYPES.contains(type.sql()) && random.nextInt(3) == 0) {
            extras.add(identity(random));
        }
        else if (!type.defaults().isEmpty() && random.nextInt(4) == 0) {
            extras.add("ON UPDATE " + pick(random, type.defaults()));
        }
        if (random.nextInt(4) == 0) {
            extras.add("COMMENT " + SqlNames.literal(pick(random, COMMENTS)));
        }
        return extras;
    }

    /** An identity clause whose values fit every integer type: start 1 to 50, bounds within 1 to 100 when given. */
    static String identity(RandomGenerator random) {
        StringBuilder sql = new StringBuilder("GENERATED ").append(random.nextBoolean() ? "ALWAYS" : "BY DEFAULT")
                .append(" AS IDENTITY");
        List<String> options = new ArrayList<>();
        if (random.nextBoolean()) {
            options.add("START WITH " + between(random, 1, 50));
        }
        if (random.nextBoolean()) {
            options.add("INCREMENT BY " + between(random, 1, 10));
        }
        if (random.nextInt(4) == 0) {
            options.add("MAXVALUE 100");
        }
        if (random.nextInt(4) == 0) {
            options.add("CYCLE");
        }
        if (random.nextInt(4) == 0) {
            options.add("CACHE " + between(random, 1, 5));
        }
        return options.isEmpty() ? sql.toString() : sql + " (" + String.join(" ", options) + ")";
    }

    static boolean isIdentity(String clause) {
        return clause.startsWith("GENERATED ") && clause.contains(" AS IDENTITY");
    }

    /** {@code "name"}, always quoted: checks name their columns so that {@link SchemaSpec#normalized} finds them. */
    static String quoted(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /**
     * Extension point: constraints inside CREATE TABLE that the model does not hold as columns or keys: zero to two
     * CHECK constraints, named ({@code ck <table number>_<i>}) or left to H2 to name, on one or two columns (a
     * comparison only on integer columns).
     */
    static List<String> tableExtras(RandomGenerator random, int number, List<ColumnSpec> columns) {
        List<String> checks = new ArrayList<>();
        int count = random.nextInt(3) == 0 ? between(random, 1, 2) : 0;
        for (int i = 0; i < count; i++) {
            ColumnSpec a = pick(random, columns);
            ColumnSpec b = pick(random, columns);
            String condition = switch (random.nextInt(3)) {
                case 0 -> quoted(a.name()) + " IS NOT NULL";
                case 1 -> quoted(a.name()) + " IS NULL OR " + quoted(b.name()) + " IS NOT NULL";
                default -> INTEGER_TYPES.contains(a.type().sql()) ? quoted(a.name()) + " >= " + between(random, -5, 0)
                        : "NOT (" + quoted(a.name()) + " IS NULL AND " + quoted(b.name()) + " IS NULL)";
            };
            checks.add((random.nextBoolean() ? "CONSTRAINT " + SqlNames.quote("ck " + number + "_" + i) + " " : "")
                    + "CHECK (" + condition + ")");
        }
        return checks;
    }

    /** Extension point: statements of their own after tables and foreign keys (views, sequences, domains, comments). */
    static List<String> schemaExtras(RandomGenerator random, SchemaSpec schema) {
        List<String> statements = new ArrayList<>();
        for (TableSpec table : schema.tables()) {
            if (random.nextInt(3) == 0) {
                statements.add(tableComment(random, table.name()));
            }
        }
        return statements;
    }

    static String tableComment(RandomGenerator random, String table) {
        return "COMMENT ON TABLE " + SqlNames.quote(table) + " IS " + SqlNames.literal(pick(random, COMMENTS)) + ";";
    }

    static ColumnSpec column(RandomGenerator random, String name) {
        TypeSpec type = type(random, 2);
        String dflt = type.defaults().isEmpty() ? null : orNull(random, pick(random, type.defaults()));
        boolean notNull = random.nextBoolean();
        List<String> extras = columnExtras(random, type);
        // an identity column has no default of its own
        return new ColumnSpec(name, type, extras.stream().anyMatch(RandomSchemas::isIdentity) ? null : dflt, notNull,
                extras);
    }

    static TableSpec table(RandomGenerator random, String name, int number) {
        List<ColumnSpec> columns = distinct(random, COLUMN_NAMES, 1, 6).stream().map(c -> column(random, c)).toList();
        columns = SchemaSpec.oneIdentity(columns);
        List<String> keyable = columns.stream().filter(c -> c.type().keyable()).map(ColumnSpec::name).toList();
        if (keyable.isEmpty()) {
            return new TableSpec(name, columns, List.of(), List.of(), List.of(), tableExtras(random, number, columns));
        }
        Function<RandomGenerator, List<String>> keyColumns = r -> distinct(r, keyable, 1, 3);
        List<String> primaryKey = random.nextBoolean() ? List.of() : keyColumns.apply(random);
        List<List<String>> uniqueSets = listOf(random, between(random, 0, 2), keyColumns);
        String uniquePrefix = pick(random, UNIQUE_PREFIXES);
        List<UniqueSpec> uniques = IntStream.range(0, uniqueSets.size())
                .mapToObj(i -> new UniqueSpec(uniquePrefix + number + "_" + i, uniqueSets.get(i))).toList();
        int indexCount = between(random, 0, 3);
        String indexPrefix = pick(random, INDEX_PREFIXES);
        List<IndexSpec> indexes = new ArrayList<>();
        for (int i = 0; i < indexCount; i++) {
            List<String> cols = keyColumns.apply(random);
            List<String> orders = listOf(random, cols.size(), r -> pick(r, INDEX_ORDERINGS));
            indexes.add(new IndexSpec(indexPrefix + number + "_" + i, cols, orders, random.nextBoolean()));
        }
        return new TableSpec(name, columns, primaryKey, uniques, indexes, tableExtras(random, number, columns));
    }

    // ---- schemas -----------------------------------------------------------------------------------------------

    /** A schema of one to four tables with foreign keys between them. */
    static SchemaSpec schema(RandomGenerator random) {
        List<String> tableNames = distinct(random, TABLE_NAMES, 1, 4);
        List<TableSpec> tables = IntStream.range(0, tableNames.size())
                .mapToObj(i -> table(random, tableNames.get(i), i)).toList();
        SchemaSpec withKeys = foreignKeys(random, tables, List.of(), "");
        return new SchemaSpec(withKeys.tables(), withKeys.foreignKeys(), schemaExtras(random, withKeys)).normalized();
    }

    /**
     * Up to three new foreign keys beside {@code existing} (kept), their names and columns tagged with {@code tag}:
     * a source table gains columns of the referenced key's types and refers to that key; a choice whose names are
     * taken already, or whose target has no key, is skipped.
     */
    static SchemaSpec foreignKeys(RandomGenerator random, List<TableSpec> tables, List<ForeignKeySpec> existing,
            String tag) {
        int n = tables.size();
        List<TableSpec> result = new ArrayList<>(tables);
        List<ForeignKeySpec> fks = new ArrayList<>(existing);
        int counter = 0;
        int choices = between(random, 0, 3);
        for (int i = 0; i < choices; i++) {
            int from = random.nextInt(n);
            int to = random.nextInt(n);
            int keyChoice = between(random, 0, 2);
            String action = pick(random, FOREIGN_KEY_ACTIONS);
            String prefix = pick(random, FK_PREFIXES);
            TableSpec target = result.get(to);
            List<List<String>> keys = target.keys();
            if (keys.isEmpty()) {
                continue;
            }
            List<String> key = keys.get(keyChoice % keys.size());
            TableSpec source = result.get(from);
            String name = tag + prefix + counter;
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
            result.set(from, source.with(columns));
            if (from == to) {
                target = result.get(to);
            }
            fks.add(new ForeignKeySpec(name, source.name(), fkColumns, target.name(), key, action));
            counter++;
        }
        return new SchemaSpec(result, fks, List.of());
    }
}
