package dev.loopline.backup.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.loopline.backup.Backup;
import dev.loopline.backup.BackupPolicy;
import dev.loopline.backup.BackupPolicyService;
import dev.loopline.backup.BackupService;

import dev.loopline.common.Paging;
import dev.loopline.common.Paging.PagedList;
/** Backups of a branch and a database's backup policy, as API.md describes them. */
@RestController
class BackupApiController {

    private static final Duration MAX_WAIT = Duration.ofMinutes(10);

    private final BackupService backups;
    private final BackupPolicyService policies;

    BackupApiController(BackupService backups, BackupPolicyService policies) {
        this.backups = backups;
        this.policies = policies;
    }

    record CreateBackup(String name, Integer retentionDays, @com.fasterxml.jackson.annotation.JsonProperty("wait") Boolean waitForIt) {
    }

    record ProtectRequest(Boolean value) {
    }

    record PolicyRequest(String schedule, Integer retentionDays, List<String> branches, Boolean verifyAfterBackup) {
    }

    record BackupJson(long id, String database, String branch, String name, String state, String failureReason,
            boolean scheduled, Long sizeBytes, String sha256, Map<String, Long> tables, Map<String, String> checksums,
            String startedBy, Instant createdAt, Instant startedAt, Instant finishedAt, Long durationMs, Instant expiresAt,
            @com.fasterxml.jackson.annotation.JsonProperty("protected") boolean isProtected, String verification,
            String verificationReason, Instant verifiedAt) {
    }

    /** A policy; {@code next_fire_times}: its next five backups in UTC, empty while its job is paused. */
    record PolicyJson(String database, String schedule, int retentionDays, List<String> branches,
            boolean verifyAfterBackup, Instant updatedAt, List<Instant> nextFireTimes) {
    }

    private PolicyJson json(BackupPolicy p) {
        return new PolicyJson(p.getDatabase(), p.getSchedule(), p.getRetentionDays(), p.getBranches(),
                p.isVerifyAfterBackup(), p.getUpdatedAt(), policies.nextFireTimes(p, 5));
    }

    private BackupJson json(Backup b) {
        Map<String, Long> rows = new TreeMap<>();
        Map<String, String> checksums = new TreeMap<>();
        backups.tables(b).forEach((table, fingerprint) -> {
            rows.put(table, fingerprint.rows());
            checksums.put(table, fingerprint.checksum());
        });
        return new BackupJson(b.getId(), b.getDatabase(), b.getBranch(), b.getName(), b.getState().apiName(),
                b.getFailureReason(), b.isScheduled(), b.getSizeBytes(), b.getSha256(), rows, checksums, b.getStartedBy(),
                b.getCreatedAt(), b.getStartedAt(), b.getFinishedAt(), b.getDurationMs(), b.getExpiresAt(), b.isProtected(),
                b.getVerification() == null ? null : b.getVerification().apiName(), b.getVerificationReason(),
                b.getVerifiedAt());
    }

    @PostMapping("/api/v1/databases/{database}/branches/{branch}/backups")
    @ResponseStatus(HttpStatus.CREATED)
    BackupJson create(@PathVariable String database, @PathVariable String branch,
            @RequestBody(required = false) CreateBackup body, @RequestParam(defaultValue = "false") boolean wait) {
        CreateBackup request = body == null ? new CreateBackup(null, null, null) : body;
        Backup backup = backups.request(database, branch, request.name(), request.retentionDays());
        boolean waiting = wait || Boolean.TRUE.equals(request.waitForIt());
        // with a policy that test-restores every backup, the work asked for ends with that test restore
        return json(waiting ? backups.awaitSettled(database, backup.getId(), backups.verifiesAfterBackup(database),
                Instant.EPOCH, MAX_WAIT) : backup);
    }

    @GetMapping("/api/v1/databases/{database}/branches/{branch}/backups")
    PagedList<BackupJson> list(@PathVariable String database, @PathVariable String branch, Paging paging) {
        return paging.page(backups.list(database, branch), this::json);
    }

    @GetMapping("/api/v1/databases/{database}/branches/{branch}/backups/{id}")
    BackupJson get(@PathVariable String database, @PathVariable String branch, @PathVariable long id) {
        return json(inBranch(database, branch, id));
    }

    private Backup inBranch(String database, String branch, long id) {
        Backup backup = backups.get(database, id);
        if (!backup.getBranch().equals(branch)) {
            throw new dev.loopline.common.DomainException.NotFound("Backup", id + " of " + branch);
        }
        return backup;
    }

    @DeleteMapping("/api/v1/databases/{database}/branches/{branch}/backups/{id}")
    ResponseEntity<Void> delete(@PathVariable String database, @PathVariable String branch, @PathVariable long id) {
        inBranch(database, branch, id);
        backups.delete(database, id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/v1/databases/{database}/branches/{branch}/backups/{id}/verify")
    ResponseEntity<BackupJson> verify(@PathVariable String database, @PathVariable String branch, @PathVariable long id,
            @RequestParam(defaultValue = "false") boolean wait) {
        inBranch(database, branch, id);
        Instant asked = Instant.now();
        Backup backup = backups.requestVerification(database, id);
        if (wait) {
            return ResponseEntity.ok(json(backups.awaitSettled(database, id, true, asked, MAX_WAIT)));
        }
        return ResponseEntity.accepted().body(json(backup));
    }

    @PostMapping("/api/v1/databases/{database}/branches/{branch}/backups/{id}/protect")
    BackupJson protect(@PathVariable String database, @PathVariable String branch, @PathVariable long id,
            @RequestBody(required = false) ProtectRequest body) {
        inBranch(database, branch, id);
        return json(backups.protect(database, id, body == null || body.value() == null || body.value()));
    }

    @GetMapping("/api/v1/databases/{database}/backup-policy")
    PolicyJson policy(@PathVariable String database) {
        return json(policies.policy(database));
    }

    @PutMapping("/api/v1/databases/{database}/backup-policy")
    PolicyJson updatePolicy(@PathVariable String database, @RequestBody PolicyRequest body) {
        return json(policies.update(database, body.schedule(), body.retentionDays(), body.branches(),
                body.verifyAfterBackup()));
    }
}
