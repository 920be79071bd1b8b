package dev.loopline.pipeline.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.loopline.iteration.IterationPanel;
import dev.loopline.iteration.Phase;
import dev.loopline.pipeline.Build;
import dev.loopline.pipeline.BuildGates;
import dev.loopline.pipeline.BuildService;

/** The iteration page's Build panel: its latest builds (status, duration, commit, artifacts) and its release gates. */
@Component
class BuildPanel implements IterationPanel {

    static final int SHOWN = 10;

    private final BuildService builds;
    private final BuildGates gates;

    BuildPanel(BuildService builds, BuildGates gates) {
        this.builds = builds;
        this.gates = gates;
    }

    @Override
    public int order() {
        return 200;
    }

    @Override
    public Optional<View> panelFor(long iterationId, String database, Phase current) {
        List<Build> latest = builds.ofIteration(iterationId).stream().limit(SHOWN).toList();
        return Optional.of(new View("Builds", Set.of(Phase.BUILD), "pipeline/iteration-panel", "builds",
                Map.of("iterationId", iterationId, "builds", latest, "gates", gates.of(iterationId))));
    }
}
