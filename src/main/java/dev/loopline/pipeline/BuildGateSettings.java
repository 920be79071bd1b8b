package dev.loopline.pipeline;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The release gates on builds and tests a project manager switched on for one iteration (both off by default). */
@Entity
@Table(name = "build_gate_settings")
public class BuildGateSettings {

    @Id
    @Column(name = "iteration_id")
    private Long iterationId;

    @Column(name = "latest_build_green", nullable = false)
    private boolean latestBuildGreen;

    @Column(name = "no_failing_tests", nullable = false)
    private boolean noFailingTests;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected BuildGateSettings() {
    }

    BuildGateSettings(long iterationId, boolean latestBuildGreen, boolean noFailingTests, Instant at) {
        this.iterationId = iterationId;
        this.latestBuildGreen = latestBuildGreen;
        this.noFailingTests = noFailingTests;
        this.updatedAt = at;
    }

    static BuildGateSettings off(long iterationId) {
        return new BuildGateSettings(iterationId, false, false, Instant.EPOCH);
    }

    void change(boolean latestBuildGreen, boolean noFailingTests, Instant at) {
        this.latestBuildGreen = latestBuildGreen;
        this.noFailingTests = noFailingTests;
        this.updatedAt = at;
    }

    public long getIterationId() { return iterationId; }
    /** "Release needs the latest build green". */
    public boolean isLatestBuildGreen() { return latestBuildGreen; }
    /** "Release needs no failing tests". */
    public boolean isNoFailingTests() { return noFailingTests; }
    public Instant getUpdatedAt() { return updatedAt; }
}
