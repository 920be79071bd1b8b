package dev.loopline.scheduling;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One execution of a Quartz job: when, how long, and whether it worked (with its message). */
@Entity
@Table(name = "job_run")
public class JobRun {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "job_group", nullable = false)
    private String group;

    @Column(name = "job_name", nullable = false)
    private String name;

    @Column(name = "trigger_name")
    private String trigger;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    @Column(name = "duration_ms", nullable = false)
    private long durationMs;

    @Column(nullable = false)
    private boolean success;

    private String message;

    protected JobRun() {
    }

    JobRun(String group, String name, String trigger, Instant startedAt, long durationMs, boolean success, String message) {
        this.group = group;
        this.name = name;
        this.trigger = trigger;
        this.startedAt = startedAt;
        this.durationMs = durationMs;
        this.success = success;
        this.message = message == null ? null : message.length() > 2000 ? message.substring(0, 1997) + "..." : message;
    }

    public String getGroup() { return group; }
    public String getName() { return name; }
    public String getTrigger() { return trigger; }
    public Instant getStartedAt() { return startedAt; }
    public long getDurationMs() { return durationMs; }
    public boolean isSuccess() { return success; }
    public String getMessage() { return message; }
    public Instant getFinishedAt() { return startedAt.plusMillis(durationMs); }
}
