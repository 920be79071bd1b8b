package dev.loopline.database;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface ManagedDatabaseRepository extends JpaRepository<ManagedDatabase, Long> {

    Optional<ManagedDatabase> findByName(String name);

    boolean existsByName(String name);

    List<ManagedDatabase> findAllByOrderByCreatedAtDescIdDesc();
}

interface BranchRepository extends JpaRepository<Branch, Long> {

    @Query("select b from Branch b where b.database.name = ?1 and b.name = ?2")
    Optional<Branch> find(String database, String branch);

    @Query("select b from Branch b where b.database.name = ?1 order by b.createdAt desc, b.id desc")
    List<Branch> findByDatabase(String database);

    @Query("select b from Branch b where b.database.name = ?1 and b.parentBranch = ?2")
    List<Branch> findChildren(String database, String parent);

    Optional<Branch> findFirstByIterationId(long iterationId);

    List<Branch> findByCreatedByAndParentBranchIsNotNullOrderByCreatedAtDescIdDesc(String createdBy);

    List<Branch> findByExpiresAtLessThanEqualOrderByExpiresAtAsc(java.time.Instant at);
}

interface BranchPasswordRepository extends JpaRepository<BranchPassword, Long> {

    List<BranchPassword> findByBranchIdOrderByCreatedAtDescIdDesc(long branchId);

    boolean existsByBranchIdAndName(long branchId, String name);

    List<BranchPassword> findByExpiresAtBefore(Instant at);
}
