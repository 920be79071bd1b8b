package dev.loopline.database;

import java.time.Clock;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.loopline.common.DomainException;
import dev.loopline.iteration.IterationEvents;

/** Reacts to iterations: schedules their branch when they name a database, and honours the answer on deletion. */
@Component
class IterationListener {

    private final Scheduler scheduler;
    private final IterationBranchService iterationBranches;
    private final Clock clock;

    IterationListener(Scheduler scheduler, IterationBranchService iterationBranches, Clock clock) {
        this.scheduler = scheduler;
        this.iterationBranches = iterationBranches;
        this.clock = clock;
    }

    @TransactionalEventListener
    void on(IterationEvents.IterationCreated event) throws SchedulerException {
        if (event.database() != null) {
            DatabaseJobs.scheduleIterationBranch(scheduler, event.iterationId(), event.name(), event.database(),
                    event.startsOn(), clock.instant());
        }
    }

    @TransactionalEventListener
    void on(IterationEvents.IterationUpdated event) throws SchedulerException {
        if (event.database() != null && event.iterationId() != null) {
            DatabaseJobs.scheduleIterationBranch(scheduler, event.iterationId(), event.name(), event.database(),
                    event.startsOn(), clock.instant());
        }
    }

    /** A person asked for the branch now (a retry): the job runs at once, replacing a branch left failed. */
    @TransactionalEventListener
    void on(IterationEvents.BranchRequested event) throws SchedulerException {
        DatabaseJobs.scheduleIterationBranch(scheduler, event.iterationId(), event.name(), event.database(),
                java.time.LocalDate.now(clock), clock.instant());
    }

    /** Runs inside the deletion: if the branch may not be deleted, the iteration stays too. */
    @EventListener
    void on(IterationEvents.IterationDeleted event) {
        try {
            scheduler.unscheduleJob(DatabaseJobs.iterationTrigger(event.iterationId()));
        }
        catch (SchedulerException e) {
            throw new DomainException.Conflict("scheduler_error", "Could not cancel the branch job: " + e.getMessage());
        }
        if (event.deleteBranch()) {
            iterationBranches.deleteBranchOf(event.iterationId());
        }
    }
}
