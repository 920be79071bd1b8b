package dev.loopline.deployrequest;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** The deploy runner and the revert-window closer, as Quartz jobs in group {@code deployrequest}. */
@Configuration(proxyBeanMethods = false)
class DeployJobs {

    static final String GROUP = "deployrequest";
    static final JobKey RUNNER = JobKey.jobKey("deploy-runner", GROUP);
    static final JobKey WINDOW_CLOSER = JobKey.jobKey("revert-window-closer", GROUP);

    /** One deploy at a time across Loopline; requests recovery so a deploy interrupted by a restart resumes. */
    @DisallowConcurrentExecution
    static class RunnerJob extends QuartzJobBean {

        private final DeployRunner runner;

        RunnerJob(DeployRunner runner) {
            this.runner = runner;
        }

        @Override
        protected void executeInternal(JobExecutionContext context) {
            context.setResult(runner.runAll());
        }
    }

    @DisallowConcurrentExecution
    static class WindowCloserJob extends QuartzJobBean {

        private final DeployRunner runner;

        WindowCloserJob(DeployRunner runner) {
            this.runner = runner;
        }

        @Override
        protected void executeInternal(JobExecutionContext context) {
            context.setResult(runner.closeExpiredWindows());
        }
    }

    @Bean
    JobDetail deployRunnerJob() {
        return JobBuilder.newJob(RunnerJob.class).withIdentity(RUNNER).storeDurably().requestRecovery()
                .withDescription("Runs queued deploys: copies rows into shadow tables, cuts over, resumes after restarts")
                .build();
    }

    @Bean
    Trigger deployRunnerTrigger(JobDetail deployRunnerJob) {
        return TriggerBuilder.newTrigger().forJob(deployRunnerJob).withIdentity("deploy-runner", GROUP)
                .withDescription("Every 10 seconds, and at once when a deploy is queued or applied")
                .withSchedule(SimpleScheduleBuilder.repeatSecondlyForever(10).withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }

    @Bean
    JobDetail revertWindowCloserJob() {
        return JobBuilder.newJob(WindowCloserJob.class).withIdentity(WINDOW_CLOSER).storeDurably()
                .withDescription("Closes revert windows whose time is up: drops the old tables and triggers").build();
    }

    @Bean
    Trigger revertWindowCloserTrigger(JobDetail revertWindowCloserJob) {
        return TriggerBuilder.newTrigger().forJob(revertWindowCloserJob).withIdentity("revert-window-closer", GROUP)
                .withDescription("Every 30 seconds")
                .withSchedule(SimpleScheduleBuilder.repeatSecondlyForever(30).withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}
