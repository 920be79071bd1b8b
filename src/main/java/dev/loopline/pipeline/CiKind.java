package dev.loopline.pipeline;

import java.util.Locale;

/** The CI systems Loopline has a native receiver for, and how each proves who it is. */
public enum CiKind {
    /** Jenkins Notification plugin: a token as HTTP Basic password or {@code ?token=}; kept hashed. */
    JENKINS("Jenkins", false),
    /** GitHub {@code workflow_run} webhooks signed with {@code X-Hub-Signature-256}; the HMAC key is kept encrypted. */
    GITHUB("GitHub", true),
    /** GitLab pipeline hooks with {@code X-Gitlab-Token}; kept hashed. */
    GITLAB("GitLab", false);

    private final String label;
    private final boolean signed;

    CiKind(String label, boolean signed) {
        this.label = label;
        this.signed = signed;
    }

    public String label() {
        return label;
    }

    /** Whether deliveries are signed with the secret (so it must be kept decryptable) rather than carrying it. */
    public boolean signed() {
        return signed;
    }

    /** The API's spelling and the receiver's path segment: {@code jenkins}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
