package dev.loopline.pipeline;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import jakarta.persistence.LockModeType;

interface BuildRepository extends JpaRepository<Build, Long> {

    Optional<Build> findByPipelineAndNumber(String pipeline, long number);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select b from Build b where b.pipeline = :pipeline and b.number = :number")
    Optional<Build> lockByPipelineAndNumber(@Param("pipeline") String pipeline, @Param("number") long number);

    List<Build> findByIterationIdOrderByCreatedAtDescIdDesc(long iterationId);

    @Query("""
            select b from Build b
            where (:iterationId is null or b.iterationId = :iterationId)
              and (:status is null or b.status = :status)
              and (:pipeline is null or b.pipeline = :pipeline)
            order by b.createdAt desc, b.id desc""")
    Page<Build> search(@Param("iterationId") Long iterationId, @Param("status") BuildStatus status,
            @Param("pipeline") String pipeline, Pageable page);
}
