package dev.loopline.database;

import dev.loopline.common.Actor;
import dev.loopline.common.CurrentActor;
import dev.loopline.common.Role;

/**
 * Who may do what to a branch. Production branches are ops territory (operators and admins); developers work on
 * development branches. The one place these rules are written.
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
