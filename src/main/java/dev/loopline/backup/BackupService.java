package dev.loopline.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.loopline.common.Actor;
import dev.loopline.common.CurrentActor;
import dev.loopline.common.DomainException;
import dev.loopline.common.LooplineProperties;
import dev.loopline.common.Names;
import dev.loopline.common.Role;
import dev.loopline.database.Branch;
import dev.loopline.database.BranchData;
import dev.loopline.database.BranchSeeds;
import dev.loopline.database.BranchService;
import dev.loopline.engine.DatabaseEngine.TableFingerprint;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes, keeps, checks and deletes backups. A backup is written to a partial file and renamed only once complete
 * and hashed, so nothing half-written can be mistaken for a backup; its row counts and content checksums come
 * from restoring that very file aside, which also proves it restores. Verification repeats this later and compares.
 */
@Service
public class BackupService implements BranchSeeds {

    private static final Logger log = LoggerFactory.getLogger(BackupService.class);
    static final int MAX_RETENTION_DAYS = 3650;
    /** A copy that does not restore is taken again this many times in all before the backup fails. */
    static final int COPY_ATTEMPTS = 3;

    private final BackupRepository backups;
    private final BackupPolicyRepository policies;
    private final BranchService branches;
    private final BranchData data;
    private final BackupScheduling scheduling;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Path root;
    private final JsonMapper json = JsonMapper.builder().build();

    BackupService(BackupRepository backups, BackupPolicyRepository policies, BranchService branches, BranchData data,
            BackupScheduling scheduling, ApplicationEventPublisher events, TransactionTemplate tx, Clock clock,
            LooplineProperties properties) {
        this.backups = backups;
        this.policies = policies;
        this.branches = branches;
        this.data = data;
        this.scheduling = scheduling;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
        this.root = properties.dataDir().resolve("backups");
    }

    /**
     * A manual backup of a branch, taken by the backup job right away, and test-restored right after when the
     * database's backup policy says "after every backup" (as it does by default).
     */
    public Backup request(String database, String branchName, String name, Integer retentionDays) {
        Actor actor = CurrentActor.require(Role.OPERATOR, "take backups");
        Branch branch = branches.get(database, branchName);
        branch.requireReady();
        String label = name == null || name.isBlank() ? defaultName("manual") : name.trim();
        if (!Names.LABEL.matcher(label).matches()) {
            throw new DomainException.InvalidInput("invalid_name", "A backup name has 1–64 letters, digits, spaces, dots, "
                    + "dashes or underscores.");
        }
        int days = retentionDays == null ? BackupPolicy.DEFAULT_RETENTION_DAYS : retentionDays;
        requireRetention(days);
        Backup backup = enqueue(branch, label, days, false, actor.displayName());
        scheduling.runBackup(backup.getId());
        return backup;
    }

    /** Whether the database's policy test-restores every backup right after it is taken (the default: yes). */
    public boolean verifiesAfterBackup(String database) {
        return policies.findByDatabase(database).map(BackupPolicy::isVerifyAfterBackup).orElse(true);
    }

    /** What the backup job does with a requested backup: takes it, then test-restores it if the policy says so. */
    String runRequested(long id) {
        Backup backup = backups.findById(id).orElse(null);
        if (backup == null || !verifiesAfterBackup(backup.getDatabase())) {
            return run(id);
        }
        return runAndVerify(id);
    }

    /** {@code <kind> 2026-11-21 1415}: names that need no quoting and sort by time. */
    String defaultName(String kind) {
        return kind + " " + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HHmm").withZone(java.time.ZoneOffset.UTC)
                .format(clock.instant());
    }

    static void requireRetention(int days) {
        if (days < 1 || days > MAX_RETENTION_DAYS) {
            throw new DomainException.InvalidInput("invalid_retention", "Retention is 1 to " + MAX_RETENTION_DAYS + " days.");
        }
    }

    Backup enqueue(Branch branch, String name, int retentionDays, boolean scheduled, String startedBy) {
        return tx.execute(status -> {
            Backup saved = backups.save(new Backup(branch.getDatabase().getName(), branch.getName(), name,
                    branch.getDatabase().getEngine(), scheduled, retentionDays, startedBy, clock.instant()));
            events.publishEvent(new BackupEvents.BackupRequested(saved.getDatabase(), saved.getBranch(), saved.getId(),
                    name, scheduled));
            return saved;
        });
    }

