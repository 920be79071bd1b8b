package dev.loopline.engine.h2;

import java.nio.file.Path;

/** A real H2 engine over a temporary directory, served on a free loopback port, for tests and benchmarks. */
public final class TestH2Engine implements AutoCloseable {

    private final H2TcpServer server;
    private final H2Engine engine;

    private TestH2Engine(Path dataDir) {
        H2EngineProperties properties = new H2EngineProperties(0, false, "localhost");
        server = new H2TcpServer(dataDir.resolve("branches"), properties);
        server.start();
        engine = new H2Engine(server, properties);
    }

    public static TestH2Engine start(Path dataDir) {
        return new TestH2Engine(dataDir);
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
        server.stop();
    }
}
