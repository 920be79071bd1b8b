package dev.loopline.iteration;

import java.util.List;

/**
 * Implemented by modules that have something to say about an iteration's progress (e.g. its deploy request and
 * revert window), shown in the iteration page's phase panel.
 */
public interface IterationStatus {

    List<Line> linesFor(long iterationId, String database);

    /** The phases in which these lines matter; the panel shows them only then (all phases unless narrowed). */
    default java.util.Set<Phase> phases() {
        return java.util.EnumSet.allOf(Phase.class);
    }

    /**
     * One line: a label, what to say, where to click for more ({@code null} for no link), and optionally when it
     * happened ({@code null} for none) — shown after the text as a relative time with the exact time on hover.
     */
    record Line(String label, String text, String url, java.time.Instant at) {

        public Line(String label, String text, String url) {
            this(label, text, url, null);
        }
    }
}
