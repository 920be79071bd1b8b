package dev.loopline.delivery;

import java.time.Clock;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import dev.loopline.database.DatabaseEvents;
import dev.loopline.deployrequest.DeployRequestEvents;
import dev.loopline.deployrequest.DeployRequestService;

/**
 * Records the recoveries DORA counts besides rollbacks and hotfixes: a deploy request's schema revert into a branch,
 * and a restore from a backup started in a database a production environment uses.
 */
@Component
class RecoveryListener {

    private final RecoveryEventRepository recoveries;
    private final DeployRequestService requests;
    private final EnvironmentRepository environments;
    private final TransactionTemplate tx;
    private final Clock clock;

    RecoveryListener(RecoveryEventRepository recoveries, DeployRequestService requests, EnvironmentRepository environments,
            PlatformTransactionManager transactions, Clock clock) {
        this.recoveries = recoveries;
        this.requests = requests;
        this.environments = environments;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(DeployRequestEvents.DeploymentStep step) {
        if (!"reverted".equals(step.step())) {
            return;
        }
        String branch = requests.get(step.database(), step.number()).getIntoBranch();
        tx.executeWithoutResult(s -> recoveries.save(new RecoveryEvent(step.database(), branch, RecoveryEvent.REVERT,
                step.database() + "#" + step.number(), clock.instant())));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(DatabaseEvents.BranchRestoreStarted restore) {
        environments.findByDatabase(restore.database()).stream().filter(Environment::isProduction).forEach(env ->
                tx.executeWithoutResult(s -> recoveries.save(new RecoveryEvent(env.getDatabase(), env.getBranch(),
                        RecoveryEvent.RESTORE, "backup " + restore.backupId() + " → " + restore.branch(), clock.instant()))));
    }
}