    /** Takes the backup; called by the backup job (and by policies). Returns a summary, throws when it failed. */
    String run(long id) {
        Backup backup = backups.findById(id).orElse(null);
        if (backup == null || backup.getState() == BackupState.SUCCESS || backup.getState() == BackupState.FAILED) {
            return "Backup " + id + " has nothing left to do.";
        }
        Path file = fileFor(backup);
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try {
            Branch branch = branches.get(backup.getDatabase(), backup.getBranch());
            tx.executeWithoutResult(s -> backups.findById(id).orElseThrow().start(root.relativize(file).toString(),
                    data.adminUser(branch), data.sealedAdminSecret(branch), clock.instant()));
            Files.createDirectories(file.getParent());
            Backup started = backups.findById(id).orElseThrow();
            Map<String, TableFingerprint> tables = null;
            long size = 0;
            String hash = null;
            for (int attempt = 1; tables == null; attempt++) {
                data.backup(branch, partial);
                size = Files.size(partial);
                long copied = size;
                tx.executeWithoutResult(t -> backups.findById(id).ifPresent(b -> b.progress(copied)));
                hash = dev.loopline.common.Hashes.sha256(partial);
                try {
                    // proves the copy restores, and records what it holds
                    tables = data.restoreAside(started.getEngine(), partial, started.getAdminUser(),
                            started.getAdminSecret(), bytes -> { });
                }
                catch (DomainException.Conflict e) {
                    if (attempt == COPY_ATTEMPTS) {
                        throw e;
                    }
                    log.warn("Backup {}: copy {} did not restore ({}); copying again", id, attempt, e.getMessage());
                }
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            String tablesJson = json.writeValueAsString(tables);
            long bytes = size;
            String sha = hash;
            Backup done = tx.execute(s -> {
                Backup fresh = backups.findById(id).orElseThrow();
                fresh.succeed(bytes, sha, tablesJson, clock.instant());
                events.publishEvent(new BackupEvents.BackupSucceeded(fresh.getDatabase(), fresh.getBranch(), id, bytes,
                        fresh.getDurationMs()));
                return fresh;
            });
            return "Backed up " + done.getDatabase() + "/" + done.getBranch() + " as backup " + id + " ("
                    + dev.loopline.common.Quantities.bytes(bytes) + ", " + dev.loopline.common.Quantities.count(tables.size(), "table") + ") in "
                    + dev.loopline.common.Quantities.millis(done.getDurationMs()) + ".";
        }
        catch (IOException | RuntimeException e) {
            deleteQuietly(partial);
            deleteQuietly(file);
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            log.warn("Backup {} failed: {}", id, reason);
            tx.executeWithoutResult(s -> backups.findById(id).ifPresent(failed -> {
                failed.fail(reason, clock.instant());
                events.publishEvent(new BackupEvents.BackupFailed(failed.getDatabase(), failed.getBranch(), id, reason));
            }));
            throw new IllegalStateException("Backup " + id + " failed: " + reason, e);
        }
    }

    private Path fileFor(Backup backup) {
        return root.resolve(backup.getDatabase()).resolve(backup.getBranch()).resolve(backup.getId() + ".backup");
    }

    private Optional<Path> fileOf(Backup backup) {
        return Optional.ofNullable(backup.getFileName()).map(root::resolve);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        }
        catch (IOException e) {
            log.warn("Could not delete {}: {}", file, e.getMessage());
        }
    }

    /** Asks for a test restore of a successful backup, done by the verification job. */
    public Backup requestVerification(String database, long id) {
        CurrentActor.require(Role.OPERATOR, "verify backups");
        Backup backup = get(database, id);
        requireSuccessful(backup, "verified");
        scheduling.verify(id);
        return backup;
    }

    /**
     * Ids of backups whose test restore was asked for and has not finished: pages poll while there are any. Covers
     * one-shot verifications (their Quartz triggers) and backups a policy run takes and then verifies itself (known
     * to the node running the policy job from before the backup starts until its verification ends).
     */
    public java.util.Set<Long> verifying() {
        java.util.Set<Long> ids = new java.util.HashSet<>(scheduling.verifying());
        ids.addAll(verifyingAfterBackup);
        return ids;
    }

    private final java.util.Set<Long> verifyingAfterBackup = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Runs the backup and then its test restore, the backup counting as "verifying" from start to end. */
    String runAndVerify(long id) {
        verifyingAfterBackup.add(id);
        try {
            return run(id) + " " + verify(id);
        }
        finally {
            verifyingAfterBackup.remove(id);
        }
    }

