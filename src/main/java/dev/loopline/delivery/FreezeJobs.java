package dev.loopline.delivery;

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

/** The freeze announcer, a Quartz job in group {@code delivery}: publishes each freeze window's start and end once. */
@Configuration(proxyBeanMethods = false)
class FreezeJobs {

    static final String GROUP = "delivery";
    static final JobKey ANNOUNCER = JobKey.jobKey("freeze-windows", GROUP);

    @DisallowConcurrentExecution
    static class AnnouncerJob extends QuartzJobBean {

        private final FreezeService freezes;

        AnnouncerJob(FreezeService freezes) {
            this.freezes = freezes;
        }

        @Override
        protected void executeInternal(JobExecutionContext context) {
            context.setResult(freezes.announce());
        }
    }

    @Bean
    JobDetail freezeAnnouncerJob() {
        return JobBuilder.newJob(AnnouncerJob.class).withIdentity(ANNOUNCER).storeDurably()
                .withDescription("Announces each freeze window once as it starts and once as it ends").build();
    }

    @Bean
    Trigger freezeAnnouncerTrigger(JobDetail freezeAnnouncerJob) {
        return TriggerBuilder.newTrigger().forJob(freezeAnnouncerJob).withIdentity("freeze-windows", GROUP)
                .withDescription("Every minute")
                .withSchedule(SimpleScheduleBuilder.repeatMinutelyForever(1).withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}
