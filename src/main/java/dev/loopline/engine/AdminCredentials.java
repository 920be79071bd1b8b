package dev.loopline.engine;

import java.util.Optional;

/**
 * Where an engine finds Loopline's own admin credential of a branch database when no call carries one: a client
 * connecting to the branch over the engine's own port. Implemented by the module that keeps branches (the database
 * module); engines must not cache what it returns beyond the work at hand.
 */
@FunctionalInterface
public interface AdminCredentials {

    /**
     * The credential of the branch, or empty when Loopline knows no such branch or the branch has none yet (it is
     * still being created). Never throws for an unknown branch.
     */
    Optional<AdminCredential> of(BranchDatabase database);

    /** Knows no branch: for engines used without the database module (tools, some tests). */
    static AdminCredentials none() {
        return database -> Optional.empty();
    }
}
