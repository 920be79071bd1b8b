package dev.loopline.pipeline;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.loopline.common.DomainException;
import dev.loopline.common.Names;
import dev.loopline.common.Paging;
import dev.loopline.common.TextLimits;

/**
 * Builds reported by CI: creates or updates them by {@code pipeline} + {@code number} (replays change nothing),
 * links them to their iteration ({@link IterationFinder}) and answers what builds an iteration has.
 */
@Service
public class BuildService {

    private static final Pattern COMMIT_SHA = Pattern.compile("^[0-9a-fA-F]{7,64}$");
    private static final Pattern SHA256 = Pattern.compile("^[0-9a-fA-F]{64}$");
    private static final Pattern WEB_ADDRESS = Pattern.compile("^(?i)https?://\\S+$");
    static final int MAX_ARTIFACTS = 100;

    private final BuildRepository builds;
    private final IterationFinder finder;
    private final ObjectProvider<BuildTestSummaries> summaries;
    private final TransactionTemplate tx;
    private final Clock clock;

    BuildService(BuildRepository builds, IterationFinder finder, ObjectProvider<BuildTestSummaries> summaries,
            TransactionTemplate tx, Clock clock) {
        this.builds = builds;
        this.finder = finder;
        this.summaries = summaries;
        this.tx = tx;
        this.clock = clock;
    }

    /** What {@link #record} did: the build as stored now, and whether this report created it. */
    public record Recorded(Build build, boolean created) {
    }

    /**
     * Creates the build, or merges the report into the one with the same pipeline and number (see
     * {@link Build#report}). {@code 400 invalid_<field>} for malformed input, {@code 400 invalid_times} when it
     * finished before it started. An iteration that cannot be found leaves the build unlinked, never refused.
     */
    public Recorded record(BuildReport report) {
        validate(report);
        Long iteration = finder.find(report).orElse(null);
        try {
            return tx.execute(status -> upsert(report, iteration));
        }
        catch (DataIntegrityViolationException raced) {
            // the same build reported twice at once: the other report created it, so this one updates it
            return tx.execute(status -> upsert(report, iteration));
        }
    }

    private Recorded upsert(BuildReport report, Long iteration) {
        Optional<Build> existing = builds.lockByPipelineAndNumber(report.pipeline(), report.number());
        Build build = existing.orElseGet(() -> builds.saveAndFlush(new Build(report.pipeline(), report.number(),
                report.source() == null ? "api" : report.source(), clock.instant())));
        if (existing.isEmpty()) {
            build.recorded();
        }
        // a later report that names no iteration keeps the link the build has
        build.report(report, iteration, clock.instant());
        if (build.getStartedAt() != null && build.getFinishedAt() != null
                && build.getFinishedAt().isBefore(build.getStartedAt())) {
            throw invalidTimes();
        }
        return new Recorded(builds.save(build), existing.isEmpty());
    }

    private static DomainException invalidTimes() {
        return new DomainException.InvalidInput("invalid_times", "'finished_at' is before 'started_at': check the "
                + "CI server's clock, or leave one of them out.");
    }

    /** The build; {@code 404} when there is none. */
    @Transactional(readOnly = true)
    public Build get(long id) {
        return builds.findById(id).orElseThrow(() -> new DomainException.NotFound("Build", id));
    }

    /** The build, if there is one. */
    @Transactional(readOnly = true)
    public Optional<Build> find(long id) {
        return builds.findById(id);
    }

    /** The iteration's builds, newest first. */
    @Transactional(readOnly = true)
    public List<Build> ofIteration(long iterationId) {
        return builds.findByIterationIdOrderByCreatedAtDescIdDesc(iterationId);
    }

    /** The newest build of the iteration, if it has any. */
    @Transactional(readOnly = true)
    public Optional<Build> latestOf(long iterationId) {
        return ofIteration(iterationId).stream().findFirst();
    }

    /** Builds matching the filters (each null for "any"), newest first. */
    @Transactional(readOnly = true)
    public Page<Build> search(Long iterationId, BuildStatus status, String pipeline, Paging paging) {
        return builds.search(iterationId, status, pipeline, paging.pageRequest());
    }

