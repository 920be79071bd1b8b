package dev.loopline.engine.h2;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import dev.loopline.engine.DatabaseEngine;
import dev.loopline.engine.DatabaseEngineContract;

/** The engine contract against real H2 files served by a real TCP server on a free port. */
class H2EngineContractTests extends DatabaseEngineContract {

    @TempDir
    static Path dataDir;

    private static H2TcpServer server;
    private static H2Engine engine;

    @BeforeAll
    static void start() {
        H2EngineProperties properties = new H2EngineProperties(0, false, "localhost");
        server = new H2TcpServer(dataDir.resolve("branches"), properties);
        server.start();
        engine = new H2Engine(server, properties);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Override
    protected DatabaseEngine engine() {
        return engine;
    }
}
