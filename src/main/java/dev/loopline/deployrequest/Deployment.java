package dev.loopline.deployrequest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * One run of a deploy request against its target: when it was queued, started, cut over and finished, the pause
 * writers saw, and one operation per changed table with its copy progress. Its id names the shadow tables.
 */
@Entity
@Table(name = "deployment")
public class Deployment {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "deploy_request_id", nullable = false, unique = true)
    private Long deployRequestId;

    @Column(name = "database_name", nullable = false)
    private String database;

    @Column(name = "into_branch", nullable = false)
    private String intoBranch;

    @Column(name = "queued_at", nullable = false)
    private Instant queuedAt;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "ready_to_cutover_at")
    private Instant readyToCutoverAt;

    @Column(name = "cutover_at")
    private Instant cutoverAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(name = "revert_expires_at")
    private Instant revertExpiresAt;

    @Column(name = "cutover_pause_ms")
    private Long cutoverPauseMs;

    @Column(name = "status_message")
    private String statusMessage;

    /** The target's schema when the deploy was queued (JSON), for reverting its schema-level objects. */
    @Column(name = "target_schema")
    private String targetSchema;

    /** The schema the deploy produces (JSON), for changing the target's schema-level objects. */
    @Column(name = "result_schema")
    private String resultSchema;

    @Version
    private long version;

    @OneToMany(cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.EAGER)
    @JoinColumn(name = "deployment_id", nullable = false)
    @OrderBy("position ASC")
    private List<DeploymentOperation> operations = new ArrayList<>();

    protected Deployment() {
    }

    Deployment(DeployRequest request, List<DeploymentOperation> operations, Instant at) {
        this.deployRequestId = request.getId();
        this.database = request.getDatabase();
        this.intoBranch = request.getIntoBranch();
        this.queuedAt = at;
        this.operations.addAll(operations);
    }

    void schemas(String target, String result) {
        this.targetSchema = target;
        this.resultSchema = result;
    }

    /** JSON; {@code null} for deployments queued before schema-level objects were deployed. */
    String getTargetSchema() {
        return targetSchema;
    }

    /** JSON; {@code null} for deployments queued before schema-level objects were deployed. */
    String getResultSchema() {
        return resultSchema;
    }

    void started(Instant at) {
        startedAt = at;
        statusMessage = null;
    }

    void readyToCutover(Instant at) {
        readyToCutoverAt = at;
    }

    void cutOver(Instant at, Duration pause, int revertWindowMinutes) {
        cutoverAt = at;
        cutoverPauseMs = pause.toMillis();
        revertExpiresAt = at.plus(Duration.ofMinutes(revertWindowMinutes));
        statusMessage = null;
    }

    void finished(Instant at) {
        finishedAt = at;
    }

    void status(String message) {
        statusMessage = message == null ? null : message.length() > 2000 ? message.substring(0, 1997) + "..." : message;
    }

    public Long getId() {
        return id;
    }

    public Long getDeployRequestId() {
        return deployRequestId;
    }

    public String getDatabase() {
        return database;
    }

    public String getIntoBranch() {
        return intoBranch;
    }

    public Instant getQueuedAt() {
        return queuedAt;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getReadyToCutoverAt() {
        return readyToCutoverAt;
    }

    public Instant getCutoverAt() {
        return cutoverAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }

    public Instant getRevertExpiresAt() {
        return revertExpiresAt;
    }

    public Long getCutoverPauseMs() {
        return cutoverPauseMs;
    }

    public String getStatusMessage() {
        return statusMessage;
    }

    /** Rows copied so far over all tables. */
    public long rowsCopied() {
        return operations.stream().mapToLong(DeploymentOperation::getRowsCopied).sum();
    }

    /** Rows to copy over all tables. */
    public long rowsTotal() {
        return operations.stream().mapToLong(DeploymentOperation::getRowsTotal).sum();
    }

    /** Overall progress, 0–100: the mean of the tables' progress. */
    public int progressPercentage() {
        return operations.isEmpty() ? 0
                : (int) operations.stream().mapToInt(DeploymentOperation::progressPercentage).average().orElse(0);
    }

    public List<DeploymentOperation> getOperations() {
        return operations;
    }
}
