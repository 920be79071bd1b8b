package dev.loopline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

/** Modules talk through their root packages and events only; this fails on any other dependency or a cycle. */
class ModularityTests {

    private final ApplicationModules modules = ApplicationModules.of(LooplineApplication.class);

    @Test
    void findsEveryModule() {
        assertThat(modules.stream().map(ApplicationModule::getBasePackage).map(p -> p.getName()))
                .contains("dev.loopline.account", "dev.loopline.audit", "dev.loopline.common", "dev.loopline.database",
                        "dev.loopline.engine", "dev.loopline.iteration", "dev.loopline.schema", "dev.loopline.web");
    }

    @Test
    void verifiesModuleStructure() {
        modules.verify();
    }
}
