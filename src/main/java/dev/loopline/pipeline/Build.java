package dev.loopline.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.springframework.data.domain.AbstractAggregateRoot;

/**
 * One CI build, known by its {@code pipeline} and {@code number}. CI reports it many times (queued, running,
 * finished; a receiver may also replay a delivery or deliver out of order): {@link #report} merges each report, never
 * lets a late "running" undo a final status of the same attempt, and registers {@link PipelineEvents.BuildFinished}
 * only when the build first reaches a final status (again after a re-run, which is a new attempt).
 */
@Entity
@Table(name = "builds")
public class Build extends AbstractAggregateRoot<Build> {

    public static final int PIPELINE_LENGTH = 200;
    public static final int COMMIT_MESSAGE_LENGTH = 2000;
    public static final int GIT_BRANCH_LENGTH = 255;
    public static final int URL_LENGTH = 2000;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = PIPELINE_LENGTH)
    private String pipeline;

    @Column(nullable = false)
    private long number;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private BuildStatus status;

    @Column(name = "commit_sha")
    private String commitSha;

    @Column(name = "commit_message", length = COMMIT_MESSAGE_LENGTH)
    private String commitMessage;

    @Column(name = "committed_at")
    private Instant committedAt;

    @Column(name = "git_branch", length = GIT_BRANCH_LENGTH)
    private String gitBranch;

    @Column(length = URL_LENGTH)
    private String url;

    @Column(name = "iteration_id")
    private Long iterationId;

    /** {@code database/branch} the build tested against. */
    @Column(name = "test_branch")
    private String testBranch;

    @Column(nullable = false)
    private int attempt = 1;

    @Column(nullable = false)
    private String source;

    @Column(name = "test_failures")
    private Integer testFailures;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "build_artifacts", joinColumns = @JoinColumn(name = "build_id"))
    @OrderColumn(name = "position")
    private List<BuildArtifact> artifacts = new ArrayList<>();

    @Version
    private long version;

    protected Build() {
    }

    Build(String pipeline, long number, String source, Instant at) {
        this.pipeline = pipeline;
        this.number = number;
        this.source = source;
        this.status = BuildStatus.QUEUED;
        this.createdAt = at;
        this.updatedAt = at;
    }

    /**
     * Merges one report. Fields the report leaves out (null) keep their value; a report of an older attempt is
     * ignored; a newer attempt starts the build over. Returns whether anything changed.
     */
    boolean report(BuildReport report, Long iteration, Instant at) {
        int reportAttempt = report.attempt() == null ? attempt : report.attempt();
        if (reportAttempt < attempt) {
            return false;
        }
        boolean changed = false;
        if (reportAttempt > attempt) {
            attempt = reportAttempt;
            startedAt = null;
            finishedAt = null;
            status = BuildStatus.QUEUED;
            changed = true;
        }
        BuildStatus before = status;
        if (report.status() != null && report.status() != status
                && !(status.isFinal() && !report.status().isFinal())) {
            status = report.status();
            changed = true;
        }
        changed |= set(report.commitSha(), commitSha, v -> commitSha = v);
        changed |= set(report.commitMessage(), commitMessage, v -> commitMessage = v);
        changed |= set(report.committedAt(), committedAt, v -> committedAt = v);
        changed |= set(report.gitBranch(), gitBranch, v -> gitBranch = v);
        changed |= set(report.url(), url, v -> url = v);
        changed |= set(report.testBranch(), testBranch, v -> testBranch = v);
        changed |= set(iteration, iterationId, v -> iterationId = v);
        changed |= set(report.startedAt(), startedAt, v -> startedAt = v);
        if (status.isFinal()) {
            changed |= set(report.finishedAt(), finishedAt, v -> finishedAt = v);
            if (finishedAt == null) {
                finishedAt = at;
                changed = true;
            }
        }
        if (report.artifacts() != null && !report.artifacts().equals(artifacts)) {
            artifacts.clear();
            artifacts.addAll(report.artifacts());
            changed = true;
        }
        if (changed) {
            updatedAt = at;
        }
        if (status != before && status.isFinal()) {
            registerEvent(new PipelineEvents.BuildFinished(this));
        }
        else if (status != before && status == BuildStatus.RUNNING) {
            registerEvent(new PipelineEvents.BuildStarted(this));
        }
        return changed;
    }

    private static <T> boolean set(T value, T current, java.util.function.Consumer<T> setter) {
        if (value == null || value.equals(current)) {
            return false;
        }
        setter.accept(value);
        return true;
    }

    void recordTestFailures(int failures) {
        testFailures = failures;
    }

    /** Registers the event of a newly stored build (done by the service once the build has its id). */
    void recorded() {
        registerEvent(new PipelineEvents.BuildRecorded(this));
    }

    /** How long it ran, or empty while it runs or when CI did not say when it started. */
    public java.util.Optional<Duration> duration() {
        return startedAt == null || finishedAt == null ? java.util.Optional.empty()
                : java.util.Optional.of(Duration.between(startedAt, finishedAt));
    }

    /** {@code pipeline#number}, the way people name a build. */
    public String label() {
        return pipeline + "#" + number;
    }

    public Long getId() { return id; }
    public String getPipeline() { return pipeline; }
    public long getNumber() { return number; }
    public BuildStatus getStatus() { return status; }
    public String getCommitSha() { return commitSha; }
    public String getCommitMessage() { return commitMessage; }
    public Instant getCommittedAt() { return committedAt; }
    public String getGitBranch() { return gitBranch; }
    public String getUrl() { return url; }
    public Long getIterationId() { return iterationId; }
    public String getTestBranch() { return testBranch; }
    public int getAttempt() { return attempt; }
    public String getSource() { return source; }
    /** Failures plus errors of the latest test run recorded for this build; null before any. */
    public Integer getTestFailures() { return testFailures; }
    public Instant getStartedAt() { return startedAt; }
    public Instant getFinishedAt() { return finishedAt; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }
    public List<BuildArtifact> getArtifacts() { return List.copyOf(artifacts); }
}
