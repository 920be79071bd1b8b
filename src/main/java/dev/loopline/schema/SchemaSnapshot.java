package dev.loopline.schema;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A database's schema at one moment, in engine-neutral terms. Tables are sorted by name so that two snapshots of
 * the same schema are equal.
 */
public record SchemaSnapshot(List<Table> tables) {

    public SchemaSnapshot {
        tables = tables.stream().sorted(Comparator.comparing(Table::name)).toList();
    }

    public static SchemaSnapshot empty() {
        return new SchemaSnapshot(List.of());
    }

    public Optional<Table> table(String name) {
        return tables.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
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

        public Optional<Column> column(String name) {
            return columns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
        }
    }

    /**
     * A column. {@code type} is the engine's spelling with length/precision, e.g. {@code CHARACTER VARYING(40)}.
     * {@code defaultValue} is the default expression as SQL text, or {@code null}.
     */
    public record Column(String name, String type, boolean nullable, String defaultValue) {
    }

    /**
     * An index, or a unique constraint ({@code constraint} true: created and dropped as a constraint).
     */
    public record Index(String name, List<String> columns, boolean unique, boolean constraint) {

        public Index {
            columns = List.copyOf(columns);
        }

        public Index(String name, List<String> columns, boolean unique) {
            this(name, columns, unique, false);
        }

        public Index named(String newName) {
            return new Index(newName, columns, unique, constraint);
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
