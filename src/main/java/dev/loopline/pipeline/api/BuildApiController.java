package dev.loopline.pipeline.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.loopline.common.DomainException;
import dev.loopline.common.Names;
import dev.loopline.common.Paging;
import dev.loopline.common.Paging.PagedList;
import dev.loopline.common.Role;
import dev.loopline.pipeline.BuildArtifact;
import dev.loopline.pipeline.BuildReport;
import dev.loopline.pipeline.BuildService;
import dev.loopline.pipeline.BuildStatus;

/** {@code /api/v1/builds}, as API.md describes it: CI reports builds (create or update), anyone signed in reads them. */
@RestController
@RequestMapping("/api/v1")
class BuildApiController {

    private final BuildService builds;

    BuildApiController(BuildService builds) {
        this.builds = builds;
    }

    record ArtifactRequest(String name, String url, String sha256, Long sizeBytes) {
    }

    record BuildRequest(String pipeline, Long number, String status, String commitSha, String commitMessage,
            String committedAt, String gitBranch, String url, String startedAt, String finishedAt, Long iterationId,
            String testBranch, List<ArtifactRequest> artifacts) {

        BuildReport toReport() {
            if (number == null) {
                throw new DomainException.InvalidInput("invalid_number", "'number' is required: the build number.");
            }
            return new BuildReport(pipeline, number, status == null ? null
                    : Names.parseEnum(BuildStatus.class, status, "invalid_status", "build status"), commitSha,
                    commitMessage, time("committed_at", committedAt), gitBranch, url, time("started_at", startedAt),
                    time("finished_at", finishedAt), iterationId, testBranch, artifacts == null ? null
                            : artifacts.stream().map(a -> a == null ? null
                                    : new BuildArtifact(a.name(), a.url(), a.sha256() == null ? null
                                            : a.sha256().toLowerCase(java.util.Locale.ROOT), a.sizeBytes())).toList(),
                    null, "api");
        }
    }

    /** An ISO-8601 time with an offset ({@code 2026-11-20T10:00:00Z}); {@code 400 invalid_<field>} otherwise. */
    static Instant time(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        }
        catch (DateTimeParseException e) {
            throw new DomainException.InvalidInput("invalid_" + field, "'" + field + "' is an ISO-8601 time with a zone, "
                    + "e.g. 2026-11-20T10:00:00Z.");
        }
    }

    /** {@code 201} with the new build, {@code 200} when the pipeline already had a build of this number. */
    @PostMapping("/builds")
    @PreAuthorize(Role.BUILD_REPORTERS)
    ResponseEntity<BuildJson> record(@RequestBody BuildRequest request) {
        var recorded = builds.record(request.toReport());
        return ResponseEntity.status(recorded.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(json(recorded.build()));
    }

    @GetMapping("/builds")
    PagedList<BuildJson> list(@RequestParam(name = "iteration_id", required = false) Long iterationId,
            @RequestParam(required = false) String status, @RequestParam(required = false) String pipeline,
            Paging paging) {
        var found = builds.search(iterationId, status == null || status.isBlank() ? null
                : Names.parseEnum(BuildStatus.class, status, "invalid_status", "build status"),
                pipeline == null || pipeline.isBlank() ? null : pipeline, paging);
        return paging.result(found.getContent().stream().map(this::json).toList(), found.hasNext());
    }

    @GetMapping("/builds/{id}")
    BuildJson get(@PathVariable long id) {
        return json(builds.get(id));
    }

    private BuildJson json(dev.loopline.pipeline.Build build) {
        return BuildJson.of(build, builds.testSummaryOf(build.getId()));
    }
}
