package dev.loopline.iteration;

import java.util.List;

/** How far an iteration's work has come, by points and by items. */
public record Progress(int donePoints, int totalPoints, int doneItems, int totalItems) {

    static Progress of(List<WorkItem> items) {
        int donePoints = 0;
        int totalPoints = 0;
        int doneItems = 0;
        for (WorkItem item : items) {
            int points = item.getPoints() == null ? 0 : item.getPoints();
            totalPoints += points;
            if (item.getStatus() == WorkItemStatus.DONE) {
                donePoints += points;
                doneItems++;
            }
        }
        return new Progress(donePoints, totalPoints, doneItems, items.size());
    }

    /** Done points as a share of all points (items when nothing is estimated), 0–100. */
    public int percent() {
        if (totalPoints > 0) {
            return Math.round(100f * donePoints / totalPoints);
        }
        return totalItems == 0 ? 0 : Math.round(100f * doneItems / totalItems);
    }
}
