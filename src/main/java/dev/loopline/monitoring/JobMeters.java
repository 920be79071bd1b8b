package dev.loopline.monitoring;

import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobListener;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code loopline.job.runs{group, result=succeeded|failed}} (counter): scheduled job runs on this node. The label is
 * the job's group (its module: backup, database, deployrequest, …), never its name, which may carry a database name.
 * A Quartz listener of its own, added once the scheduler runs.
 */
@Component
class JobMeters implements JobListener {

    private final MeterRegistry registry;
    private final Scheduler scheduler;

    JobMeters(MeterRegistry registry, Scheduler scheduler) {
        this.registry = registry;
        this.scheduler = scheduler;
    }

    @EventListener(ApplicationReadyEvent.class)
    void listen() throws SchedulerException {
        scheduler.getListenerManager().addJobListener(this);
        // present from the start, so a first failure shows as an increase
        for (String group : scheduler.getJobGroupNames()) {
            counter(group, "succeeded");
            counter(group, "failed");
        }
    }

    @Override
    public String getName() {
        return "loopline-job-meters";
    }

    @Override
    public void jobToBeExecuted(JobExecutionContext context) {
    }

    @Override
    public void jobExecutionVetoed(JobExecutionContext context) {
    }

    @Override
    public void jobWasExecuted(JobExecutionContext context, JobExecutionException failure) {
        counter(context.getJobDetail().getKey().getGroup(), failure == null ? "succeeded" : "failed").increment();
    }

    private Counter counter(String group, String result) {
        return Counter.builder("loopline.job.runs").description("Scheduled job runs on this node, by job group and result")
                .tag("group", group).tag("result", result).register(registry);
    }
}
