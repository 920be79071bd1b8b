package dev.loopline.database;

import org.springframework.stereotype.Component;

import dev.loopline.engine.AdminCredential;
import dev.loopline.engine.DatabaseEngine;
import dev.loopline.engine.EngineRegistry;

/** Finds a branch's engine and opens Loopline's own credential for it. */
@Component
class EngineAccess {

    private final EngineRegistry engines;
    private final SecretBox secrets;

    EngineAccess(EngineRegistry engines, SecretBox secrets) {
        this.engines = engines;
        this.secrets = secrets;
    }

    DatabaseEngine engineOf(Branch branch) {
        return engines.get(branch.getDatabase().getEngine());
    }

    DatabaseEngine engine(String id) {
        return engines.get(id);
    }

    String defaultEngine() {
        return engines.defaultId();
    }

    /** Loopline's own credential for the branch, or {@code null} if the branch never became ready. */
    AdminCredential credentialOf(Branch branch) {
        if (branch.getEngineAdminSecret() == null) {
            return null;
        }
        return new AdminCredential(branch.getEngineAdminUser(), secrets.open(branch.getEngineAdminSecret()));
    }

    String open(String sealed) {
        return secrets.open(sealed);
    }

    String seal(AdminCredential credential) {
        return secrets.seal(credential.password());
    }
}
