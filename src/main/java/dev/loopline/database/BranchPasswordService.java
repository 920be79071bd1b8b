package dev.loopline.database;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.loopline.common.Actor;
import dev.loopline.common.DomainException;
import dev.loopline.common.Names;
import dev.loopline.common.Secrets;
import dev.loopline.engine.ConnectionDetails;
import dev.loopline.engine.DatabaseEngine;
import dev.loopline.engine.PasswordRole;

/**
 * Branch passwords: each is a real user on the branch's database with the rights of its role. The plain password
 * is returned once; Loopline keeps the user name, the engine keeps its own hash.
 */
@Service
public class BranchPasswordService {

    private static final Logger log = LoggerFactory.getLogger(BranchPasswordService.class);
    static final long MIN_TTL_SECONDS = 60;
    static final long MAX_TTL_SECONDS = Duration.ofDays(365).toSeconds();

    private final BranchService branches;
    private final BranchPasswordRepository passwords;
    private final EngineAccess engines;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;

    BranchPasswordService(BranchService branches, BranchPasswordRepository passwords, EngineAccess engines,
            ApplicationEventPublisher events, TransactionTemplate tx, Clock clock) {
        this.branches = branches;
        this.passwords = passwords;
        this.engines = engines;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    /** A new password with its secret and where to connect; the secret is not kept and cannot be shown again. */
    public record CreatedPassword(BranchPassword password, String plainText, ConnectionDetails connection) {
    }

    public List<BranchPassword> list(String database, String branch) {
        Branch found = branches.get(database, branch);
        return passwords.findByBranchIdOrderByCreatedAtDescIdDesc(found.getId());
    }

    public CreatedPassword create(String database, String branchName, String name, String role, Long ttlSeconds) {
        Branch branch = branches.get(database, branchName);
        Actor actor = BranchAccess.requireWorkOn(branch, "manage passwords");
        branch.requireReady();
        String trimmed = name == null ? "" : name.trim();
        if (!Names.LABEL.matcher(trimmed).matches()) {
            throw new DomainException.InvalidInput("invalid_name",
                    "Name the password with 1–64 letters, digits, spaces, dots, dashes or underscores.");
        }
        PasswordRole passwordRole = PasswordRole.fromApiName(role);
        if (ttlSeconds != null && (ttlSeconds < MIN_TTL_SECONDS || ttlSeconds > MAX_TTL_SECONDS)) {
            throw new DomainException.InvalidInput("invalid_ttl_seconds", "ttl_seconds goes from " + MIN_TTL_SECONDS
                    + " (a minute) to " + MAX_TTL_SECONDS + " (a year); leave it out for a password that does not expire.");
        }
        if (passwords.existsByBranchIdAndName(branch.getId(), trimmed)) {
            throw new DomainException.Conflict("password_exists", "The branch already has a password named " + trimmed + ".");
        }
        DatabaseEngine engine = engines.engineOf(branch);
        String username = engine.usernameFor(trimmed) + "_" + Secrets.alphanumeric(6).toUpperCase(java.util.Locale.ROOT);
        String plain = "llp_" + Secrets.alphanumeric(36);
        Instant now = clock.instant();
        Instant expiresAt = ttlSeconds == null ? null : now.plusSeconds(ttlSeconds);
        engine.createUser(branch.address(), engines.credentialOf(branch), username, plain, passwordRole,
                !branch.isSafeMigrations());
        try {
            BranchPassword saved = tx.execute(status -> {
                BranchPassword password = passwords.save(new BranchPassword(branch.getId(), trimmed, passwordRole,
                        username, actor.displayName(), now, expiresAt));
                events.publishEvent(new DatabaseEvents.PasswordCreated(database, branchName, trimmed,
                        passwordRole.apiName(), username, expiresAt == null ? null : expiresAt.toString()));
                return password;
            });
            return new CreatedPassword(saved, plain, engine.connectionDetails(branch.address()));
        }
        catch (RuntimeException e) {
            engine.dropUser(branch.address(), engines.credentialOf(branch), username);
            throw e;
        }
    }

    /** Drops the password's user, which ends its open sessions at once. */
    public void delete(String database, String branchName, long id) {
        Branch branch = branches.get(database, branchName);
        BranchAccess.requireWorkOn(branch, "manage passwords");
        BranchPassword password = passwords.findById(id).filter(p -> p.getBranchId().equals(branch.getId()))
                .orElseThrow(() -> new DomainException.NotFound("Password", id));
        remove(branch, password, false);
    }

    private void remove(Branch branch, BranchPassword password, boolean expired) {
        engines.engineOf(branch).dropUser(branch.address(), engines.credentialOf(branch), password.getUsername());
        tx.executeWithoutResult(status -> {
            passwords.deleteById(password.getId());
            events.publishEvent(new DatabaseEvents.PasswordDeleted(branch.getDatabase().getName(), branch.getName(),
                    password.getName(), password.getUsername(), expired));
        });
    }

    /** Removes every password past its expiry; the scheduled expiry job calls this. Returns how many. */
    public int expireDue() {
        int expired = 0;
        for (BranchPassword password : passwords.findByExpiresAtBefore(clock.instant())) {
            try {
                Branch branch = branchOf(password);
                remove(branch, password, true);
                expired++;
            }
            catch (RuntimeException e) {
                log.warn("Could not expire password {} ({}): {}", password.getName(), password.getUsername(), e.getMessage());
            }
        }
        return expired;
    }

    private Branch branchOf(BranchPassword password) {
        return branches.byId(password.getBranchId());
    }

}
