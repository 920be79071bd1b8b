package dev.loopline.insights;

import dev.loopline.common.AuditableEvent;

/** Events of the insights module, all audited. */
public final class InsightEvents {

    private InsightEvents() {
    }

    public record QueryStatisticsChanged(String database, boolean enabled) implements AuditableEvent {
        public String action() { return enabled ? "insights.statistics_enabled" : "insights.statistics_disabled"; }
        public String targetType() { return "database"; }
        public String targetId() { return database; }
        public String details() {
            return "Query statistics of " + database + (enabled ? " switched on." : " switched off (collected counters dropped).");
        }
    }

    /** A recommendation was opened as a development branch and a deploy request. */
    public record RecommendationOpened(String database, String branch, long id, String kind, String table,
            String devBranch, int deployRequest) implements AuditableEvent {
        public String action() { return "insights.recommendation_opened"; }
        public String targetType() { return "branch"; }
        public String targetId() { return database + "/" + branch; }
        public String details() {
            return "Opened recommendation " + id + " (" + kind + " on " + table + ") as branch " + devBranch
                    + " and deploy request #" + deployRequest + ".";
        }
    }

    /** A pattern or recommendation went into the backlog as a work item. */
    public record AddedToBacklog(String database, String branch, String what, long workItemId) implements AuditableEvent {
        public String action() { return "insights.added_to_backlog"; }
        public String targetType() { return "branch"; }
        public String targetId() { return database + "/" + branch; }
        public String details() { return "Added " + what + " to the backlog as work item " + workItemId + "."; }
    }
}
