package dev.loopline.engine.h2;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.loopline.engine.HostFunctionUse;
import dev.loopline.engine.HostFunctions;
import dev.loopline.engine.UnsafeSchemaException;

/**
 * After a swap, the views that read a swapped table must read the table now under its name, as after a plain
 * {@code ALTER}. H2 keeps a view bound to the table object it was compiled against: renamed aside, the view would
 * still depend on (and describe its columns from) the old table, and dropping the old table would fail. Recompiling
 * binds each view again by its query text, which names the table, not the object.
 */
final class H2ViewRecompiler {

    private H2ViewRecompiler() {
    }

    /**
     * The views reading any of {@code tables} (as views name them: {@code "SCHEMA"."TABLE"}, see
     * {@link H2SchemaObjects#reference}), directly or through other views, in dependency order, as SQL names. Refuses
     * when one of them calls a host function: compiling them runs as Loopline's admin.
     */
    static List<String> readers(Statement statement, List<String> tables) throws SQLException {
        Map<String, String> views = new LinkedHashMap<>();
        try (ResultSet rs = statement.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION FROM "
                + "INFORMATION_SCHEMA.VIEWS WHERE TABLE_SCHEMA NOT IN ('INFORMATION_SCHEMA', 'LOOPLINE')")) {
            while (rs.next()) {
                views.put(H2SchemaObjects.reference(rs.getString(1), rs.getString(2)), rs.getString(3));
            }
        }
        Set<String> readable = new LinkedHashSet<>();
        readable.addAll(tables);
        List<String> order = new ArrayList<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (var view : views.entrySet()) {
                if (!order.contains(view.getKey()) && readable.stream().anyMatch(r -> view.getValue().contains(r))) {
                    HostFunctions.calledIn(view.getValue()).ifPresent(function -> {
                        throw new UnsafeSchemaException("recompile the views of the swapped tables",
                                List.of(new HostFunctionUse("view", view.getKey(), function)));
                    });
                    order.add(view.getKey());
                    readable.add(view.getKey());
                    grew = true;
                }
            }
        }
        return order;
    }

    /** Binds the views (from {@link #readers}) again to the tables now under the names their queries use. */
    static void recompile(Statement statement, List<String> views) throws SQLException {
        for (String view : views) {
            statement.execute("ALTER VIEW " + view + " RECOMPILE");
        }
    }
}
