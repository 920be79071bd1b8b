package dev.loopline.engine.h2;

import java.sql.Connection;
import java.sql.SQLException;

import dev.loopline.schema.SchemaSnapshot;

/** Reads any H2 database's schema as Loopline does, for tests that build a reference database of their own. */
public final class TestInspector {

    private TestInspector() {
    }

    public static SchemaSnapshot inspect(Connection connection) throws SQLException {
        return H2SchemaInspector.inspect(connection);
    }
}
