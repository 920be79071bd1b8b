package dev.loopline.database;

import dev.loopline.common.Actor;
import dev.loopline.common.CurrentActor;
import dev.loopline.common.DomainException;
import dev.loopline.common.Role;

/**
 * Who may do what to a branch. Production branches are ops territory (operators and admins); developers work on
 * development branches; operators own restores. The one place these rules are written.
 */
final class BranchAccess {

    private BranchAccess() {
    }

    static Actor require(Role role, String what) {
        return CurrentActor.require(role, what);
    }

    /** Passwords and the console: developers on development branches, operators and admins on production ones. */
    static Actor requireWorkOn(Branch branch, String what) {
        return require(branch.isProduction() ? Role.OPERATOR : Role.DEVELOPER,
                what + (branch.isProduction() ? " on the production branch " + branch.getName() : ""));
    }

    /** Whether the current actor may use passwords and the console on the branch (for showing controls). */
    static boolean mayWorkOn(Branch branch) {
        return CurrentActor.get().has(branch.isProduction() ? Role.OPERATOR : Role.DEVELOPER);
    }

    /**
     * Restoring a backup into a new branch (data branching, also seeding from the last backup): operators own backups
     * and restores everywhere; developers restore only where the database allows data branching.
     */
    static Actor requireRestore(ManagedDatabase database) {
        Actor actor = CurrentActor.get();
        if (actor.has(Role.OPERATOR) || actor.has(Role.DEVELOPER) && database.isAllowDataBranching()) {
            return actor;
        }
        if (actor.has(Role.DEVELOPER)) {
            throw new DomainException.Forbidden("data_branching_disabled", "Data branching is off for "
                    + database.getName() + ": only operators restore backups into its branches.");
        }
        throw new DomainException.Forbidden("forbidden", "Your roles do not allow you to restore backups into branches.");
    }

    static boolean mayRestore(ManagedDatabase database) {
        Actor actor = CurrentActor.get();
        return actor.has(Role.OPERATOR) || actor.has(Role.DEVELOPER) && database.isAllowDataBranching();
    }

    static boolean mayDelete(Branch branch) {
        return !branch.isDefault() && CurrentActor.get().has(branch.isProduction() ? Role.ADMIN : Role.DEVELOPER);
    }

    static Actor requireDelete(Branch branch) {
        if (branch.isProduction()) {
            return require(Role.ADMIN, "delete the production branch " + branch.getName());
        }
        return require(Role.DEVELOPER, "delete branches");
    }
}