    private static void requireSuccessful(Backup backup, String what) {
        if (backup.getState() != BackupState.SUCCESS) {
            throw new DomainException.Conflict("backup_not_successful", "Backup " + backup.getId() + " is "
                    + backup.getState().apiName() + (backup.getFailureReason() == null ? "" : " (" + backup.getFailureReason()
                    + ")") + " and cannot be " + what + ".");
        }
    }

    /**
     * The test restore: the file's SHA-256 must match, the file must restore into a scratch database, and every
     * table's row count and content checksum must equal those recorded at backup time.
     */
    String verify(long id) {
        Backup backup = backups.findById(id).orElse(null);
        if (backup == null || backup.getState() != BackupState.SUCCESS) {
            return "Backup " + id + " is not there to verify.";
        }
        String problem = problemWith(backup);
        tx.executeWithoutResult(s -> backups.findById(id).ifPresent(fresh -> {
            fresh.verified(problem == null, problem, clock.instant());
            events.publishEvent(new BackupEvents.BackupVerified(fresh.getDatabase(), fresh.getBranch(), id,
                    problem == null, problem));
        }));
        if (problem != null) {
            throw new IllegalStateException("Backup " + id + " failed verification: " + problem);
        }
        return "Backup " + id + " restores with the recorded content.";
    }

