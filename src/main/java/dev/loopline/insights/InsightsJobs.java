package dev.loopline.insights;

import org.quartz.CronScheduleBuilder;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.quartz.QuartzJobBean;

import static dev.loopline.scheduling.JobResults.report;

/** The insights module's jobs: sampling query statistics every minute, and the retention cleanup. */
@Configuration(proxyBeanMethods = false)
class InsightsJobs {

    static final String GROUP = "insights";

    @DisallowConcurrentExecution
    static class SampleJob extends QuartzJobBean {

        private final QuerySampler sampler;

        SampleJob(QuerySampler sampler) {
            this.sampler = sampler;
        }

        @Override
        protected void executeInternal(JobExecutionContext context) throws JobExecutionException {
            report(context, sampler::sampleAll);
        }
    }

    @DisallowConcurrentExecution
    static class RetentionJob extends QuartzJobBean {

        private final InsightsService insights;

        RetentionJob(InsightsService insights) {
            this.insights = insights;
        }

        @Override
        protected void executeInternal(JobExecutionContext context) throws JobExecutionException {
            report(context, insights::applyRetention);
        }
    }

    @Bean
    JobDetail insightsSampleJob() {
        return JobBuilder.newJob(SampleJob.class).withIdentity("sample-query-statistics", GROUP)
                .withDescription("Samples the query statistics of production branches into per-minute patterns")
                .storeDurably().build();
    }

    @Bean
    Trigger insightsSampleTrigger(JobDetail insightsSampleJob) {
        return TriggerBuilder.newTrigger().forJob(insightsSampleJob).withIdentity("sample-query-statistics", GROUP)
                .withDescription("Every minute")
                .withSchedule(SimpleScheduleBuilder.repeatMinutelyForever().withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }

    @Bean
    JobDetail insightsRetentionJob() {
        return JobBuilder.newJob(RetentionJob.class).withIdentity("retention", GROUP)
                .withDescription("Deletes query samples older than the retention (7 days unless configured)")
                .storeDurably().build();
    }

    @Bean
    Trigger insightsRetentionTrigger(JobDetail insightsRetentionJob) {
        return TriggerBuilder.newTrigger().forJob(insightsRetentionJob).withIdentity("retention", GROUP)
                .withDescription("Every hour")
                .withSchedule(CronScheduleBuilder.cronSchedule("0 25 * * * ?").withMisfireHandlingInstructionFireAndProceed())
                .build();
    }
}
