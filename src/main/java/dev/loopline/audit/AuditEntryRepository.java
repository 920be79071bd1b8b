package dev.loopline.audit;

import java.util.List;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface AuditEntryRepository extends JpaRepository<AuditEntry, Long> {

    @Query("""
            select e from AuditEntry e
            where (:actor is null or e.actorName = :actor)
              and (:action is null or e.action = :action)
            order by e.occurredAt desc, e.id desc""")
    Page<AuditEntry> search(@Param("actor") String actor, @Param("action") String action, Pageable pageable);

    List<AuditEntry> findTop50ByTargetTypeAndTargetIdOrderByOccurredAtDescIdDesc(String targetType, String targetId);

    @Query("select distinct e.action from AuditEntry e order by e.action")
    List<String> distinctActions();

    @Query("select distinct e.actorName from AuditEntry e order by e.actorName")
    List<String> distinctActors();
}
