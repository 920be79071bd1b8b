package dev.loopline.delivery;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.quartz.QuartzJobBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The promote runner, a Quartz job in group {@code delivery}: runs blue/green promotes that cut deploy requests over,
 * at once when one is asked for and every 10 seconds; it requests recovery, so a promote cut short by a restart
 * goes on.
 */
@Configuration(proxyBeanMethods = false)
class PromotionJobs {

    static final JobKey RUNNER = JobKey.jobKey("promotions", FreezeJobs.GROUP);

    @DisallowConcurrentExecution
    static class RunnerJob extends QuartzJobBean {

        private final DeploymentService deployments;

        RunnerJob(DeploymentService deployments) {
            this.deployments = deployments;
        }

        @Override
        protected void executeInternal(JobExecutionContext context) {
            context.setResult(deployments.runPromotions());
        }
    }

    /** Starts the runner as soon as the current transaction has committed. */
    @Component
    static class Kick {

        private final Scheduler scheduler;

        Kick(Scheduler scheduler) {
            this.scheduler = scheduler;
        }

        void runSoon() {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    try {
                        scheduler.triggerJob(RUNNER);
                    }
                    catch (SchedulerException e) {
                        // the runner's own trigger picks the promote up within seconds
                    }
                }
            });
        }
    }

    @Bean
    JobDetail promotionRunnerJob() {
        return JobBuilder.newJob(RunnerJob.class).withIdentity(RUNNER).storeDurably().requestRecovery()
                .withDescription("Promotes blue/green deployments that carry deploy requests: cuts them over, then "
                        + "switches the slot; resumes after restarts").build();
    }

    @Bean
    Trigger promotionRunnerTrigger(JobDetail promotionRunnerJob) {
        return TriggerBuilder.newTrigger().forJob(promotionRunnerJob).withIdentity("promotions", FreezeJobs.GROUP)
                .withDescription("Every 10 seconds, and at once when a promote is asked for")
                .withSchedule(SimpleScheduleBuilder.repeatSecondlyForever(10).withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}
