package dev.loopline.engine.h2;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

import dev.loopline.engine.AdminCredential;
import dev.loopline.engine.BranchDatabase;

/**
 * A real H2 engine over a temporary directory, served on a free loopback port, for tests and benchmarks. Plays the
 * database module's part of remembering each branch's admin credential (for clients connecting over TCP).
 */
public final class TestH2Engine implements AutoCloseable {

    private final H2TcpServer server;
    private final H2Engine engine;
    private final Map<BranchDatabase, AdminCredential> credentials = new ConcurrentHashMap<>();

    private TestH2Engine(Path dataDir) {
        H2EngineProperties properties = new H2EngineProperties(0, false, "localhost");
        server = new H2TcpServer(dataDir.resolve("branches"), properties);
        server.start();
        engine = new H2Engine(server, properties, database -> Optional.ofNullable(credentials.get(database))) {

            @Override
            public AdminCredential createDatabase(BranchDatabase database) {
                return remember(database, super.createDatabase(database));
            }

            @Override
            public AdminCredential restoreDatabase(BranchDatabase target, Path backup, AdminCredential sourceAdmin,
                    LongConsumer progress) {
                return remember(target, super.restoreDatabase(target, backup, sourceAdmin, progress));
            }

            @Override
            public void dropDatabase(BranchDatabase database, AdminCredential admin) {
                super.dropDatabase(database, admin);
                credentials.remove(database);
            }
        };
    }

    private AdminCredential remember(BranchDatabase database, AdminCredential admin) {
        credentials.put(database, admin);
        return admin;
    }

    public static TestH2Engine start(Path dataDir) {
        return new TestH2Engine(dataDir);
    }

    H2TcpServer server() {
        return server;
    }

    public H2Engine engine() {
        return engine;
    }

    /** H2's own TCP port, behind the connection gate: only for comparing the two. */
    public int h2Port() {
        return server.h2Port();
    }

    @Override
    public void close() {
        engine.close();
        server.stop();
    }
}
