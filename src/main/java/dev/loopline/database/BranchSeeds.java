package dev.loopline.database;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a new branch's data can come from: backups. Implemented by the backup module, so this module needs no
 * knowledge of how backups are kept.
 */
public interface BranchSeeds {

    /** A successful backup of the database by id; empty if there is none. Throws 409 if it did not succeed. */
    Optional<Seed> backup(String database, long backupId);

    /** The newest successful backup of {@code branch}, if any. */
    Optional<Seed> latestSuccessful(String database, String branch);

    /**
     * A backup file and the credential of the database it was taken from.
     *
     * @param sha256            the file's hash when it was written: a file that no longer matches is not restored
     * @param sealedAdminSecret the source's admin password, sealed as branches keep theirs
     */
    record Seed(long backupId, String branch, Path file, long sizeBytes, String sha256, String adminUser,
            String sealedAdminSecret) {
    }
}