    private String problemWith(Backup backup) {
        Path file = fileOf(backup).orElse(null);
        if (file == null || !Files.isRegularFile(file)) {
            return "the backup file is missing";
        }
        try {
            String actual = dev.loopline.common.Hashes.sha256(file);
            if (!actual.equals(backup.getSha256())) {
                return "the file's SHA-256 is " + actual + ", not " + backup.getSha256() + " as recorded: it changed "
                        + "or was damaged after the backup";
            }
            Map<String, TableFingerprint> restored = data.restoreAside(backup.getEngine(), file, backup.getAdminUser(),
                    backup.getAdminSecret(), bytes -> { });
            Map<String, TableFingerprint> recorded = tables(backup);
            List<String> differences = new ArrayList<>();
            for (var entry : recorded.entrySet()) {
                TableFingerprint now = restored.get(entry.getKey());
                if (now == null) {
                    differences.add(entry.getKey() + " is missing");
                }
                else if (now.rows() != entry.getValue().rows()) {
                    differences.add(entry.getKey() + " has " + now.rows() + " rows, not " + entry.getValue().rows());
                }
                else if (!now.checksum().equals(entry.getValue().checksum())) {
                    differences.add(entry.getKey() + "'s content checksum differs");
                }
            }
            // backups taken before tables of schemas other than PUBLIC were fingerprinted recorded PUBLIC's only
            boolean recordedOtherSchemas = recorded.keySet().stream().anyMatch(t -> t.contains("."));
            restored.keySet().stream().filter(t -> !recorded.containsKey(t))
                    .filter(t -> recordedOtherSchemas || !t.contains("."))
                    .forEach(t -> differences.add(t + " was not in the backup"));
            return differences.isEmpty() ? null : String.join("; ", differences);
        }
        catch (IOException | RuntimeException e) {
            return "the backup does not restore: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /** Row count and checksum per table, as recorded when the backup was taken. */
    public Map<String, TableFingerprint> tables(Backup backup) {
        if (backup.getTablesJson() == null) {
            return Map.of();
        }
        return new TreeMap<>(json.readValue(backup.getTablesJson(), new TypeReference<LinkedHashMap<String, TableFingerprint>>() { }));
    }

    public Backup protect(String database, long id, boolean on) {
        CurrentActor.require(Role.OPERATOR, "protect backups");
        return tx.execute(s -> {
            Backup backup = get(database, id);
            if (backup.isProtected() != on) {
                backup.protect(on);
                events.publishEvent(new BackupEvents.BackupProtectionChanged(database, backup.getBranch(), id, on));
            }
            return backup;
        });
    }

    public void delete(String database, long id) {
        CurrentActor.require(Role.OPERATOR, "delete backups");
        Backup backup = get(database, id);
        backup.requireDeletable();
        remove(backup, false);
    }

    private void remove(Backup backup, boolean expired) {
        fileOf(backup).ifPresent(BackupService::deleteQuietly);
        tx.executeWithoutResult(s -> {
            backups.deleteById(backup.getId());
            events.publishEvent(new BackupEvents.BackupDeleted(backup.getDatabase(), backup.getBranch(), backup.getId(), expired));
        });
    }

    /**
     * Deletes expired, unprotected backups and their files; called by the retention job. The newest good backup of
     * each branch ({@link #keptCopies}) is kept whatever its age, so failed backups never leave a branch without one.
     */
    String applyRetention() {
        Instant now = clock.instant();
        List<Backup> expired = backups.findByProtectedBackupFalse().stream().filter(b -> b.isExpired(now)).toList();
        Set<Long> kept = expired.stream().map(Backup::getDatabase).distinct()
                .flatMap(database -> keptCopies(database).stream()).collect(Collectors.toSet());
        List<Backup> deleted = expired.stream().filter(b -> !kept.contains(b.getId())).toList();
        deleted.forEach(b -> remove(b, true));
        long keptExpired = expired.size() - deleted.size();
        return (deleted.isEmpty() ? "No backup had expired." : "Deleted " + dev.loopline.common.Quantities.count(deleted.size(), "expired backup") + ".")
                + (keptExpired == 0 ? "" : " Kept " + dev.loopline.common.Quantities.count(keptExpired, "expired backup") + ": the newest good one of their branch.");
    }

    /**
     * The backups retention never deletes: per branch of the database, the newest (by start) successful backup whose
     * verification did not fail.
     */
    public Set<Long> keptCopies(String database) {
        Map<String, Long> newestGood = new LinkedHashMap<>();
        for (Backup backup : backups.findByDatabaseOrderByCreatedAtDescIdDesc(database)) {
            if (backup.isGood()) {
                newestGood.putIfAbsent(backup.getBranch(), backup.getId());
            }
        }
        return Set.copyOf(newestGood.values());
    }

    /** Verifies the newest successful backup of every production branch; called weekly. */
    String verifyNewestOfProductionBranches(List<Branch> productionBranches) {
        List<String> failed = new ArrayList<>();
        int checked = 0;
        for (Branch branch : productionBranches) {
            Optional<Backup> newest = backups.findFirstByDatabaseAndBranchAndStateOrderByFinishedAtDescIdDesc(
                    branch.getDatabase().getName(), branch.getName(), BackupState.SUCCESS);
            if (newest.isPresent()) {
                checked++;
                try {
                    verify(newest.get().getId());
                }
                catch (IllegalStateException e) {
                    failed.add(e.getMessage());
                }
            }
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException(String.join(" ", failed));
        }
        return "Verified " + dev.loopline.common.Quantities.count(checked, "backup") + ".";
    }

    public List<Backup> list(String database, String branch) {
        branches.get(database, branch);
        return backups.findByDatabaseAndBranchOrderByCreatedAtDescIdDesc(database, branch);
    }

    public List<Backup> list(String database) {
        return backups.findByDatabaseOrderByCreatedAtDescIdDesc(database);
    }

    public Backup get(String database, long id) {
        return backups.findByIdAndDatabase(id, database).orElseThrow(() -> new DomainException.NotFound("Backup", id));
    }

    public Optional<Backup> latestSuccessfulBackup(String database, String branch) {
        return backups.findFirstByDatabaseAndBranchAndStateOrderByFinishedAtDescIdDesc(database, branch, BackupState.SUCCESS);
    }

    /** Waits until the backup is finished, and (if asked) verified or failed, or {@code max} passes. */
    public Backup awaitSettled(String database, long id, boolean verification, Instant since, Duration max) {
        return dev.loopline.common.Waiting.until(() -> get(database, id), backup -> {
            boolean finished = backup.getState() == BackupState.SUCCESS || backup.getState() == BackupState.FAILED;
            return finished && (!verification || backup.getState() == BackupState.FAILED
                    || backup.getVerifiedAt() != null && !backup.getVerifiedAt().isBefore(since));
        }, max);
    }

    @Override
    public Optional<Seed> backup(String database, long backupId) {
        return backups.findByIdAndDatabase(backupId, database).map(backup -> {
            requireSuccessful(backup, "restored");
            return seedOf(backup);
        });
    }

    @Override
    public Optional<Seed> latestSuccessful(String database, String branch) {
        return latestSuccessfulBackup(database, branch).map(this::seedOf);
    }

    private Seed seedOf(Backup backup) {
        return new Seed(backup.getId(), backup.getBranch(), fileOf(backup).orElseThrow(), backup.getSizeBytes(),
                backup.getSha256(), backup.getAdminUser(), backup.getAdminSecret());
    }
}
