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

    /** A page that fails on our side on purpose, to see what a person is shown for a 500. */
    public static final String FAILING_PAGE = "/test/failing-page";

    /** Found by component scanning, as the app's own controllers are. */
    @org.springframework.stereotype.Controller
    static class FailingPage {

        @org.springframework.web.bind.annotation.GetMapping(FAILING_PAGE)
        String fail() {
            throw new IllegalStateException("a failure the test asked for");
        }
    }

    private final java.util.Set<Long> withPanel = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Gives the iteration a test evidence panel, registered the way pipeline, delivery… register theirs. */
    public void showPanelFor(long iterationId) {
        withPanel.add(iterationId);
    }

    @Bean
    dev.loopline.iteration.IterationPanel testEvidencePanel() {
        return new dev.loopline.iteration.IterationPanel() {
            @Override
            public int order() {
                return 100;
            }

            @Override
            public java.util.Optional<View> panelFor(long iterationId, String database, Phase current) {
                if (!withPanel.contains(iterationId)) {
                    return java.util.Optional.empty();
                }
                return java.util.Optional.of(new View("Checklist <b>", java.util.Set.of(Phase.BUILD, Phase.TEST),
                        "test-panels", "checklist", java.util.Map.of("iteration", iterationId, "phase",
                                current.label())));
            }
        };
    }

    @Bean
    PhaseGate releaseReadinessGate() {
        return new PhaseGate() {
            @Override
            public String name() {
                return "Release checklist signed";
            }

            @Override
            public boolean guards(GateContext context) {
                return context.to() == Phase.RELEASE;
            }

            @Override
            public GateVerdict check(GateContext context) {
                if (context.iterationName().contains(MARKER)) {
                    return GateVerdict.block("The release checklist is not signed.");
                }
                return GateVerdict.pass();
            }
        };
    }
}
