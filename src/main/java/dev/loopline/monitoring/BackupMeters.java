package dev.loopline.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.loopline.backup.Backup;
import dev.loopline.backup.BackupEvents;
import dev.loopline.backup.BackupService;
import dev.loopline.database.Branch;
import dev.loopline.database.BranchService;
import dev.loopline.database.DatabaseEvents;
import dev.loopline.database.DatabaseService;
import dev.loopline.database.ManagedDatabase;

/**
 * Backup meters:
 * <ul>
 * <li>{@code loopline.backups{result=succeeded|failed}} (counter) and {@code loopline.backup.duration} (timer)</li>
 * <li>{@code loopline.backup.verifications{result=passed|failed}} (counter): test restores and their results</li>
 * <li>{@code loopline.backup.age{database}} (gauge, seconds): over the database's production branches, the oldest
 * of their newest successful backups; a production branch never backed up counts from its creation, so the gauge
 * says how long production data has gone without a backup either way</li>
 * <li>{@code loopline.backup.size{database}} (gauge, bytes): the sizes of those newest backups, summed</li>
 * </ul>
 * The gauges are per managed database, not per branch: database names are few, chosen by operators and stable, while
 * branch names are many, chosen by anyone and short-lived (and a branch name is exactly what must not be a label).
 * A database has one production branch in the usual case, so the aggregate loses nothing there.
 */
@Component
class BackupMeters {

    private final MeterRegistry registry;
    private final DatabaseService databases;
    private final BranchService branches;
    private final BackupService backups;
    private final Clock clock;
    private final Set<String> measured = ConcurrentHashMap.newKeySet();

    BackupMeters(MeterRegistry registry, DatabaseService databases, BranchService branches, BackupService backups,
            Clock clock) {
        this.registry = registry;
        this.databases = databases;
        this.branches = branches;
        this.backups = backups;
        this.clock = clock;
        List.of("succeeded", "failed").forEach(result -> backupCounter(result));
        List.of("passed", "failed").forEach(result -> verificationCounter(result));
        duration();
    }

    @EventListener(ApplicationReadyEvent.class)
    void measureExistingDatabases() {
        databases.list().stream().map(ManagedDatabase::getName).forEach(this::measure);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(DatabaseEvents.DatabaseCreated created) {
        measure(created.database());
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(BackupEvents.BackupSucceeded succeeded) {
        backupCounter("succeeded").increment();
        duration().record(Duration.ofMillis(succeeded.millis()));
        measure(succeeded.database());
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(BackupEvents.BackupFailed failed) {
        backupCounter("failed").increment();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(BackupEvents.BackupVerified verified) {
        verificationCounter(verified.passed() ? "passed" : "failed").increment();
    }

    /** Registers the database's gauges once; they read the backups at each scrape. */
    private void measure(String database) {
        if (!measured.add(database)) {
            return;
        }
        Gauge.builder("loopline.backup.age", () -> orNaN(() -> ageSeconds(database)))
                .description("Age of the oldest newest successful backup over the database's production branches")
                .baseUnit("seconds").tag("database", database).register(registry);
        Gauge.builder("loopline.backup.size", () -> orNaN(() -> sizeBytes(database)))
                .description("Size of the newest successful backups of the database's production branches, summed")
                .baseUnit("bytes").tag("database", database).register(registry);
    }

    /** A scrape must not fail for one database (e.g. one removed meanwhile): NaN is Prometheus' "no value". */
    private static double orNaN(java.util.function.DoubleSupplier value) {
        try {
            return value.getAsDouble();
        }
        catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private double ageSeconds(String database) {
        Instant now = clock.instant();
        double oldest = 0;
        for (Branch branch : productionBranches(database)) {
            Instant since = latest(database, branch).map(Backup::getFinishedAt).orElse(branch.getCreatedAt());
            oldest = Math.max(oldest, Math.max(0, Duration.between(since, now).toMillis() / 1000.0));
        }
        return oldest;
    }

    private double sizeBytes(String database) {
        return productionBranches(database).stream().map(branch -> latest(database, branch))
                .flatMap(Optional::stream).mapToLong(backup -> backup.getSizeBytes() == null ? 0 : backup.getSizeBytes())
                .sum();
    }

    private List<Branch> productionBranches(String database) {
        return branches.list(database).stream().filter(Branch::isProduction).toList();
    }

    private Optional<Backup> latest(String database, Branch branch) {
        return backups.latestSuccessfulBackup(database, branch.getName());
    }

    private Counter backupCounter(String result) {
        return Counter.builder("loopline.backups").description("Finished backups, by result").tag("result", result)
                .register(registry);
    }

    private Counter verificationCounter(String result) {
        return Counter.builder("loopline.backup.verifications").description("Test restores of backups, by result")
                .tag("result", result).register(registry);
    }

    private Timer duration() {
        return Timer.builder("loopline.backup.duration").description("How long successful backups took")
                .register(registry);
    }
}
