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
}
