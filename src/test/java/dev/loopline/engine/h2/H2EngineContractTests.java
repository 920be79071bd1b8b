package dev.loopline.engine.h2;

import java.nio.file.Path;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import dev.loopline.engine.AdminCredential;
import dev.loopline.engine.BranchDatabase;
import dev.loopline.engine.DatabaseEngine;
import dev.loopline.engine.DatabaseEngineContract;

/** The engine contract against real H2 files served by a real TCP server on a free port. */
class H2EngineContractTests extends DatabaseEngineContract {

    @TempDir
    static Path dataDir;

    private static TestH2Engine h2;
    private static H2Engine engine;

    @BeforeAll
    static void start() {
        h2 = TestH2Engine.start(dataDir);
        engine = h2.engine();
    }

    @AfterAll
    static void stop() {
        h2.close();
    }

    @Override
    protected DatabaseEngine engine() {
        return engine;
    }

    /** H2 keeps a session whose user was dropped under it, with no user name, until it is aborted: count those. */
    @Override
    protected int sessionsLeftOf(BranchDatabase database, AdminCredential admin, String username) {
        try (Connection connection = engine.connect(database, admin); PreparedStatement sessions = connection.prepareStatement(
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE USER_NAME = ? OR USER_NAME IS NULL")) {
            sessions.setString(1, username);
            try (ResultSet count = sessions.executeQuery()) {
                count.next();
                return count.getInt(1);
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
