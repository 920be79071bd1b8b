package dev.loopline.deployrequest;

import java.util.Map;
import java.util.Optional;

/**
 * Implemented by modules that show evidence beside the Revert button while a deploy's revert window is open (query
 * insights compares the changed tables' queries before and after the cutover). Each panel is a Thymeleaf fragment of
 * the implementing module, rendered with its own model under the variable {@code model}. Asked on every view and
 * poll of the deployment panel while the window is open: keep {@link #panelFor} to a few queries. This module does
 * not depend on the implementers.
 */
public interface RevertWindowPanel {

    /**
     * What to show for the deploy whose revert window is open, or empty.
     *
     * @param request    the deploy request (state {@code complete_pending_revert})
     * @param deployment its deployment: cutover time, changed tables ({@link Deployment#getOperations()})
     */
    Optional<View> panelFor(DeployRequest request, Deployment deployment);

    /**
     * @param template the template holding the fragment, e.g. {@code "insights/revert-panel"}
     * @param fragment the fragment's name in that template
     * @param model    what the fragment reads as {@code ${model.key}}
     */
    record View(String template, String fragment, Map<String, Object> model) {

        public View {
            model = Map.copyOf(model);
        }
    }
}
