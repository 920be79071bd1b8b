package dev.loopline.delivery;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

import jakarta.persistence.LockModeType;

interface EnvironmentRepository extends JpaRepository<Environment, Long> {

    Optional<Environment> findByName(String name);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select e from Environment e where e.name = ?1")
    Optional<Environment> lockByName(String name);

    List<Environment> findByTier(Tier tier);

    List<Environment> findByDatabaseAndBranch(String database, String branch);

    List<Environment> findByDatabase(String database);
}

interface ApplicationDeploymentRepository extends JpaRepository<ApplicationDeployment, Long> {

    @Query("select d from ApplicationDeployment d where (?1 is null or d.environment = ?1) and (?2 is null or d.iterationId = ?2)"
            + " and (?3 is null or d.status = ?3) order by d.startedAt desc, d.id desc")
    List<ApplicationDeployment> search(String environment, Long iterationId, DeploymentStatus status);

    List<ApplicationDeployment> findByEnvironmentAndStatus(String environment, DeploymentStatus status);

    List<ApplicationDeployment> findByEnvironmentInOrderByStartedAtAscIdAsc(Collection<String> environments);

    List<ApplicationDeployment> findByIterationIdOrderByStartedAtDescIdDesc(long iterationId);

    boolean existsByIterationId(long iterationId);

    List<ApplicationDeployment> findByPromotionStartedAtIsNotNullOrderByPromotionStartedAtAsc();

    @Query("select d from ApplicationDeployment d join d.deployRequests r where r.database = ?1 and r.number = ?2")
    List<ApplicationDeployment> carrying(String database, int number);
}

interface FreezeWindowRepository extends JpaRepository<FreezeWindow, Long> {

    List<FreezeWindow> findByEnvironmentOrderByIdAsc(String environment);

    List<FreezeWindow> findByEnvironmentIn(Collection<String> environments);
}

interface RecoveryEventRepository extends JpaRepository<RecoveryEvent, Long> {

    List<RecoveryEvent> findByDatabaseAndBranchAndOccurredAtBetweenOrderByOccurredAtAsc(String database, String branch,
            Instant from, Instant to);
}
