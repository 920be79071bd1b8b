package dev.loopline.iteration;

import java.util.Collection;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface WorkItemRepository extends JpaRepository<WorkItem, Long> {

    List<WorkItem> findByIterationIdOrderByIdAsc(long iterationId);

    List<WorkItem> findByIterationIdIn(Collection<Long> iterationIds);
}
