package dev.loopline.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import dev.loopline.iteration.Phase;
import dev.loopline.iteration.PhaseGate;

/**
 * A gate registered the way later modules register theirs: it blocks the move into Release of any iteration whose
 * name contains {@value #MARKER}, so tests can see gates refuse and admins override.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestGates {

    public static final String MARKER = "[gated]";

    @Bean
    PhaseGate releaseReadinessGate() {
        return new PhaseGate() {
            @Override
            public String name() {
                return "Release checklist signed";
            }

            @Override
            public GateVerdict check(GateContext context) {
                if (context.to() == Phase.RELEASE && context.iterationName().contains(MARKER)) {
                    return GateVerdict.block("The release checklist is not signed.");
                }
                return GateVerdict.pass();
            }
        };
    }
}
