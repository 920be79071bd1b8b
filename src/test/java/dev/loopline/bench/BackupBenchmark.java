package dev.loopline.bench;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.loopline.engine.AdminCredential;
import dev.loopline.engine.BranchDatabase;
import dev.loopline.engine.DatabaseEngine.ScriptRights;
import dev.loopline.engine.h2.H2Engine;
import dev.loopline.engine.h2.TestH2Engine;

/**
 * Backup and restore of a ~1 GB branch against a plain copy of its database file, in one run: the backup as
 * Loopline takes it (consistent online copy through H2's own file channel), the SHA-256 Loopline records of it, the
 * restore (copy, fresh credentials), and the full-scan fingerprint that backups record and verification compares.
 */
@Tag("bench")
class BackupBenchmark {

    private static final long ROWS = Long.getLong("bench.backup.rows", 1_500_000);

    @TempDir
    Path dataDir;

    @Test
    void backupAndRestoreAGigabyteBranch() throws Exception {
        try (TestH2Engine h2 = TestH2Engine.start(dataDir)) {
            H2Engine engine = h2.engine();
            BranchDatabase database = new BranchDatabase("bench", "big");
            AdminCredential admin = engine.createDatabase(database);
            long loadStart = System.nanoTime();
            var loaded = engine.runScript(database, admin, "CREATE TABLE EVENTS (ID BIGINT PRIMARY KEY, KIND VARCHAR(20), "
                    + "PAYLOAD VARCHAR(400)); INSERT INTO EVENTS SELECT X, 'scan-' || MOD(X, 17), REPEAT('payload-' || X || ' ', 20) "
                    + "FROM SYSTEM_RANGE(1, " + ROWS + ");", ScriptRights.SCHEMA_OWNER, 1);
            if (loaded.failed()) {
                throw new IllegalStateException(loaded.error().message());
            }
            Path file = dataDir.resolve("branches/bench/big.mv.db");
            long size = Files.size(file);
            System.out.printf("BENCH loaded %,d rows: database file %,d MB in %.1f s%n", ROWS, size >> 20,
                    (System.nanoTime() - loadStart) / 1e9);

            for (int round = 1; round <= 2; round++) {
                Path copy = dataDir.resolve("copy.mv.db");
                long start = System.nanoTime();
                Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                double copySeconds = seconds(start);
                Files.delete(copy);

                Path backup = dataDir.resolve("backup.backup");
                start = System.nanoTime();
                engine.backup(database, admin, backup);
                double backupSeconds = seconds(start);
                long backupSize = Files.size(backup);
                start = System.nanoTime();
                sha256(backup);
                double hashSeconds = seconds(start);

                BranchDatabase restored = new BranchDatabase("bench", "restored-" + round);
                start = System.nanoTime();
                AdminCredential fresh = engine.restoreDatabase(restored, backup, admin, bytes -> { });
                double restoreSeconds = seconds(start);

                start = System.nanoTime();
                var fingerprint = engine.fingerprint(restored, fresh);
                double scanSeconds = seconds(start);
                engine.dropDatabase(restored, fresh);
                Files.delete(backup);

                if (round == 1) {
                    System.out.println("BENCH round 1 was a warm-up; round 2 is reported");
                    continue;
                }
                System.out.printf("BENCH plain file copy: %.2f s (%,.0f MB/s)%n", copySeconds, size / 1e6 / copySeconds);
                System.out.printf("BENCH consistent online backup: %.2f s (%,.0f MB/s) = %.2f × file-copy speed; %,d MB written%n",
                        backupSeconds, size / 1e6 / backupSeconds, copySeconds / backupSeconds, backupSize >> 20);
                System.out.printf("BENCH SHA-256 of the backup file: %.2f s (%,.0f MB/s); backup and hash together = %.2f × "
                        + "file-copy speed%n", hashSeconds, size / 1e6 / hashSeconds, copySeconds / (backupSeconds + hashSeconds));
                System.out.printf("BENCH restore into a new branch: %.2f s (%,.0f MB/s) = %.2f × file-copy speed%n",
                        restoreSeconds, size / 1e6 / restoreSeconds, copySeconds / restoreSeconds);
                System.out.printf("BENCH full-scan row counts and checksums (%,d rows): %.2f s%n",
                        fingerprint.get("EVENTS").rows(), scanSeconds);
            }
        }
    }

    private static void sha256(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) > 0;) {
                sha.update(buffer, 0, n);
            }
        }
        sha.digest();
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
