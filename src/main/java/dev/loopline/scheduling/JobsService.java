package dev.loopline.scheduling;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.quartz.CronTrigger;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.impl.matchers.GroupMatcher;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;

import dev.loopline.common.CurrentActor;
import dev.loopline.common.DomainException;
import dev.loopline.common.Role;

/** Every Quartz job with its triggers and history; run now, pause and resume for operators. */
@Service
public class JobsService {

    /** Job data flag for jobs that only make sense with a trigger's data (one backup, one iteration). */
    public static final String NOT_RUNNABLE_ALONE = "loopline.notRunnableAlone";

    private final Scheduler scheduler;
    private final JobRunRepository runs;
    private final ApplicationEventPublisher events;
    private final org.springframework.jdbc.core.JdbcTemplate jdbc;

    JobsService(Scheduler scheduler, JobRunRepository runs, ApplicationEventPublisher events,
            org.springframework.jdbc.core.JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.scheduler = scheduler;
        this.runs = runs;
        this.events = events;
    }

    /**
     * A job as the page and API show it.
     *
     * @param state normal, paused (all its triggers paused), blocked (running, no concurrent runs) or error
     */
    public record JobView(String group, String name, String description, String schedule, String cron, Instant nextFireAt,
            Instant previousFireAt, String state, boolean runnable, int triggers, Optional<JobRun> lastResult) {

        /** Job groups are the modules that own the jobs; people read them as what those modules are about. */
        private static final java.util.Map<String, String> GROUP_LABELS = java.util.Map.of("backup", "Backups",
                "database", "Databases and branches", "deployrequest", "Deploy requests", "iteration", "Iterations",
                "pipeline", "Builds and tests", "delivery", "Deployments", "insights", "Insights",
                "notification", "Notifications");

        public boolean failing() {
            return lastResult.map(r -> !r.isSuccess()).orElse(false);
        }

        /** The group as people read it: "Deploy requests" for {@code deployrequest}. */
        public String groupLabel() {
            return groupLabel(group);
        }

        /** @see #groupLabel() */
        public static String groupLabel(String group) {
            return GROUP_LABELS.getOrDefault(group, group.isEmpty() ? group
                    : Character.toUpperCase(group.charAt(0)) + group.substring(1));
        }

        /** "retention (Backups)": the job as a sentence names it. */
        public String label() {
            return name + " (" + groupLabel() + ")";
        }
    }

