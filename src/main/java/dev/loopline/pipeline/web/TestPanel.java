package dev.loopline.pipeline.web;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import dev.loopline.iteration.IterationPanel;
import dev.loopline.iteration.Phase;

/**
 * The iteration page's Test panel: the latest build's test results with its failures and flaky tests, and a chart
 * of pass rate and duration per build. In the Build and Test phases it shows, before any report, how to post one.
 */
@Component
class TestPanel implements IterationPanel {

    /** Looked up when a page asks: the iteration service holds the panels, and builds look iterations up. */
    private final ObjectProvider<TestReportViews> views;

    TestPanel(ObjectProvider<TestReportViews> views) {
        this.views = views;
    }

    @Override
    public int order() {
        return 300;
    }

    @Override
    public Optional<View> panelFor(long iterationId, String database, Phase current) {
        Optional<Map<String, Object>> model = views.getObject().panelOf(iterationId);
        if (model.isEmpty() && current != Phase.BUILD && current != Phase.TEST) {
            return Optional.empty();
        }
        return Optional.of(new View("Tests", Set.of(Phase.TEST), "pipeline/tests", "test-panel",
                model.orElse(Map.of("iterationId", iterationId))));
    }
}
