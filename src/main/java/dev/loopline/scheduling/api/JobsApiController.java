package dev.loopline.scheduling.api;

import java.time.Instant;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.loopline.common.Paging;
import dev.loopline.common.Paging.PagedList;
import dev.loopline.scheduling.JobsService;
import dev.loopline.scheduling.JobsService.JobView;

/** The scheduled jobs: list, run now, pause and resume. */
@RestController
@RequestMapping("/api/v1/jobs")
class JobsApiController {

    private final JobsService jobs;

    JobsApiController(JobsService jobs) {
        this.jobs = jobs;
    }

    record LastResult(boolean success, String message, long durationMs, Instant startedAt, Instant finishedAt) {
    }

    record JobJson(String group, String name, String description, String schedule, String cron, Instant nextFireAt,
            Instant previousFireAt, String state, boolean runnable, LastResult lastResult) {
        static JobJson of(JobView job) {
            return new JobJson(job.group(), job.name(), job.description(), job.schedule(), job.cron(), job.nextFireAt(),
                    job.previousFireAt(), job.state(), job.runnable(), job.lastResult().map(r -> new LastResult(r.isSuccess(),
                            r.getMessage(), r.getDurationMs(), r.getStartedAt(), r.getFinishedAt())).orElse(null));
        }
    }

    @GetMapping
    PagedList<JobJson> list(Paging paging) {
        return paging.page(jobs.jobs(), JobJson::of);
    }

    @GetMapping("/{group}/{name}")
    JobJson get(@PathVariable String group, @PathVariable String name) {
        return JobJson.of(jobs.job(group, name));
    }

    @PostMapping("/{group}/{name}/run")
    JobJson run(@PathVariable String group, @PathVariable String name) {
        return JobJson.of(jobs.run(group, name));
    }

    @PostMapping("/{group}/{name}/pause")
    JobJson pause(@PathVariable String group, @PathVariable String name) {
        return JobJson.of(jobs.pause(group, name));
    }

    @PostMapping("/{group}/{name}/resume")
    JobJson resume(@PathVariable String group, @PathVariable String name) {
        return JobJson.of(jobs.resume(group, name));
    }
}
