package dev.loopline.iteration.api;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import dev.loopline.iteration.Iteration;
import dev.loopline.iteration.PhaseHistoryEntry;
import dev.loopline.iteration.Progress;
import dev.loopline.iteration.WorkItem;

/** The API's shapes of iterations and work items (snake_case on the wire). */
final class IterationJson {

    private IterationJson() {
    }


    record ProgressJson(int donePoints, int totalPoints, int doneItems, int totalItems, int percent) {
        static ProgressJson of(Progress p) {
            return new ProgressJson(p.donePoints(), p.totalPoints(), p.doneItems(), p.totalItems(), p.percent());
        }
    }

    record IterationSummary(long id, String name, String goal, LocalDate startsOn, LocalDate endsOn, String phase,
            String database, String branch, ProgressJson progress, Instant createdAt, Integer capacityPoints,
            Integer committedPoints, Integer completedPoints, Integer carriedOver, Instant startedAt,
            Instant completedAt, boolean autoPhase, String autoPhaseBlocked) {
        static IterationSummary of(Iteration it, Progress progress, String branch) {
            return new IterationSummary(it.getId(), it.getName(), it.getGoal(), it.getStartsOn(), it.getEndsOn(),
                    it.getPhase().apiName(), it.getDatabase(), branch, ProgressJson.of(progress), it.getCreatedAt(),
                    it.getCapacityPoints(), it.getCommittedPoints(), it.getCompletedPoints(), it.getCarriedOver(),
                    it.getStartedAt(), it.getCompletedAt(), it.isAutoPhase(), it.getAutoPhaseBlocked());
        }
    }

    record IterationDetails(long id, String name, String goal, LocalDate startsOn, LocalDate endsOn, String phase,
            String database, String branch, ProgressJson progress, Instant createdAt, Integer capacityPoints,
            Integer committedPoints, Integer completedPoints, Integer carriedOver, Instant startedAt,
            Instant completedAt, List<WorkItemJson> workItems, List<PhaseStayJson> phaseHistory, boolean autoPhase,
            String autoPhaseBlocked) {
        static IterationDetails of(Iteration it, Progress progress, List<WorkItem> items, String branch) {
            return new IterationDetails(it.getId(), it.getName(), it.getGoal(), it.getStartsOn(), it.getEndsOn(),
                    it.getPhase().apiName(), it.getDatabase(), branch, ProgressJson.of(progress), it.getCreatedAt(),
                    it.getCapacityPoints(), it.getCommittedPoints(), it.getCompletedPoints(), it.getCarriedOver(),
                    it.getStartedAt(), it.getCompletedAt(), items.stream().map(WorkItemJson::of).toList(),
                    it.getHistory().stream().map(PhaseStayJson::of).toList(), it.isAutoPhase(),
                    it.getAutoPhaseBlocked());
        }
    }

    /** A link from a work item to what later issues attach (a branch, a deploy request, a build, an insight). */
    record LinkJson(String kind, String ref, String url) {
    }

    record WorkItemJson(long id, Long iterationId, String title, String status, String assignee, Integer points,
            String description, String type, String priority, List<String> labels, long rank, List<LinkJson> links,
            Instant createdAt, Instant updatedAt) {
        static WorkItemJson of(WorkItem item) {
            return new WorkItemJson(item.getId(), item.getIterationId(), item.getTitle(), item.getStatus().apiName(),
                    item.getAssignee(), item.getPoints(), item.getDescription(), item.getType().apiName(),
                    item.getPriority().apiName(), item.getLabels(), item.getRank(), List.of(), item.getCreatedAt(),
                    item.getUpdatedAt());
        }
    }

    /** {@code reason}: the evidence behind a move made by automation ({@code by: "automation"}), e.g. "build ci#12". */
    record PhaseStayJson(String phase, Instant enteredAt, Instant leftAt, String by, String overrideReason,
            String reason) {
        static PhaseStayJson of(PhaseHistoryEntry stay) {
            return new PhaseStayJson(stay.getPhase().apiName(), stay.getEnteredAt(), stay.getLeftAt(),
                    stay.getEnteredBy(), stay.getOverrideReason(), stay.getReason());
        }
    }
}
