package dev.loopline.engine.h2;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of engine-level tests: one H2 engine per test class, its branch files in a fresh directory, served by a real
 * TCP server (through the connection gate) on a free port.
 */
abstract class H2EngineTest {

    @TempDir
    static Path dataDir;

    static TestH2Engine h2;
    static H2Engine engine;

    @BeforeAll
    static void startEngine() {
        h2 = TestH2Engine.start(dataDir);
        engine = h2.engine();
    }

    @AfterAll
    static void stopEngine() {
        h2.close();
    }
}
