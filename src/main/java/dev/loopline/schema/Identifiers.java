package dev.loopline.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.loopline.schema.SchemaSnapshot.ForeignKey;
import dev.loopline.schema.SchemaSnapshot.Index;
import dev.loopline.schema.SchemaSnapshot.Table;

/**
 * Which names Loopline can put into the DDL it renders. {@link DdlRenderer} writes names as they are, so a name that
 * is not a plain SQL identifier (letters, digits, {@code _}, {@code $}, starting with a letter or {@code _}) would be
 * read as SQL — a column named {@code X INT); CREATE USER …} is a statement. Such names are refused (lint error
 * {@code unsupported_identifier}, and again by the engine before it renders a shadow table) until names are rendered
 * quoted.
 */
public final class Identifiers {

    private static final Pattern PLAIN = Pattern.compile("^[A-Za-z_][A-Za-z0-9_$]{0,127}$");

    private Identifiers() {
    }

    /** Whether {@code name} may be written into rendered DDL as it is. */
    public static boolean isPlain(String name) {
        return name != null && PLAIN.matcher(name).matches();
    }

    /** The names of the table, its columns, keys, indexes and foreign keys that are not plain, in that order. */
    public static List<String> notPlain(Table table) {
        List<String> names = new ArrayList<>();
        names.add(table.name());
        table.columns().forEach(column -> names.add(column.name()));
        names.addAll(table.primaryKey());
        for (Index index : table.indexes()) {
            names.add(index.name());
            names.addAll(index.columns());
        }
        for (ForeignKey fk : table.foreignKeys()) {
            names.add(fk.name());
            names.addAll(fk.columns());
            names.add(fk.referencedTable());
            names.addAll(fk.referencedColumns());
        }
        return names.stream().filter(name -> !isPlain(name)).distinct().toList();
    }
}
