package dev.loopline.engine.h2;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.h2.util.ScriptReader;

import dev.loopline.engine.ScriptResult;
import dev.loopline.engine.ScriptResult.StatementError;
import dev.loopline.engine.ScriptResult.StatementResult;

/** Splits a script the way H2 does (quotes, comments, dollar-quoted bodies) and runs it statement by statement. */
final class H2ScriptRunner {

    private H2ScriptRunner() {
    }

    /** A console statement that runs longer is cancelled: a script must not hold a core of Loopline's server. */
    static final int QUERY_TIMEOUT_SECONDS = 15;

    static List<String> split(String script) {
        List<String> statements = new ArrayList<>();
        ScriptReader reader = new ScriptReader(new StringReader(script));
        reader.setSkipRemarks(true);
        String statement;
        while ((statement = reader.readStatement()) != null) {
            if (!statement.isBlank()) {
                statements.add(statement.trim());
            }
        }
        return statements;
    }

    static ScriptResult run(Connection connection, String script, int maxRows) throws SQLException {
        List<StatementResult> results = new ArrayList<>();
        List<String> statements = split(script);
        try (Statement statement = connection.createStatement()) {
            statement.setMaxRows(maxRows + 1);
            statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            for (int i = 0; i < statements.size(); i++) {
                String sql = statements.get(i);
                try {
                    if (statement.execute(sql)) {
                        try (ResultSet rows = statement.getResultSet()) {
                            results.add(readRows(sql, rows, maxRows));
                        }
                    }
                    else {
                        results.add(new StatementResult(sql, statement.getUpdateCount(), null, null, false));
                    }
                }
                catch (SQLException e) {
                    return new ScriptResult(results, new StatementError(i, sql, H2Engine.message(e)));
                }
            }
        }
        return new ScriptResult(results, null);
    }

    /**
     * A value as text, without ever turning stored bytes into Java objects: {@code getObject} on an embedded
     * connection deserializes JAVA_OBJECT values (inside arrays and rows too) in Loopline's own JVM, so those types are
     * read as H2's own text (hex for serialized objects).
     */
    private static String text(ResultSet rows, ResultSetMetaData meta, int c) throws SQLException {
        int type = meta.getColumnType(c);
        if (type == java.sql.Types.JAVA_OBJECT || type == java.sql.Types.OTHER || type == java.sql.Types.ARRAY
                || type == java.sql.Types.STRUCT) {
            return rows.getString(c);
        }
        Object value = rows.getObject(c);
        return value == null ? null : value.toString();
    }

    private static StatementResult readRows(String sql, ResultSet rows, int maxRows) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int c = 1; c <= meta.getColumnCount(); c++) {
            columns.add(meta.getColumnLabel(c));
        }
        List<List<String>> data = new ArrayList<>();
        boolean truncated = false;
        while (rows.next()) {
            if (data.size() == maxRows) {
                truncated = true;
                break;
            }
            List<String> row = new ArrayList<>(columns.size());
            for (int c = 1; c <= columns.size(); c++) {
                row.add(text(rows, meta, c));
            }
            data.add(row);
        }
        return new StatementResult(sql, null, columns, data, truncated);
    }
}
