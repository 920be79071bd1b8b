package dev.loopline.pipeline;

import dev.loopline.common.AuditableEvent;

/**
 * Events of the pipeline module, all audited. Builds are targeted as {@code build <id>}; the notification module turns
 * them into webhooks by {@link AuditableEvent#action()}.
 */
public final class PipelineEvents {

    private PipelineEvents() {
    }

    /** An event about one build. */
    public interface OfBuild extends AuditableEvent {
        long buildId();

        /** The iteration the build belongs to, or null when none was found. */
        Long iterationId();

        default String targetType() {
            return "build";
        }

        default String targetId() {
            return String.valueOf(buildId());
        }
    }

    /**
     * A build was reported for the first time.
     *
     * @param label     {@code pipeline#number}
     * @param status    its API status, e.g. {@code running}
     * @param commitSha the commit, or null
     * @param gitBranch the git branch, or null
     */
    public record BuildRecorded(long buildId, Long iterationId, String label, String status, String commitSha,
            String gitBranch) implements OfBuild {

        BuildRecorded(Build build) {
            this(build.getId(), build.getIterationId(), build.label(), build.getStatus().apiName(), build.getCommitSha(),
                    build.getGitBranch());
        }

        public String action() { return "build.recorded"; }
        public String details() { return "Build " + label + " reported (" + status + ")."; }
    }

    /** A build started running (again, for a re-run). */
    public record BuildStarted(long buildId, Long iterationId, String label, int attempt) implements OfBuild {

        BuildStarted(Build build) {
            this(build.getId(), build.getIterationId(), build.label(), build.getAttempt());
        }

        public String action() { return "build.started"; }
        public String details() { return "Build " + label + " started" + (attempt > 1 ? " (attempt " + attempt + ")." : "."); }
    }

    /**
     * A build reached a final status: published once per attempt, with action {@code build.succeeded},
     * {@code build.failed} or {@code build.cancelled}.
     *
     * @param status     {@code success}, {@code failed} or {@code cancelled}
     * @param durationMs how long it ran, or null when its start is unknown
     */
    public record BuildFinished(long buildId, Long iterationId, String label, String status, Long durationMs,
            String commitSha) implements OfBuild {

        BuildFinished(Build build) {
            this(build.getId(), build.getIterationId(), build.label(), build.getStatus().apiName(),
                    build.duration().map(java.time.Duration::toMillis).orElse(null), build.getCommitSha());
        }

        public boolean succeeded() {
            return "success".equals(status);
        }

        public String action() {
            return switch (status) {
                case "success" -> "build.succeeded";
                case "cancelled" -> "build.cancelled";
                default -> "build.failed";
            };
        }

        public String details() {
            return "Build " + label + " " + (succeeded() ? "succeeded" : "cancelled".equals(status) ? "was cancelled" : "failed")
                    + (durationMs == null ? "." : " in " + dev.loopline.common.Quantities.millis(durationMs) + ".");
        }
    }

    /**
     * A test report of a build was stored (published by the test-report half of this module).
     *
     * @param buildId   the build
     * @param iterationId the build's iteration, or null
     * @param testRunId the stored test run
     * @param tests     test cases counted
     * @param failures  failed test cases
     * @param errors    test cases in error
     */
    public record TestRunRecorded(long buildId, Long iterationId, long testRunId, int tests, int failures, int errors)
            implements OfBuild {

        public boolean failed() {
            return failures + errors > 0;
        }

        public String action() { return failed() ? "tests.failed" : "tests.passed"; }
        public String details() {
            return "Test run " + testRunId + " of build " + buildId + ": " + tests + " tests, " + failures + " failures, "
                    + errors + " errors.";
        }
    }

    /** An integration (a CI system allowed to report builds) was added. */
    public record IntegrationCreated(long id, String kind, String name) implements AuditableEvent {
        public String action() { return "integration.created"; }
        public String targetType() { return "integration"; }
        public String targetId() { return String.valueOf(id); }
        public String details() { return "Added the " + kind + " integration " + name + "."; }
    }

    /** An integration was removed; its secret no longer works. */
    public record IntegrationDeleted(long id, String kind, String name) implements AuditableEvent {
        public String action() { return "integration.deleted"; }
        public String targetType() { return "integration"; }
        public String targetId() { return String.valueOf(id); }
        public String details() { return "Removed the " + kind + " integration " + name + "."; }
    }

    /** A project manager switched the release gates on builds and tests of an iteration. */
    public record BuildGatesChanged(long iterationId, boolean latestBuildGreen, boolean noFailingTests)
            implements AuditableEvent {
        public String action() { return "iteration.build_gates_changed"; }
        public String targetType() { return "iteration"; }
        public String targetId() { return String.valueOf(iterationId); }
        public String details() {
            return "Release gates: latest build green " + (latestBuildGreen ? "on" : "off") + ", no failing tests "
                    + (noFailingTests ? "on" : "off") + ".";
        }
    }
}
