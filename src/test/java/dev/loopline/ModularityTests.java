package dev.loopline;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Modules talk through their root packages and events only; this fails on any other dependency or a cycle. */
class ModularityTests {

    private final ApplicationModules modules = ApplicationModules.of(LooplineApplication.class);

    @Test
    void verifiesModuleStructure() {
        modules.verify();
    }
}
