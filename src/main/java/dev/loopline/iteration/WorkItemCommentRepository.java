package dev.loopline.iteration;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface WorkItemCommentRepository extends JpaRepository<WorkItemComment, Long> {

    List<WorkItemComment> findByWorkItemIdOrderByCreatedAtAscIdAsc(long workItemId);
}
