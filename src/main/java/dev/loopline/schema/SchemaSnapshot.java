package dev.loopline.schema;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A database's schema at one moment, in engine-neutral terms. Tables are sorted by name so that two snapshots of
 * the same schema are equal. Every name (table, column, index, constraint) is kept exactly as the database stores
 * it, case included and without quotes; {@link SqlNames#quote} makes SQL of it. {@code "order"} and {@code ORDER}
 * are two tables: {@code exactTable}/{@code exactColumn} find a name as stored; {@code table}/{@code column} also
 * accept a name as it would be written unquoted in SQL ({@code customers} finds {@code CUSTOMERS}).
 * <p>
 * Stored as JSON (a branch's base schema, a deploy's tables): fields added later must accept {@code null} from older
 * JSON and mean then what older snapshots meant.
 */
public record SchemaSnapshot(List<Table> tables) {

    public SchemaSnapshot {
        tables = tables.stream().sorted(Comparator.comparing(Table::name)).toList();
    }

    public static SchemaSnapshot empty() {
        return new SchemaSnapshot(List.of());
    }

    /** The table of exactly this name, or else of the name as an unquoted identifier resolves (upper case). */
    public Optional<Table> table(String name) {
        return exactTable(name).or(() -> exactTable(name.toUpperCase(java.util.Locale.ROOT)));
    }

    /** The table of exactly this name (case kept). */
    public Optional<Table> exactTable(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /**
     * A table.
     *
     * @param primaryKey column names of the primary key, in key order; empty when the table has none
     * @param indexes    secondary indexes and unique constraints (not the primary key)
     */
    public record Table(String name, List<Column> columns, List<String> primaryKey, List<Index> indexes,
            List<ForeignKey> foreignKeys) {

        public Table {
            columns = List.copyOf(columns);
            primaryKey = List.copyOf(primaryKey);
            indexes = indexes.stream().sorted(Comparator.comparing(Index::name)).toList();
            foreignKeys = foreignKeys.stream().sorted(Comparator.comparing(ForeignKey::name)).toList();
        }

        /** The column of exactly this name, or else of the name as an unquoted identifier resolves (upper case). */
        public Optional<Column> column(String name) {
            return exactColumn(name).or(() -> exactColumn(name.toUpperCase(java.util.Locale.ROOT)));
        }

        /** The column of exactly this name (case kept). */
        public Optional<Column> exactColumn(String name) {
            return columns.stream().filter(c -> c.name().equals(name)).findFirst();
        }
    }

    /**
     * A column. {@code type} is the full SQL type as the engine spells it, with every parameter, so that rendering it
     * creates the same type again: {@code CHARACTER VARYING(40)}, {@code NUMERIC(10, 2)},
     * {@code TIMESTAMP(9) WITH TIME ZONE}, {@code ENUM('small', 'large')}, {@code INTEGER ARRAY[4]},
     * {@code INTERVAL DAY TO SECOND}. {@code defaultValue} is the default expression as SQL text, or {@code null}.
     */
    public record Column(String name, String type, boolean nullable, String defaultValue) {
    }

    /**
     * An index, or a unique constraint ({@code constraint} true: created and dropped as a constraint).
     *
     * @param ordering per column, in {@code columns} order, what follows the column name in the index definition:
     *                 {@code ""} (ascending, nulls first: the default), {@code "DESC"}, {@code "NULLS LAST"} or
     *                 {@code "DESC NULLS FIRST"}. {@code null} (older snapshots) means all ascending.
     */
    public record Index(String name, List<String> columns, boolean unique, boolean constraint, List<String> ordering) {

        public Index {
            columns = List.copyOf(columns);
            ordering = ordering == null ? java.util.Collections.nCopies(columns.size(), "") : List.copyOf(ordering);
            if (ordering.size() != columns.size()) {
                throw new IllegalArgumentException("ordering " + ordering + " does not match columns " + columns);
            }
        }

        public Index(String name, List<String> columns, boolean unique, boolean constraint) {
            this(name, columns, unique, constraint, null);
        }

        public Index(String name, List<String> columns, boolean unique) {
            this(name, columns, unique, false, null);
        }

        public Index named(String newName) {
            return new Index(newName, columns, unique, constraint, ordering);
        }

        /** The columns as in an index definition, each quoted as needed and with its ordering: {@code AT DESC, LVL}. */
        public String columnList() {
            List<String> parts = new java.util.ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                String order = ordering.get(i);
                parts.add(SqlNames.quote(columns.get(i)) + (order.isEmpty() ? "" : " " + order));
            }
            return String.join(", ", parts);
        }
    }

    public record ForeignKey(String name, List<String> columns, String referencedTable, List<String> referencedColumns,
            String onDelete) {

        public ForeignKey {
            columns = List.copyOf(columns);
            referencedColumns = List.copyOf(referencedColumns);
        }
    }
}
