package dev.loopline.engine.h2;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import dev.loopline.engine.DataCheckContract;
import dev.loopline.engine.DatabaseEngine;

/** The data check contract against real H2 files. */
class H2DataCheckContractTests extends DataCheckContract {

    @TempDir
    static Path dataDir;

    private static TestH2Engine h2;

    @BeforeAll
    static void start() {
        h2 = TestH2Engine.start(dataDir);
    }

    @AfterAll
    static void stop() {
        h2.close();
    }

    @Override
    protected DatabaseEngine engine() {
        return h2.engine();
    }
}
