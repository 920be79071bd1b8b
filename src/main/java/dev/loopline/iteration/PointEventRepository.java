package dev.loopline.iteration;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface PointEventRepository extends JpaRepository<PointEvent, Long> {

    List<PointEvent> findByIterationIdOrderByOccurredAtAscIdAsc(long iterationId);

    void deleteByIterationId(long iterationId);
}
