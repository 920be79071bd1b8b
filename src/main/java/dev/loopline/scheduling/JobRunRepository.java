package dev.loopline.scheduling;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface JobRunRepository extends JpaRepository<JobRun, Long> {

    Optional<JobRun> findFirstByGroupAndNameOrderByStartedAtDescIdDesc(String group, String name);

    Optional<JobRun> findFirstByGroupAndNameAndTriggerOrderByStartedAtDescIdDesc(String group, String name, String trigger);

    List<JobRun> findByGroupAndNameOrderByStartedAtDescIdDesc(String group, String name, Pageable page);

    @Query("select r.id from JobRun r where r.group = ?1 and r.name = ?2 order by r.startedAt desc, r.id desc")
    List<Long> idsNewestFirst(String group, String name, Pageable page);
}
