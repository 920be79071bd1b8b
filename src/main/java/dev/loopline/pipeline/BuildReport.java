package dev.loopline.pipeline;

import java.time.Instant;
import java.util.List;

/**
 * One report of a build, from the API or a CI receiver. Null fields are "not said" and keep what the build has.
 *
 * @param pipeline      the CI job or workflow, e.g. {@code ci} or {@code acme/shop · CI}; at most 200 characters
 * @param number        the build number within the pipeline, positive
 * @param status        the status now, or null to keep it
 * @param commitSha     hex commit id (7–64 characters)
 * @param commitMessage the head commit's message; {@code iteration:<id>} or {@code LL-<work item id>} in it link the
 *                      build to an iteration
 * @param gitBranch     e.g. {@code iter-12-shipping} or {@code feature/LL-40-eta}
 * @param testBranch    {@code database/branch} the build tested against
 * @param iterationId   an explicit iteration; an unknown one leaves the build unlinked
 * @param attempt       a re-run of the same build (GitHub {@code run_attempt}); null means the current attempt
 * @param source        {@code api}, {@code jenkins}, {@code github} or {@code gitlab}
 */
public record BuildReport(String pipeline, long number, BuildStatus status, String commitSha, String commitMessage,
        Instant committedAt, String gitBranch, String url, Instant startedAt, Instant finishedAt, Long iterationId,
        String testBranch, List<BuildArtifact> artifacts, Integer attempt, String source) {
}
