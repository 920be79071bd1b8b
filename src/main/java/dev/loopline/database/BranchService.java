package dev.loopline.database;

import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.loopline.common.Actor;
import dev.loopline.common.DomainException;
import dev.loopline.common.Names;
import dev.loopline.common.Role;
import dev.loopline.engine.AdminCredential;
import dev.loopline.engine.ConnectionDetails;
import dev.loopline.engine.DatabaseEngine;
import dev.loopline.engine.DatabaseEngine.ClientUser;
import dev.loopline.schema.SchemaSnapshot;

/**
 * Branches as real databases: creating one copies its parent's schema into a new database on the engine;
 * deleting one drops it. Metadata and engine stay in step: a creation that fails leaves a {@code failed} branch
 * with the reason and no database behind it.
 */
@Service
public class BranchService {

    private final ManagedDatabaseRepository databases;
    private final BranchRepository branches;
    private final BranchPasswordRepository passwords;
    private final EngineAccess engines;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final SchemaJson schemaJson;

    BranchService(ManagedDatabaseRepository databases, BranchRepository branches, BranchPasswordRepository passwords,
            EngineAccess engines, ApplicationEventPublisher events, TransactionTemplate tx, Clock clock,
            SchemaJson schemaJson) {
        this.schemaJson = schemaJson;
        this.databases = databases;
        this.branches = branches;
        this.passwords = passwords;
        this.engines = engines;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    public List<Branch> list(String database) {
        requireDatabase(database);
        return branches.findByDatabase(database);
    }

    public Branch get(String database, String branch) {
        requireDatabase(database);
        return branches.find(database, branch)
                .orElseThrow(() -> new DomainException.NotFound("Branch", branch + " of " + database));
    }

    /** The branch, if the database has one by that name. */
    public java.util.Optional<Branch> find(String database, String branch) {
        return branches.find(database, branch);
    }

    private ManagedDatabase requireDatabase(String database) {
        return databases.findByName(database).orElseThrow(() -> new DomainException.NotFound("Database", database));
    }

    /** Creates a development branch with its parent's schema (no rows). */
    public Branch create(String database, String name, String parent) {
        Actor actor = BranchAccess.require(Role.DEVELOPER, "create branches");
        return createAs(actor, database, name, parent, null);
    }

    /** Creates the branch of an iteration; called by the scheduled job, acting as the system. */
    Branch createForIteration(Actor actor, String database, String name, long iterationId) {
        return createAs(actor, database, name, null, iterationId);
    }

    private Branch createAs(Actor actor, String databaseName, String name, String parent, Long iterationId) {
        ManagedDatabase database = requireDatabase(databaseName);
        Names.requireResourceName("branch", name);
        String parentName = parent == null || parent.isBlank() ? database.getDefaultBranch() : parent.trim();
        Branch parentBranch = branches.find(databaseName, parentName).orElseThrow(() -> new DomainException.InvalidInput(
                "unknown_parent_branch", "There is no branch " + parentName + " in " + databaseName + " to branch from."));
        parentBranch.requireReady();
        requireNoHostFunctions(parentBranch, "branch from " + parentName);
        Branch pending = insertPending(database, name, () -> {
            Branch branch = Branch.development(database, name, parentName, actor.displayName(), clock.instant());
            if (iterationId != null) {
                branch.linkIteration(iterationId);
            }
            return branch;
        });
        DatabaseEngine engine = engines.engineOf(pending);
        AdminCredential credential = null;
        try {
            credential = engine.createDatabase(pending.address());
            engine.copySchema(parentBranch.address(), engines.credentialOf(parentBranch), pending.address(), credential);
            String base = schemaJson.write(engine.inspectSchema(pending.address(), credential));
            AdminCredential created = credential;
            return tx.execute(status -> {
                Branch ready = branches.findById(pending.getId()).orElseThrow();
                ready.markReady(created.username(), engines.seal(created), clock.instant());
                ready.recordBase(base);
                events.publishEvent(new DatabaseEvents.BranchCreated(databaseName, name, parentName));
                return ready;
            });
        }
        catch (RuntimeException e) {
            engine.dropDatabase(pending.address(), credential);
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            tx.executeWithoutResult(status -> {
                branches.findById(pending.getId()).ifPresent(failed -> failed.markFailed(reason));
                events.publishEvent(new DatabaseEvents.BranchCreationFailed(databaseName, name, reason));
            });
            throw new DomainException.Conflict("branch_creation_failed", "Creating " + name + " failed: " + reason
                    + " The branch is kept as failed; delete it and try again.");
        }
    }

    /**
     * Saves a new pending branch made by {@code make} (in a transaction, with anything it publishes); a name that is
     * taken, also by a concurrent creation, is 409 {@code branch_exists}.
     */
    Branch insertPending(ManagedDatabase database, String name, java.util.function.Supplier<Branch> make) {
        DomainException.Conflict taken = new DomainException.Conflict("branch_exists", "A branch named " + name
                + " already exists in " + database.getName() + ".");
        if (branches.find(database.getName(), name).isPresent()) {
            throw taken;
        }
        try {
            return tx.execute(status -> branches.saveAndFlush(make.get()));
        }
        catch (DataIntegrityViolationException e) {
            throw taken;
        }
    }

    public void delete(String database, String name) {
        Branch branch = get(database, name);
        BranchAccess.requireDelete(branch);
        if (branch.isDefault()) {
            throw new DomainException.Conflict("default_branch", name + " is the default branch of " + database
                    + " and cannot be deleted.");
        }
        List<Branch> children = branches.findChildren(database, name);
        if (!children.isEmpty()) {
            throw new DomainException.Conflict("branch_has_children", "Delete the branches made from " + name
                    + " first: " + children.stream().map(Branch::getName).collect(Collectors.joining(", ")) + ".");
        }
        engines.engineOf(branch).dropDatabase(branch.address(), engines.credentialOf(branch));
        tx.executeWithoutResult(status -> {
            passwords.deleteAll(passwords.findByBranchIdOrderByCreatedAtDescIdDesc(branch.getId()));
            branches.deleteById(branch.getId());
            events.publishEvent(new DatabaseEvents.BranchDeleted(database, name));
        });
    }

    public Branch promote(String database, String name) {
        BranchAccess.require(Role.OPERATOR, "promote branches to production");
        Branch branch = tx.execute(status -> {
            Branch found = get(database, name);
            found.promote();
            events.publishEvent(new DatabaseEvents.BranchProductionChanged(database, name, true));
            return found;
        });
        applySchemaPolicy(branch);
        return branch;
    }

    public Branch demote(String database, String name) {
        BranchAccess.require(Role.OPERATOR, "demote production branches");
        return tx.execute(status -> {
            Branch found = get(database, name);
            found.demote();
            events.publishEvent(new DatabaseEvents.BranchProductionChanged(database, name, false));
            return found;
        });
    }

    /** Switches safe migrations and re-grants every password of the branch to match at once. */
    public Branch setSafeMigrations(String database, String name, boolean enabled) {
        BranchAccess.require(Role.OPERATOR, "change safe migrations");
        Branch branch = tx.execute(status -> {
            Branch found = get(database, name);
            if (found.isSafeMigrations() != enabled) {
                found.setSafeMigrations(enabled);
                events.publishEvent(new DatabaseEvents.SafeMigrationsChanged(database, name, enabled));
            }
            return found;
        });
        applySchemaPolicy(branch);
        return branch;
    }

    private void applySchemaPolicy(Branch branch) {
        List<ClientUser> users = passwords.findByBranchIdOrderByCreatedAtDescIdDesc(branch.getId()).stream()
                .map(p -> new ClientUser(p.getUsername(), p.getRole())).toList();
        engines.engineOf(branch).applySchemaChangePolicy(branch.address(), engines.credentialOf(branch), users,
                !branch.isSafeMigrations());
    }

    /**
     * The branch's schema now. Reading it also gives the branch's passwords their role's data rights on schemas made
     * since they were created (by the console, a deploy or a client's own DDL), so a reader sees a new schema's tables
     * by the time anyone looks at them in Loopline.
     */
    public SchemaSnapshot schema(Branch branch) {
        branch.requireReady();
        SchemaSnapshot schema = engines.engineOf(branch).inspectSchema(branch.address(), engines.credentialOf(branch));
        grantDataRights(branch);
        return schema;
    }

    /** Gives the branch's passwords their role's data rights on every schema they have none on yet. */
    void grantDataRights(Branch branch) {
        List<ClientUser> users = passwords.findByBranchIdOrderByCreatedAtDescIdDesc(branch.getId()).stream()
                .map(p -> new ClientUser(p.getUsername(), p.getRole())).toList();
        if (!users.isEmpty()) {
            engines.engineOf(branch).grantDataRights(branch.address(), engines.credentialOf(branch), users);
        }
    }

    /** The parent's schema when the branch was made; empty for branches that have no parent (production roots). */
    public java.util.Optional<SchemaSnapshot> baseSchema(Branch branch) {
        return java.util.Optional.ofNullable(branch.getBaseSchema()).map(schemaJson::read);
    }

    /**
     * Where the branch's schema calls host functions or Java code (see {@link DatabaseEngine#hostFunctionUses}): such
     * a branch cannot be branched from or deployed.
     */
    public List<dev.loopline.engine.HostFunctionUse> hostFunctionUses(Branch branch) {
        branch.requireReady();
        return engines.engineOf(branch).hostFunctionUses(branch.address(), engines.credentialOf(branch));
    }

    private void requireNoHostFunctions(Branch branch, String what) {
        List<dev.loopline.engine.HostFunctionUse> uses = hostFunctionUses(branch);
        if (!uses.isEmpty()) {
            throw new DomainException.Refused("host_function_in_schema", new dev.loopline.engine.UnsafeSchemaException(
                    what, uses).getMessage());
        }
    }

    /** The online schema change primitives for this branch (used by deploys). */
    public OnlineChange onlineChange(Branch branch) {
        branch.requireReady();
        return new OnlineChange(engines.engineOf(branch), branch.address(), engines.credentialOf(branch));
    }

    /** Exact row counts of the given tables of a branch. */
    public java.util.Map<String, Long> rowCounts(Branch branch, java.util.Collection<String> tables) {
        branch.requireReady();
        return engines.engineOf(branch).rowCounts(branch.address(), engines.credentialOf(branch), tables);
    }

    /** Exact row counts of the given tables of one schema of a branch, keyed by their exact names. */
    public java.util.Map<String, Long> rowCounts(Branch branch, String schema, java.util.Collection<String> tables) {
        branch.requireReady();
        return engines.engineOf(branch).rowCounts(branch.address(), engines.credentialOf(branch), schema, tables);
    }

    /**
     * Whether the branch's rows can take the planned table changes (see {@link DatabaseEngine#checkData}): bounded,
     * read-only scans as Loopline's admin.
     */
    public List<dev.loopline.engine.DataCheck.Finding> checkData(Branch branch,
            List<dev.loopline.engine.DataCheck.Change> changes, dev.loopline.engine.DataCheck.Limits limits) {
        branch.requireReady();
        return engines.engineOf(branch).checkData(branch.address(), engines.credentialOf(branch), changes, limits);
    }

    public ConnectionDetails connectionDetails(Branch branch) {
        return engines.engineOf(branch).connectionDetails(branch.address());
    }

    public long sizeBytes(Branch branch) {
        return engines.engineOf(branch).sizeBytes(branch.address());
    }

    /** Whether the signed-in user may manage passwords and use the console on this branch. */
    public boolean mayWorkOn(Branch branch) {
        return BranchAccess.mayWorkOn(branch);
    }

    /** Whether the signed-in user may delete this branch. */
    public boolean mayDelete(Branch branch) {
        return BranchAccess.mayDelete(branch);
    }

    Branch byId(long id) {
        return branches.findById(id).orElseThrow(() -> new DomainException.NotFound("Branch", id));
    }

    /** Development branches {@code person} (a user name or {@code token:name}) made, newest first. */
    public List<Branch> madeBy(String person) {
        return branches.findByCreatedByAndParentBranchIsNotNullOrderByCreatedAtDescIdDesc(person);
    }

    /** The branch Loopline made for an iteration, if any. */
    public java.util.Optional<Branch> ofIteration(long iterationId) {
        return branches.findFirstByIterationId(iterationId);
    }
}
