package dev.loopline.iteration;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Implemented by modules that show evidence of an iteration's phases on its page (builds and test results, releases
 * and deployments, query insights…). Each panel is a Thymeleaf fragment of the implementing module, rendered in the
 * iteration page's "Evidence" section in {@link #order()} with its own model under the variable {@code panel}.
 * Panels are asked on every page view: keep {@link #panelFor} to a few queries.
 */
public interface IterationPanel {

    /** Position on the page, lower first (suggested: Build 200, Test 300, Release 500, Deploy 600, Monitor 800). */
    int order();

    /**
     * What to show for the iteration, or empty to show nothing.
     *
     * @param iterationId the iteration
     * @param database    its linked database, or {@code null}
     * @param current     the phase the iteration is in now
     */
    Optional<View> panelFor(long iterationId, String database, Phase current);

    /**
     * One panel.
     *
     * @param title    the card's heading, e.g. "Builds"
     * @param phases   the phases the evidence belongs to, shown as badges beside the heading
     * @param template the template holding the fragment, e.g. {@code "pipeline/iteration-panel"}
     * @param fragment the fragment's name in that template
     * @param model    what the fragment reads as {@code ${panel.model()['key']}} or {@code ${model.key}}
     */
    record View(String title, Set<Phase> phases, String template, String fragment, Map<String, Object> model) {

        public View {
            phases = Set.copyOf(phases);
            model = Map.copyOf(model);
        }
    }
}
