package dev.loopline.engine.h2;

import dev.loopline.engine.AdminCredential;
import dev.loopline.engine.BranchDatabase;
import dev.loopline.engine.DatabaseEngine;

/** For tests of other modules: closes a branch's H2 database as a restart of Loopline does (its next use reopens it). */
public final class H2Restarts {

    private H2Restarts() {
    }

    public static void closeAsARestartDoes(DatabaseEngine engine, BranchDatabase database, AdminCredential admin) {
        ((H2Engine) engine).shutDownQuietly(database, admin);
    }
}
