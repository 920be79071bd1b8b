package dev.loopline.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.springframework.scheduling.quartz.QuartzJobBean;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Job runs are counted by group and result; the job's name (which may hold a database name) is no label. */
class JobMetersTests {

    static class SomeJob extends QuartzJobBean {
        @Override
        protected void executeInternal(JobExecutionContext context) {
        }
    }

    @Test
    void countsFailuresByGroupWithoutTheJobName() {
        var registry = new SimpleMeterRegistry();
        var meters = new JobMeters(registry, mock(Scheduler.class));
        JobExecutionContext context = mock(JobExecutionContext.class);
        when(context.getJobDetail()).thenReturn(JobBuilder.newJob(SomeJob.class).withIdentity("policy-payroll", "backup")
                .build());

        meters.jobWasExecuted(context, null);
        meters.jobWasExecuted(context, new JobExecutionException("disk full"));
        meters.jobWasExecuted(context, new JobExecutionException("disk full"));

        assertThat(registry.get("loopline.job.runs").tag("group", "backup").tag("result", "failed").counter().count())
                .isEqualTo(2);
        assertThat(registry.get("loopline.job.runs").tag("result", "succeeded").counter().count()).isEqualTo(1);
        assertThat(registry.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getTags().toString())
                .doesNotContain("payroll"));
    }
}
