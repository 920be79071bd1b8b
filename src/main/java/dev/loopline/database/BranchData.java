package dev.loopline.database;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongConsumer;

import org.springframework.stereotype.Component;

import dev.loopline.common.DomainException;
import dev.loopline.engine.AdminCredential;
import dev.loopline.engine.BranchDatabase;
import dev.loopline.engine.DatabaseEngine;
import dev.loopline.engine.DatabaseEngine.TableFingerprint;
import dev.loopline.engine.EngineException;

/**
 * A branch's data as a whole, for the backup module: backing it up, fingerprinting it, and restoring a backup
 * aside (into a scratch database that is dropped again) to check it. Loopline's credentials never leave this module
 * unsealed.
 */
@Component
public class BranchData {

    /** Scratch databases for test restores live under this database name, which no user database may take. */
    public static final String SCRATCH_DATABASE = BranchDatabase.SCRATCH_DATABASE;

    private final EngineAccess engines;

    BranchData(EngineAccess engines) {
        this.engines = engines;
    }

    /** Writes a consistent backup of the branch into the file {@code target}. */
    public void backup(Branch branch, Path target) {
        branch.requireReady();
        engines.engineOf(branch).backup(branch.address(), engines.credentialOf(branch), target);
    }

    /** Every table's row count and content checksum, by a full scan of the live branch. */
    public Map<String, TableFingerprint> fingerprint(Branch branch) {
        return engines.engineOf(branch).fingerprint(branch.address(), engines.credentialOf(branch));
    }

    /** The branch's own admin user and its sealed password: kept with a backup, needed to restore it. */
    public String adminUser(Branch branch) {
        return branch.getEngineAdminUser();
    }

    public String sealedAdminSecret(Branch branch) {
        return branch.getEngineAdminSecret();
    }

    /**
     * Restores a backup file into a scratch database, reads every table's fingerprint, and drops it again.
     *
     * @throws DomainException.Conflict with the engine's reason when the file does not restore or read
     */
    public Map<String, TableFingerprint> restoreAside(String engineId, Path file, String adminUser, String sealedSecret,
            LongConsumer progress) {
        DatabaseEngine engine = engines.engine(engineId);
        BranchDatabase scratch = new BranchDatabase(SCRATCH_DATABASE, "verify-" + UUID.randomUUID().toString().substring(0, 12));
        AdminCredential source = new AdminCredential(adminUser, engines.open(sealedSecret));
        AdminCredential admin = null;
        try {
            admin = engine.restoreDatabase(scratch, file, source, progress);
            return engine.fingerprint(scratch, admin);
        }
        catch (EngineException e) {
            throw new DomainException.Conflict("restore_failed", e.getMessage());
        }
        finally {
            engine.dropDatabase(scratch, admin);
        }
    }
}
