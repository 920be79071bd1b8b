package dev.loopline.iteration;

/**
 * A rule that must hold before an iteration may move between phases. Modules register gates as Spring beans
 * (e.g. "no Deploy while the deploy request is unapproved"); the iteration module asks every gate on every move.
 * A gate that does not care about a move passes it.
 */
public interface PhaseGate {

    /** A short name shown beside the verdict, e.g. "Deploy request approved". */
    String name();

    /** Decides whether the move described by {@code context} may happen. */
    GateVerdict check(GateContext context);

    /**
     * What a gate sees of a move.
     *
     * @param iterationId   the iteration
     * @param iterationName its name
     * @param database      the linked database, or {@code null}
     * @param from          the current phase
     * @param to            the phase asked for
     */
    record GateContext(long iterationId, String iterationName, String database, Phase from, Phase to) {

        public boolean forward() {
            return to.ordinal() > from.ordinal();
        }
    }

    /** A gate's answer: passed, or blocked with a reason that says what is missing. */
    record GateVerdict(boolean passed, String reason) {

        public static GateVerdict pass() {
            return new GateVerdict(true, null);
        }

        public static GateVerdict block(String reason) {
            return new GateVerdict(false, reason);
        }
    }
}
