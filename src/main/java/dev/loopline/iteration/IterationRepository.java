package dev.loopline.iteration;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.JpaRepository;

interface IterationRepository extends JpaRepository<Iteration, Long> {

    /** With its phase history: pages and the API show it, and phase moves append to it. */
    @Override
    @EntityGraph(attributePaths = "history")
    Optional<Iteration> findById(Long id);

    Page<Iteration> findAllByOrderByStartsOnDescIdDesc(Pageable pageable);

    List<Iteration> findTop6ByEndsOnGreaterThanEqualOrderByStartsOnAscIdAsc(LocalDate day);

    /** Started and not completed iterations, most recently started first. */
    List<Iteration> findByStartedAtIsNotNullAndCompletedAtIsNullOrderByStartedAtDescIdDesc();

    /** Completed iterations, most recently completed first: velocity. */
    List<Iteration> findByCompletedAtIsNotNullOrderByCompletedAtDescIdDesc(Pageable pageable);

    List<Iteration> findByStartsOnLessThanEqualAndEndsOnGreaterThanEqualAndDatabaseIsNotNullOrderByIdAsc(LocalDate start,
            LocalDate end);

    /** Iterations with an automatic move a gate held back. */
    @org.springframework.data.jpa.repository.Query("select i.id from Iteration i where i.autoPhaseTarget is not null order by i.id")
    List<Long> findIdsWithHeldBackMoves();
}
