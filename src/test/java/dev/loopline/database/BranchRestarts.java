package dev.loopline.database;

import org.springframework.context.ApplicationContext;

import dev.loopline.engine.h2.H2Restarts;

/** For tests of other modules: closes a branch's database on its engine as a restart of Loopline does. */
public final class BranchRestarts {

    private BranchRestarts() {
    }

    public static void closeAsARestartDoes(ApplicationContext context, String database, String branch) {
        EngineAccess engines = context.getBean(EngineAccess.class);
        Branch b = context.getBean(BranchService.class).find(database, branch).orElseThrow();
        H2Restarts.closeAsARestartDoes(engines.engineOf(b), b.address(), engines.credentialOf(b));
    }
}
