package dev.loopline.database;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobKey;
import org.quartz.PersistJobDataAfterExecution;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.quartz.QuartzJobBean;

import dev.loopline.scheduling.JobResults;

/**
 * The database module's scheduled work. Jobs are thin: each calls one service. Their group is the module's name.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseJobs {

    static final String GROUP = "database";
    static final JobKey PASSWORD_EXPIRY = JobKey.jobKey("password-expiry", GROUP);
    static final JobKey ITERATION_BRANCHES = JobKey.jobKey("iteration-branches", GROUP);
    static final JobKey BRANCH_RESTORE = JobKey.jobKey("branch-restore", GROUP);

    /** Restores a backup into a new branch; one trigger per branch carries its id. */
    static class BranchRestoreJob extends QuartzJobBean {

        private final BranchRestoreService restores;

        BranchRestoreJob(BranchRestoreService restores) {
            this.restores = restores;
        }

        @Override
        protected void executeInternal(JobExecutionContext context) throws JobExecutionException {
            JobResults.report(context, () -> restores.restore(context.getMergedJobDataMap().getLong("branchId")));
        }
    }

    @Bean
    JobDetail branchRestoreJob() {
        return JobBuilder.newJob(BranchRestoreJob.class).withIdentity(BRANCH_RESTORE)
                .withDescription("Restores a backup into a new branch (data branching)")
                .usingJobData(dev.loopline.scheduling.JobsService.NOT_RUNNABLE_ALONE, "true")
                .storeDurably().requestRecovery().build();
    }

    static void scheduleRestore(Scheduler scheduler, long branchId, String label) throws SchedulerException {
        scheduler.scheduleJob(TriggerBuilder.newTrigger().forJob(BRANCH_RESTORE)
                .withIdentity("restore-branch-" + branchId, GROUP).withDescription("Restore into " + label)
                .usingJobData("branchId", branchId).startNow()
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow()).build());
    }

    /** Drops the users of expired branch passwords, every minute. */
    @DisallowConcurrentExecution
    static class PasswordExpiryJob extends QuartzJobBean {

        private final BranchPasswordService passwords;

        PasswordExpiryJob(BranchPasswordService passwords) {
            this.passwords = passwords;
        }

        @Override
        protected void executeInternal(JobExecutionContext context) {
            int expired = passwords.expireDue();
            context.setResult(expired == 0 ? "No password was due." : "Expired " + dev.loopline.common.Quantities.count(expired, "password") + ".");
        }
    }

    /**
     * Creates an iteration's branch at its start date; one trigger per iteration carries its id. Run on its own (Run
     * now on the jobs page), it gives every started iteration that names a database and lacks a branch its branch.
     */
    @PersistJobDataAfterExecution
    static class IterationBranchJob extends QuartzJobBean {

        private final IterationBranchService iterationBranches;

        IterationBranchJob(IterationBranchService iterationBranches) {
            this.iterationBranches = iterationBranches;
        }

        @Override
        protected void executeInternal(JobExecutionContext context) throws JobExecutionException {
            var data = context.getMergedJobDataMap();
            if (!data.containsKey("iterationId")) {
                JobResults.report(context, iterationBranches::ensureBranchesOfStartedIterations);
                return;
            }
            JobResults.report(context, () -> iterationBranches.ensureBranch(data.getLong("iterationId"),
                    data.getString("iterationName"), data.getString("database")));
        }
    }

    @Bean
    JobDetail passwordExpiryJob() {
        return JobBuilder.newJob(PasswordExpiryJob.class).withIdentity(PASSWORD_EXPIRY)
                .withDescription("Drops the database users of expired branch passwords and ends their sessions")
                .storeDurably().build();
    }

    @Bean
    Trigger passwordExpiryTrigger(JobDetail passwordExpiryJob) {
        return TriggerBuilder.newTrigger().forJob(passwordExpiryJob).withIdentity("password-expiry", GROUP)
                .withDescription("Every minute")
                .withSchedule(SimpleScheduleBuilder.repeatMinutelyForever().withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }

    @Bean
    JobDetail iterationBranchesJob() {
        return JobBuilder.newJob(IterationBranchJob.class).withIdentity(ITERATION_BRANCHES)
                .withDescription("Creates an iteration's development branch from production at its start date")
                .storeDurably().requestRecovery().build();
    }

    /** Schedules (or moves) the creation of an iteration's branch: at its start date, or now if it has started. */
    static void scheduleIterationBranch(Scheduler scheduler, long iterationId, String iterationName, String database,
            LocalDate startsOn, Instant now) throws SchedulerException {
        Instant startOfDay = startsOn.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant at = startOfDay.isAfter(now) ? startOfDay : now.plus(Duration.ofMillis(200));
        Trigger trigger = TriggerBuilder.newTrigger().forJob(ITERATION_BRANCHES)
                .withIdentity(iterationTrigger(iterationId))
                .withDescription("Branch for iteration " + iterationId + " (" + iterationName + ") in " + database)
                .usingJobData("iterationId", iterationId).usingJobData("iterationName", iterationName)
                .usingJobData("database", database).startAt(Date.from(at))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow()).build();
        if (scheduler.checkExists(trigger.getKey())) {
            scheduler.rescheduleJob(trigger.getKey(), trigger);
        }
        else {
            scheduler.scheduleJob(trigger);
        }
    }

    static final JobKey BRANCH_EXPIRY = JobKey.jobKey("branch-expiry", GROUP);

    /** Deletes branches whose {@code delete_after_minutes} ran out; one trigger per branch fires at its expiry. */
    @DisallowConcurrentExecution
    static class BranchExpiryJob extends QuartzJobBean {

        private final BranchExpiry expiry;

        BranchExpiryJob(BranchExpiry expiry) {
            this.expiry = expiry;
        }

        @Override
        protected void executeInternal(JobExecutionContext context) throws JobExecutionException {
            JobResults.report(context, expiry::deleteDue);
        }
    }

    @Bean
    JobDetail branchExpiryJob() {
        return JobBuilder.newJob(BranchExpiryJob.class).withIdentity(BRANCH_EXPIRY)
                .withDescription("Deletes test branches when their delete_after_minutes runs out")
                .storeDurably().requestRecovery().build();
    }

    /** Schedules (or moves) the deletion of a branch at its expiry; a missed time fires as soon as Loopline runs. */
    static void scheduleExpiry(Scheduler scheduler, long branchId, String label, Instant at) throws SchedulerException {
        Trigger trigger = TriggerBuilder.newTrigger().forJob(BRANCH_EXPIRY)
                .withIdentity(TriggerKey.triggerKey("expire-branch-" + branchId, GROUP))
                .withDescription("Delete " + label).startAt(Date.from(at))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow()).build();
        if (scheduler.checkExists(trigger.getKey())) {
            scheduler.rescheduleJob(trigger.getKey(), trigger);
        }
        else {
            scheduler.scheduleJob(trigger);
        }
    }

    static TriggerKey iterationTrigger(long iterationId) {
        return TriggerKey.triggerKey("iteration-" + iterationId, GROUP);
    }
}
