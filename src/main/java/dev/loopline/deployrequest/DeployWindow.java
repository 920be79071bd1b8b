package dev.loopline.deployrequest;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether a branch may be changed by a deploy request right now. Implemented by a higher module (delivery's freeze
 * windows) so that this module need not know it; with no implementation every branch is always open. Asked when
 * the work would run: on deploy and apply, and by the runner before it starts copying and before each cutover
 * attempt, so a queued deploy that reaches a closed window waits until it opens.
 */
public interface DeployWindow {

    /**
     * Why deploy request {@code database#number} may not change {@code database/branch} now, or empty when it may.
     *
     * @param database the database
     * @param branch   the branch the request deploys into
     * @param number   the request's number (an implementation may exempt requests an admin overrode the window for)
     */
    Optional<Closure> closure(String database, String branch, int number);

    /**
     * A closed window.
     *
     * @param reason what closes it, a sentence naming the window, e.g. "production is frozen (release freeze)"
     * @param until  when the branch opens again (the end of the window, overlapping windows merged)
     */
    record Closure(String reason, Instant until) {

        /** The {@code 409 deploy_freeze} message. */
        public String message() {
            return reason + " until " + until + ".";
        }
    }
}
