package dev.loopline.database;

import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.loopline.engine.AdminCredential;
import dev.loopline.engine.AdminCredentials;
import dev.loopline.engine.BranchDatabase;

/** Gives engines a branch's own admin credential when a client connects to the branch directly. */
@Component
class BranchAdminCredentials implements AdminCredentials {

    private final BranchRepository branches;
    private final EngineAccess engines;

    BranchAdminCredentials(BranchRepository branches, EngineAccess engines) {
        this.branches = branches;
        this.engines = engines;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<AdminCredential> of(BranchDatabase database) {
        return branches.find(database.database(), database.branch()).map(engines::credentialOf);
    }
}
