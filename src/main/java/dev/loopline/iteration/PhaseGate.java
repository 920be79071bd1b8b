package dev.loopline.iteration;

/**
 * A rule that must hold before an iteration may move between phases. Modules register gates as Spring beans
 * (e.g. "no Deploy while the deploy request is unapproved"); the iteration module asks every gate on every move.
 * A gate that does not care about a move says so in {@link #guards}: it is then neither asked nor shown.
 */
public interface PhaseGate {

    /** A short name shown beside the verdict, e.g. "Deploy request approved". */
    String name();

    /**
     * Whether this gate has a say in the move at all (e.g. only moves into Deploy of an iteration with a database).
     * The phase panel lists only the gates that guard the next move, so a gate is never ticked for a move it ignores.
     */
    default boolean guards(GateContext context) {
        return true;
    }

    /** Decides whether the move described by {@code context} may happen; only asked when {@link #guards} it. */
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
