package dev.loopline.scheduling;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobListener;
import org.springframework.boot.quartz.autoconfigure.SchedulerFactoryBeanCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.domain.PageRequest;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records every job execution (in the metadata database, so it survives restarts and is shared by a cluster),
 * keeping the newest {@value #KEEP} runs per job. A failure is announced ({@link JobEvents.JobFailed}) when the job
 * starts failing: further failures in a row are only in its history, until a success starts the count again.
 */
@Configuration(proxyBeanMethods = false)
class JobHistory implements JobListener {

    static final int KEEP = 50;
    private static final String STARTED = "loopline.startedAt";

    private final JobRunRepository runs;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final org.springframework.context.ApplicationEventPublisher events;

    JobHistory(JobRunRepository runs, TransactionTemplate tx, Clock clock,
            org.springframework.context.ApplicationEventPublisher events) {
        this.runs = runs;
        this.tx = tx;
        this.clock = clock;
        this.events = events;
    }

    @Bean
    static SchedulerFactoryBeanCustomizer jobHistoryListener(org.springframework.beans.factory.ObjectProvider<JobHistory> history) {
        return factory -> factory.setGlobalJobListeners(new DeferredListener(history));
    }

    @Override
    public String getName() {
        return "loopline-job-history";
    }

    @Override
    public void jobToBeExecuted(JobExecutionContext context) {
        context.put(STARTED, clock.instant());
    }

    @Override
    public void jobExecutionVetoed(JobExecutionContext context) {
    }

    @Override
    public void jobWasExecuted(JobExecutionContext context, JobExecutionException failure) {
        Instant started = context.get(STARTED) instanceof Instant at ? at : clock.instant();
        long millis = Duration.between(started, clock.instant()).toMillis();
        String message = failure != null ? (failure.getMessage() == null ? failure.toString() : failure.getMessage())
                : context.getResult() == null ? null : String.valueOf(context.getResult());
        var key = context.getJobDetail().getKey();
        tx.executeWithoutResult(s -> {
            boolean wasFailing = runs.findFirstByGroupAndNameOrderByStartedAtDescIdDesc(key.getGroup(), key.getName())
                    .map(previous -> !previous.isSuccess()).orElse(false);
            runs.save(new JobRun(key.getGroup(), key.getName(), context.getTrigger().getKey().getName(), started, millis,
                    failure == null, message));
            // announced (audit, webhooks) when a job starts failing, not on every run of a job failing every minute
            if (failure != null && !wasFailing) {
                events.publishEvent(new JobEvents.JobFailed(key.getGroup(), key.getName(), message));
            }
            List<Long> newest = runs.idsNewestFirst(key.getGroup(), key.getName(), PageRequest.of(0, KEEP + 10));
            if (newest.size() > KEEP) {
                runs.deleteAllById(newest.subList(KEEP, newest.size()));
            }
        });
    }

    /** The scheduler is built before this bean can be; the listener looks it up when jobs run. */
    private record DeferredListener(org.springframework.beans.factory.ObjectProvider<JobHistory> history) implements JobListener {

        @Override
        public String getName() {
            return "loopline-job-history";
        }

        @Override
        public void jobToBeExecuted(JobExecutionContext context) {
            history.getObject().jobToBeExecuted(context);
        }

        @Override
        public void jobExecutionVetoed(JobExecutionContext context) {
        }

        @Override
        public void jobWasExecuted(JobExecutionContext context, JobExecutionException failure) {
            history.getObject().jobWasExecuted(context, failure);
        }
    }
}