    /** The test counts of the build's test runs; zeros when it has none. */
    public TestSummary testSummaryOf(long buildId) {
        BuildTestSummaries provider = summaries.getIfAvailable();
        return provider == null ? TestSummary.NONE : provider.summaryOf(buildId).orElse(TestSummary.NONE);
    }

    /** Notes the failures + errors of the build's latest test run, for the "no failing tests" gate. */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.REQUIRES_NEW)
    void recordTestRun(long buildId, int failures) {
        builds.findById(buildId).ifPresent(build -> build.recordTestFailures(failures));
    }

    static void validate(BuildReport report) {
        if (report.pipeline() == null || report.pipeline().isBlank()) {
            throw new DomainException.InvalidInput("invalid_pipeline", "'pipeline' is required: the CI job or workflow name.");
        }
        TextLimits.require("pipeline", report.pipeline(), Build.PIPELINE_LENGTH);
        if (report.number() < 1) {
            throw new DomainException.InvalidInput("invalid_number", "'number' is the build number, 1 or more.");
        }
        if (report.commitSha() != null && !COMMIT_SHA.matcher(report.commitSha()).matches()) {
            throw new DomainException.InvalidInput("invalid_commit_sha", "'commit_sha' is a hex commit id of 7 to 64 digits.");
        }
        TextLimits.require("commit_message", report.commitMessage(), Build.COMMIT_MESSAGE_LENGTH);
        TextLimits.require("git_branch", report.gitBranch(), Build.GIT_BRANCH_LENGTH);
        TextLimits.require("url", report.url(), Build.URL_LENGTH);
        if (!isWebAddress(report.url())) {
            throw new DomainException.InvalidInput("invalid_url", "'url' is the build's http:// or https:// address.");
        }
        if (report.testBranch() != null) {
            String[] parts = report.testBranch().split("/", -1);
            if (parts.length != 2 || !Names.RESOURCE_NAME.matcher(parts[0]).matches()
                    || !Names.RESOURCE_NAME.matcher(parts[1]).matches()) {
                throw new DomainException.InvalidInput("invalid_test_branch", "'test_branch' is database/branch, e.g. "
                        + "shop/test-12.");
            }
        }
        if (report.startedAt() != null && report.finishedAt() != null && report.finishedAt().isBefore(report.startedAt())) {
            throw invalidTimes();
        }
        if (report.artifacts() != null) {
            if (report.artifacts().size() > MAX_ARTIFACTS) {
                throw new DomainException.InvalidInput("invalid_artifacts", "A build lists at most " + MAX_ARTIFACTS
                        + " artifacts.");
            }
            for (BuildArtifact artifact : report.artifacts()) {
                if (artifact == null || artifact.name() == null || artifact.name().isBlank()) {
                    throw new DomainException.InvalidInput("invalid_artifacts", "Every artifact needs a 'name'.");
                }
                TextLimits.require("artifact_name", artifact.name(), 255);
                TextLimits.require("artifact_url", artifact.url(), Build.URL_LENGTH);
                if (!isWebAddress(artifact.url())) {
                    throw new DomainException.InvalidInput("invalid_artifacts", "Artifact '"
                            + TextLimits.quoted(artifact.name()) + "': 'url' is an http:// or https:// address.");
                }
                if (artifact.sha256() != null && !SHA256.matcher(artifact.sha256()).matches()) {
                    throw new DomainException.InvalidInput("invalid_artifacts", "Artifact '" + TextLimits.quoted(artifact.name())
                            + "': 'sha256' is 64 hex digits.");
                }
                if (artifact.sizeBytes() != null && artifact.sizeBytes() < 0) {
                    throw new DomainException.InvalidInput("invalid_artifacts", "Artifact '" + TextLimits.quoted(artifact.name())
                            + "': 'size_bytes' cannot be negative.");
                }
            }
        }
    }

    /** Null, or an http(s) address: pages link these, so no {@code javascript:} or {@code data:} ones. */
    private static boolean isWebAddress(String url) {
        return url == null || WEB_ADDRESS.matcher(url).matches();
    }
}
