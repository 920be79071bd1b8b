package dev.loopline.backup;

import java.util.Date;
import java.util.TimeZone;

import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.loopline.backup.BackupJobs.BackupPolicyJob;

/** Puts the backup module's work on Quartz: one-shot runs and verifications, and one cron job per policy. */
@Component
class BackupScheduling {

    static final String GROUP = "backup";
    static final JobKey BACKUP_RUN = JobKey.jobKey("backup-run", GROUP);
    static final JobKey BACKUP_VERIFY = JobKey.jobKey("backup-verify", GROUP);

    private final Scheduler scheduler;

    BackupScheduling(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    static JobKey policyJob(String database) {
        return JobKey.jobKey("policy-" + database, GROUP);
    }

    static TriggerKey policyTrigger(String database) {
        return TriggerKey.triggerKey("policy-" + database, GROUP);
    }

    void runBackup(long backupId) {
        fireOnce(BACKUP_RUN, "backup-" + backupId, "Backup " + backupId, "backupId", backupId);
    }

    void verify(long backupId) {
        fireOnce(BACKUP_VERIFY, "verify-" + backupId + "-" + System.nanoTime(), "Test restore of backup " + backupId,
                "backupId", backupId);
    }

    /** Backups whose test restore is waiting to run or running now (its one-shot trigger still exists). */
    java.util.Set<Long> verifying() {
        try {
            java.util.Set<Long> ids = new java.util.HashSet<>();
            for (Trigger trigger : scheduler.getTriggersOfJob(BACKUP_VERIFY)) {
                String[] parts = trigger.getKey().getName().split("-");
                if (parts.length == 3 && parts[0].equals("verify") && parts[1].matches("[0-9]{1,18}")) {
                    ids.add(Long.parseLong(parts[1]));
                }
            }
            return ids;
        }
        catch (SchedulerException e) {
            throw new IllegalStateException("Could not read the test restores' triggers: " + e.getMessage(), e);
        }
    }

    private void fireOnce(JobKey job, String name, String description, String key, long value) {
        Runnable schedule = () -> {
            try {
                scheduler.scheduleJob(TriggerBuilder.newTrigger().forJob(job).withIdentity(name, GROUP)
                        .withDescription(description).usingJobData(key, value).startNow()
                        .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow()).build());
            }
            catch (SchedulerException e) {
                throw new IllegalStateException("Could not schedule " + description.toLowerCase() + ": " + e.getMessage(), e);
            }
        };
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    schedule.run();
                }
            });
        }
        else {
            schedule.run();
        }
    }

    /** Creates or replaces the policy's job and cron trigger; a paused policy stays paused. */
    void schedulePolicy(BackupPolicy policy) {
        String database = policy.getDatabase();
        try {
            JobDetail job = JobBuilder.newJob(BackupPolicyJob.class).withIdentity(policyJob(database))
                    .withDescription("Backs up " + database + " (" + (policy.getBranches().isEmpty() ? "production branches"
                            : String.join(", ", policy.getBranches())) + "), keeps backups " + policy.getRetentionDays()
                            + " days" + (policy.isVerifyAfterBackup() ? ", test-restores each" : ""))
                    .usingJobData("database", database).storeDurably().requestRecovery().build();
            boolean paused = isPolicyPaused(database);
            Trigger trigger = TriggerBuilder.newTrigger().forJob(job).withIdentity(policyTrigger(database))
                    .withDescription("Backup policy of " + database)
                    .withSchedule(CronScheduleBuilder.cronSchedule(policy.getSchedule()).inTimeZone(TimeZone.getTimeZone("UTC"))
                            .withMisfireHandlingInstructionFireAndProceed())
                    .startAt(new Date()).build();
            scheduler.addJob(job, true);
            if (scheduler.checkExists(trigger.getKey())) {
                scheduler.rescheduleJob(trigger.getKey(), trigger);
            }
            else {
                scheduler.scheduleJob(trigger);
            }
            if (paused) {
                scheduler.pauseTrigger(trigger.getKey());
            }
        }
        catch (SchedulerException e) {
            throw new IllegalStateException("Could not schedule the backup policy of " + database + ": " + e.getMessage(), e);
        }
    }

    boolean isPolicyPaused(String database) {
        try {
            return scheduler.getTriggerState(policyTrigger(database)) == Trigger.TriggerState.PAUSED;
        }
        catch (SchedulerException e) {
            throw new IllegalStateException("Could not read the backup policy's trigger: " + e.getMessage(), e);
        }
    }

    boolean hasPolicyJob(String database) throws SchedulerException {
        return scheduler.checkExists(policyJob(database));
    }
}