    public List<JobView> jobs() {
        try {
            List<JobView> jobs = new ArrayList<>();
            for (String group : scheduler.getJobGroupNames()) {
                for (JobKey key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(group))) {
                    JobDetail detail = scheduler.getJobDetail(key);
                    if (detail != null) {
                        jobs.add(view(detail));
                    }
                }
            }
            jobs.sort(Comparator.comparing(JobView::group).thenComparing(JobView::name));
            return jobs;
        }
        catch (SchedulerException e) {
            throw new IllegalStateException("Could not read the scheduler: " + e.getMessage(), e);
        }
    }

    public JobView job(String group, String name) {
        try {
            JobDetail detail = scheduler.getJobDetail(JobKey.jobKey(name, group));
            if (detail == null) {
                throw new DomainException.NotFound("Job", group + "/" + name);
            }
            return view(detail);
        }
        catch (SchedulerException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public List<JobRun> history(String group, String name) {
        return runs.findByGroupAndNameOrderByStartedAtDescIdDesc(group, name, PageRequest.of(0, 10));
    }

    /** The latest recorded run of a job fired by the named trigger (e.g. one iteration's branch), if any is kept. */
    public Optional<JobRun> lastRun(String group, String name, String trigger) {
        return runs.findFirstByGroupAndNameAndTriggerOrderByStartedAtDescIdDesc(group, name, trigger);
    }

    /** Jobs whose latest run failed: shown on the dashboard. */
    public List<JobView> failing() {
        return jobs().stream().filter(JobView::failing).toList();
    }

    private JobView view(JobDetail detail) throws SchedulerException {
        JobKey key = detail.getKey();
        List<? extends Trigger> triggers = scheduler.getTriggersOfJob(key);
        Instant next = triggers.stream().map(Trigger::getNextFireTime).filter(Objects::nonNull).min(Date::compareTo)
                .map(Date::toInstant).orElse(null);
        Instant previous = triggers.stream().map(Trigger::getPreviousFireTime).filter(Objects::nonNull).max(Date::compareTo)
                .map(Date::toInstant).orElse(null);
        List<Trigger.TriggerState> states = new ArrayList<>();
        for (Trigger trigger : triggers) {
            states.add(scheduler.getTriggerState(trigger.getKey()));
        }
        String state = states.contains(Trigger.TriggerState.ERROR) ? "error"
                : states.contains(Trigger.TriggerState.BLOCKED) ? "blocked"
                : !states.isEmpty() && states.stream().allMatch(s -> s == Trigger.TriggerState.PAUSED) ? "paused" : "normal";
        String cron = triggers.stream().filter(t -> t instanceof CronTrigger).map(t -> ((CronTrigger) t).getCronExpression())
                .findFirst().orElse(null);
        boolean runnable = !"true".equals(String.valueOf(detail.getJobDataMap().get(NOT_RUNNABLE_ALONE)));
        return new JobView(key.getGroup(), key.getName(), detail.getDescription(), ScheduleWords.of(triggers), cron, next,
                previous, state, runnable, triggers.size(),
                runs.findFirstByGroupAndNameOrderByStartedAtDescIdDesc(key.getGroup(), key.getName()));
    }

    public JobView run(String group, String name) {
        CurrentActor.require(Role.OPERATOR, "run jobs");
        JobView job = job(group, name);
        if (!job.runnable()) {
            throw new DomainException.Conflict("job_needs_trigger", "Job " + group + "/" + name + " works on what each of "
                    + "its triggers names (a backup, a branch, an iteration) and cannot be run on its own.");
        }
        act(job, "run_requested", key -> scheduler.triggerJob(key));
        return job(group, name);
    }

    public JobView pause(String group, String name) {
        CurrentActor.require(Role.OPERATOR, "pause jobs");
        act(job(group, name), "paused", key -> {
            scheduler.pauseJob(key);
            jdbc.update("DELETE FROM job_pause WHERE job_group = ? AND job_name = ?", group, name);
            jdbc.update("INSERT INTO job_pause (job_group, job_name, paused_at) VALUES (?, ?, ?)", group, name,
                    java.sql.Timestamp.from(Instant.now()));
        });
        return job(group, name);
    }

    public JobView resume(String group, String name) {
        CurrentActor.require(Role.OPERATOR, "resume jobs");
        act(job(group, name), "resumed", key -> {
            scheduler.resumeJob(key);
            jdbc.update("DELETE FROM job_pause WHERE job_group = ? AND job_name = ?", group, name);
        });
        return job(group, name);
    }

    /**
     * Jobs defined in code get their triggers re-registered at every start, which resumes them; an operator's pause
     * is kept in {@code job_pause} and applied again here.
     */
    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    void reapplyPauses() throws SchedulerException {
        for (var row : jdbc.queryForList("SELECT job_group, job_name FROM job_pause")) {
            JobKey key = JobKey.jobKey((String) row.get("job_name"), (String) row.get("job_group"));
            if (scheduler.checkExists(key)) {
                scheduler.pauseJob(key);
            }
        }
    }

    private interface SchedulerAction {
        void apply(JobKey key) throws SchedulerException;
    }

    private void act(JobView job, String act, SchedulerAction action) {
        try {
            action.apply(JobKey.jobKey(job.name(), job.group()));
            events.publishEvent(new JobEvents.JobActed(job.group(), job.name(), act));
        }
        catch (SchedulerException e) {
            throw new DomainException.Conflict("scheduler_error", "The scheduler refused to " + act.replace('_', ' ')
                    .toLowerCase(Locale.ROOT) + " " + job.group() + "/" + job.name() + ": " + e.getMessage());
        }
    }
}
