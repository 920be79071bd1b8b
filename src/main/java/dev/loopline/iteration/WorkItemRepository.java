package dev.loopline.iteration;

import java.util.Collection;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface WorkItemRepository extends JpaRepository<WorkItem, Long> {

    List<WorkItem> findByIterationIdOrderByIdAsc(long iterationId);

    List<WorkItem> findByIterationIdIn(Collection<Long> iterationIds);

    /** The backlog, in rank order. */
    List<WorkItem> findByIterationIdIsNullOrderByRankAscIdAsc();

    /** An iteration's items, in rank order. */
    List<WorkItem> findByIterationIdOrderByRankAscIdAsc(long iterationId);

    /** Items in progress since before {@code since}, longest first. */
    List<WorkItem> findByStatusAndWorkStartedAtBeforeOrderByWorkStartedAtAsc(WorkItemStatus status,
            java.time.Instant since);

    /** Someone's items not done yet, the most recently changed first. */
    List<WorkItem> findByAssigneeAndStatusNotOrderByUpdatedAtDescIdDesc(String assignee, WorkItemStatus status);

    @Query("select max(w.rank) from WorkItem w where w.iterationId = :iterationId")
    Long maxRankIn(@Param("iterationId") long iterationId);

    @Query("select max(w.rank) from WorkItem w where w.iterationId is null")
    Long maxRankInBacklog();
}
