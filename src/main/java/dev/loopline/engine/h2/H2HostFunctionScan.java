package dev.loopline.engine.h2;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import dev.loopline.engine.HostFunctionUse;
import dev.loopline.engine.HostFunctions;

/**
 * Finds the places where a branch's schema would make whoever evaluates it call a host function or Java code: view
 * definitions, column defaults, {@code ON UPDATE} and generation expressions, check constraints (of tables and
 * domains), domain defaults, and any user-defined function (H2 {@code CREATE ALIAS}/{@code CREATE AGGREGATE}, which
 * only admins can create, but a database could carry from elsewhere). Reads H2's own normalized SQL text from
 * {@code INFORMATION_SCHEMA}, so spelling tricks in the original statement do not hide a call.
 */
final class H2HostFunctionScan {

    private static final String[] QUERIES = {
        "SELECT 'default of column', TABLE_SCHEMA || '.' || TABLE_NAME || '.' || COLUMN_NAME, COLUMN_DEFAULT "
                + "FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA <> 'INFORMATION_SCHEMA'",
        "SELECT 'generated column', TABLE_SCHEMA || '.' || TABLE_NAME || '.' || COLUMN_NAME, GENERATION_EXPRESSION "
                + "FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA <> 'INFORMATION_SCHEMA'",
        "SELECT 'ON UPDATE of column', TABLE_SCHEMA || '.' || TABLE_NAME || '.' || COLUMN_NAME, COLUMN_ON_UPDATE "
                + "FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA <> 'INFORMATION_SCHEMA'",
        "SELECT 'check constraint', CONSTRAINT_SCHEMA || '.' || CONSTRAINT_NAME, CHECK_CLAUSE "
                + "FROM INFORMATION_SCHEMA.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA <> 'INFORMATION_SCHEMA'",
        "SELECT 'default of domain', DOMAIN_SCHEMA || '.' || DOMAIN_NAME, DOMAIN_DEFAULT "
                + "FROM INFORMATION_SCHEMA.DOMAINS WHERE DOMAIN_SCHEMA <> 'INFORMATION_SCHEMA'",
        "SELECT 'ON UPDATE of domain', DOMAIN_SCHEMA || '.' || DOMAIN_NAME, DOMAIN_ON_UPDATE "
                + "FROM INFORMATION_SCHEMA.DOMAINS WHERE DOMAIN_SCHEMA <> 'INFORMATION_SCHEMA'",
    };

    private H2HostFunctionScan() {
    }

    /** A view whose query calls a host function. */
    record ViewCall(String schema, String name, String function) {
    }

    /** The views that call a host function, with their schema and name as stored. */
    static List<ViewCall> views(Connection connection) throws SQLException {
        List<ViewCall> views = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION "
                        + "FROM INFORMATION_SCHEMA.VIEWS WHERE TABLE_SCHEMA <> 'INFORMATION_SCHEMA'")) {
            while (rows.next()) {
                String schema = rows.getString(1);
                String name = rows.getString(2);
                HostFunctions.calledIn(rows.getString(3)).ifPresent(function -> views.add(new ViewCall(schema, name, function)));
            }
        }
        return views;
    }

    /** Every offending place; empty when the schema is clean. */
    static List<HostFunctionUse> uses(Connection connection) throws SQLException {
        List<HostFunctionUse> uses = new ArrayList<>();
        for (ViewCall view : views(connection)) {
            uses.add(new HostFunctionUse("view", view.schema() + "." + view.name(), view.function()));
        }
        try (Statement statement = connection.createStatement()) {
            for (String query : QUERIES) {
                try (ResultSet rows = statement.executeQuery(query)) {
                    while (rows.next()) {
                        String kind = rows.getString(1);
                        String object = rows.getString(2);
                        HostFunctions.calledIn(rows.getString(3))
                                .ifPresent(function -> uses.add(new HostFunctionUse(kind, object, function)));
                    }
                }
            }
            try (ResultSet routines = statement.executeQuery("SELECT ROUTINE_SCHEMA || '.' || ROUTINE_NAME, ROUTINE_NAME "
                    + "FROM INFORMATION_SCHEMA.ROUTINES WHERE ROUTINE_SCHEMA <> 'INFORMATION_SCHEMA'")) {
                while (routines.next()) {
                    uses.add(new HostFunctionUse("user-defined Java function", routines.getString(1), routines.getString(2)));
                }
            }
        }
        return uses.stream().distinct().toList();
    }
}
