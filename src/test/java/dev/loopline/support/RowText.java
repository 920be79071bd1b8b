package dev.loopline.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Query results as comparable text, one line per row, with LOBs, arrays and rows spelled out by value. */
public final class RowText {

    private RowText() {
    }

    public static List<String> of(Connection connection, String query) throws Exception {
        List<String> rows = new ArrayList<>();
        try (ResultSet result = connection.createStatement().executeQuery(query)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    Object value = result.getObject(i);
                    row.append(value instanceof String || value instanceof Number || value == null
                            || value instanceof java.util.Date || value instanceof java.time.temporal.Temporal
                            ? result.getString(i) : text(value)).append(" | ");
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static String text(Object value) throws Exception {
        if (value instanceof java.sql.Blob blob) {
            return HexFormat.of().formatHex(blob.getBytes(1, (int) blob.length()));
        }
        if (value instanceof java.sql.Clob clob) {
            return clob.getSubString(1, (int) clob.length());
        }
        if (value instanceof byte[] bytes) {
            return HexFormat.of().formatHex(bytes);
        }
        if (value instanceof Object[] array) {
            List<String> items = new ArrayList<>();
            for (Object item : array) {
                items.add(text(item));
            }
            return items.toString();
        }
        if (value instanceof java.sql.Array array) {
            return text(array.getArray());
        }
        if (value instanceof ResultSet row) {
            List<String> fields = new ArrayList<>();
            if (row.next()) {
                for (int i = 1; i <= row.getMetaData().getColumnCount(); i++) {
                    fields.add(String.valueOf(row.getString(i)));
                }
            }
            return fields.toString();
        }
        return String.valueOf(value);
    }
}
