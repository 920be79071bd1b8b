package dev.loopline.pipeline.api;

import java.time.Instant;
import java.util.List;

import dev.loopline.pipeline.Build;
import dev.loopline.pipeline.TestSummary;

/** The {@code build} of API.md, with a few additions (commit message and time, attempt, source, created/updated). */
record BuildJson(long id, String pipeline, long number, String status, String commitSha, String commitMessage,
        Instant committedAt, String gitBranch, String url, Long iterationId, String testBranch, int attempt,
        String source, Instant startedAt, Instant finishedAt, Long durationMs, List<ArtifactJson> artifacts,
        TestSummary testSummary, Instant createdAt, Instant updatedAt) {

    record ArtifactJson(String name, String url, String sha256, Long sizeBytes) {
    }

    static BuildJson of(Build b, TestSummary summary) {
        return new BuildJson(b.getId(), b.getPipeline(), b.getNumber(), b.getStatus().apiName(), b.getCommitSha(),
                b.getCommitMessage(), b.getCommittedAt(), b.getGitBranch(), b.getUrl(), b.getIterationId(),
                b.getTestBranch(), b.getAttempt(), b.getSource(), b.getStartedAt(), b.getFinishedAt(),
                b.duration().map(java.time.Duration::toMillis).orElse(null),
                b.getArtifacts().stream().map(a -> new ArtifactJson(a.name(), a.url(), a.sha256(), a.sizeBytes())).toList(),
                summary, b.getCreatedAt(), b.getUpdatedAt());
    }
}
