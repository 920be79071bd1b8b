package dev.loopline.backup;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface BackupRepository extends JpaRepository<Backup, Long> {

    List<Backup> findByDatabaseOrderByCreatedAtDescIdDesc(String database);

    List<Backup> findByDatabaseAndBranchOrderByCreatedAtDescIdDesc(String database, String branch);

    Optional<Backup> findFirstByDatabaseAndBranchAndStateOrderByFinishedAtDescIdDesc(String database, String branch,
            BackupState state);

    Optional<Backup> findByIdAndDatabase(long id, String database);

    List<Backup> findByState(BackupState state);

    List<Backup> findByProtectedBackupFalse();
}

interface BackupPolicyRepository extends JpaRepository<BackupPolicy, Long> {

    Optional<BackupPolicy> findByDatabase(String database);
}
