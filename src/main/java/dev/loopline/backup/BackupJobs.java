package dev.loopline.backup;

import org.quartz.CronScheduleBuilder;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.quartz.QuartzJobBean;

import static dev.loopline.scheduling.JobResults.report;

/** The backup module's jobs. Each is thin: it calls one service method and reports what it did. */
@Configuration(proxyBeanMethods = false)
class BackupJobs {

    /** Takes one requested backup (and test-restores it if the policy says so); one trigger per backup carries its id. */
    static class BackupRunJob extends QuartzJobBean {

        private final BackupService backups;

        BackupRunJob(BackupService backups) {
            this.backups = backups;
        }

        @Override
        protected void executeInternal(JobExecutionContext context) throws JobExecutionException {
            report(context, () -> backups.runRequested(context.getMergedJobDataMap().getLong("backupId")));
        }
    }

    /** Test-restores one backup; one trigger per request carries its id. */
    static class BackupVerifyJob extends QuartzJobBean {

        private final BackupService backups;

        BackupVerifyJob(BackupService backups) {
            this.backups = backups;
        }

        @Override
        protected void executeInternal(JobExecutionContext context) throws JobExecutionException {
            report(context, () -> backups.verify(context.getMergedJobDataMap().getLong("backupId")));
        }
    }

    /** A database's backup policy: backs up its branches and, if the policy says so, test-restores each backup. */
    @DisallowConcurrentExecution
    static class BackupPolicyJob extends QuartzJobBean {

        private final BackupPolicyService policies;

        BackupPolicyJob(BackupPolicyService policies) {
            this.policies = policies;
        }

        @Override
        protected void executeInternal(JobExecutionContext context) throws JobExecutionException {
            report(context, () -> policies.runPolicy(context.getMergedJobDataMap().getString("database")));
        }
    }

    /** Deletes expired backups that are not protected. */
    @DisallowConcurrentExecution
    static class RetentionJob extends QuartzJobBean {

        private final BackupService backups;

        RetentionJob(BackupService backups) {
            this.backups = backups;
        }

        @Override
        protected void executeInternal(JobExecutionContext context) throws JobExecutionException {
            report(context, backups::applyRetention);
        }
    }

    /** Test-restores the newest backup of every production branch. */
    @DisallowConcurrentExecution
    static class WeeklyVerificationJob extends QuartzJobBean {

        private final BackupPolicyService policies;

        WeeklyVerificationJob(BackupPolicyService policies) {
            this.policies = policies;
        }

        @Override
        protected void executeInternal(JobExecutionContext context) throws JobExecutionException {
            report(context, policies::verifyProductionBackups);
        }
    }

    @Bean
    JobDetail backupRunJob() {
        return JobBuilder.newJob(BackupRunJob.class).withIdentity(BackupScheduling.BACKUP_RUN)
                .withDescription("Takes a requested backup of a branch, and test-restores it if the backup policy says so")
                .usingJobData(dev.loopline.scheduling.JobsService.NOT_RUNNABLE_ALONE, "true").storeDurably().requestRecovery().build();
    }

    @Bean
    JobDetail backupVerifyJob() {
        return JobBuilder.newJob(BackupVerifyJob.class).withIdentity(BackupScheduling.BACKUP_VERIFY)
                .withDescription("Test-restores a backup and compares its content with what was recorded")
                .usingJobData(dev.loopline.scheduling.JobsService.NOT_RUNNABLE_ALONE, "true")
                .storeDurably().requestRecovery().build();
    }

    @Bean
    JobDetail backupRetentionJob() {
        return JobBuilder.newJob(RetentionJob.class).withIdentity("retention", BackupScheduling.GROUP)
                .withDescription("Deletes expired backups and their files; protected backups are kept").storeDurably().build();
    }

    @Bean
    Trigger backupRetentionTrigger(JobDetail backupRetentionJob) {
        return TriggerBuilder.newTrigger().forJob(backupRetentionJob).withIdentity("retention", BackupScheduling.GROUP)
                .withDescription("Every hour")
                .withSchedule(CronScheduleBuilder.cronSchedule("0 15 * * * ?").withMisfireHandlingInstructionFireAndProceed())
                .build();
    }

    @Bean
    JobDetail weeklyVerificationJob() {
        return JobBuilder.newJob(WeeklyVerificationJob.class).withIdentity("weekly-verification", BackupScheduling.GROUP)
                .withDescription("Test-restores the newest backup of every production branch").storeDurably().build();
    }

    @Bean
    Trigger weeklyVerificationTrigger(JobDetail weeklyVerificationJob) {
        return TriggerBuilder.newTrigger().forJob(weeklyVerificationJob).withIdentity("weekly-verification", BackupScheduling.GROUP)
                .withDescription("Every Sunday at 04:00 UTC")
                .withSchedule(CronScheduleBuilder.cronSchedule("0 0 4 ? * SUN").withMisfireHandlingInstructionFireAndProceed())
                .build();
    }
}
