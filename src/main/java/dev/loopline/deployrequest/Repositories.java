package dev.loopline.deployrequest;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface DeployRequestRepository extends JpaRepository<DeployRequest, Long> {

    Optional<DeployRequest> findByDatabaseAndNumber(String database, int number);

    /** Reads the request and locks its row until the transaction ends: reviews of one request queue up here. */
    @org.springframework.data.jpa.repository.Lock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
    @Query("select d from DeployRequest d where d.id = ?1")
    Optional<DeployRequest> lockById(long id);

    @Query("select coalesce(max(d.number), 0) from DeployRequest d where d.database = ?1")
    int maxNumber(String database);

    @Query("""
            select d from DeployRequest d where d.database = ?1 and (?2 is null or d.open = ?2)
              and (?3 is null or d.branch = ?3) order by d.number desc""")
    List<DeployRequest> search(String database, Boolean open, String branch);

    List<DeployRequest> findByOpenTrueOrderByCreatedAtDesc();

    @Query("""
            select d from DeployRequest d where (?1 is null or d.database = ?1) and (?2 is null or d.openedBy = ?2)
            order by d.createdAt desc, d.id desc""")
    List<DeployRequest> findByDatabaseAndAuthor(String database, String author);

    @Query("select distinct d.database from DeployRequest d order by d.database")
    List<String> distinctDatabases();

    @Query("select distinct d.openedBy from DeployRequest d order by d.openedBy")
    List<String> distinctAuthors();

    Optional<DeployRequest> findFirstByDatabaseAndBranchAndOpenTrue(String database, String branch);

    List<DeployRequest> findByDeploymentStateInOrderByIdAsc(java.util.Collection<DeploymentState> states);
}

interface ReviewRepository extends JpaRepository<Review, Long> {

    List<Review> findByDeployRequestIdOrderByCreatedAtAscIdAsc(long deployRequestId);

    Optional<Review> findFirstByDeployRequestIdAndReviewerAndKind(long deployRequestId, String reviewer, Review.Kind kind);
}

interface DeploymentRepository extends JpaRepository<Deployment, Long> {

    Optional<Deployment> findByDeployRequestId(long deployRequestId);
}

interface QueueBlockRepository extends JpaRepository<QueueBlock, QueueBlock.Key> {
}
