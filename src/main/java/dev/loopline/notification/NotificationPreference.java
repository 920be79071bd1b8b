package dev.loopline.notification;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** What one person chose to be told in the app. Nothing until they choose. */
@Entity
@Table(name = "notification_preference")
public class NotificationPreference {

    @Id
    private String username;

    /** Deploy requests waiting for their approval (operators). */
    @Column(nullable = false)
    private boolean approvals;

    /** Phase changes of iterations they plan (project managers) or have work assigned in. */
    @Column(name = "phase_changes", nullable = false)
    private boolean phaseChanges;

    protected NotificationPreference() {
    }

    NotificationPreference(String username, boolean approvals, boolean phaseChanges) {
        this.username = username;
        this.approvals = approvals;
        this.phaseChanges = phaseChanges;
    }

    public String getUsername() {
        return username;
    }

    public boolean isApprovals() {
        return approvals;
    }

    public boolean isPhaseChanges() {
        return phaseChanges;
    }

    void choose(boolean approvals, boolean phaseChanges) {
        this.approvals = approvals;
        this.phaseChanges = phaseChanges;
    }
}
