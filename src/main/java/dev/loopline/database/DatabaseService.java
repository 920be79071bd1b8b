package dev.loopline.database;

import java.time.Clock;
import java.util.List;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.loopline.common.Actor;
import dev.loopline.common.DomainException;
import dev.loopline.common.Names;
import dev.loopline.common.Role;
import dev.loopline.database.ManagedDatabase.DatabaseSettings;
import dev.loopline.engine.AdminCredential;
import dev.loopline.engine.DatabaseEngine;

/** Creates managed databases (each with its production branch {@code main}) and changes their settings. */
@Service
public class DatabaseService {

    private final ManagedDatabaseRepository databases;
    private final BranchRepository branches;
    private final EngineAccess engines;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;

    DatabaseService(ManagedDatabaseRepository databases, BranchRepository branches, EngineAccess engines,
            ApplicationEventPublisher events, TransactionTemplate tx, Clock clock) {
        this.databases = databases;
        this.branches = branches;
        this.engines = engines;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    /** Newest first, as API lists are. */
    public List<ManagedDatabase> list() {
        return databases.findAllByOrderByCreatedAtDescIdDesc();
    }

    public ManagedDatabase get(String name) {
        return databases.findByName(name).orElseThrow(() -> new DomainException.NotFound("Database", name));
    }

    /** Creates the database and its production branch {@code main} (safe migrations on) on the engine. */
    public ManagedDatabase create(String name, String engineId, DatabaseSettings settings) {
        Actor actor = BranchAccess.require(Role.OPERATOR, "create databases");
        Names.requireResourceName("database", name);
        if (name.equals(BranchData.SCRATCH_DATABASE)) {
            throw new DomainException.InvalidInput("invalid_name", name + " is reserved for Loopline's test restores.");
        }
        DatabaseEngine engine = engines.engine(engineId == null || engineId.isBlank() ? engines.defaultEngine() : engineId);
        if (databases.existsByName(name)) {
            throw new DomainException.Conflict("database_exists", "A database named " + name + " already exists.");
        }
        ManagedDatabase database = new ManagedDatabase(name, engine.id(), settings, actor.displayName(), clock.instant());
        Branch main = tx.execute(status -> {
            ManagedDatabase saved = databases.save(database);
            return branches.save(Branch.production(saved, saved.getDefaultBranch(), actor.displayName(), clock.instant()));
        });
        try {
            AdminCredential credential = engine.createDatabase(main.address());
            tx.executeWithoutResult(status -> {
                Branch ready = branches.findById(main.getId()).orElseThrow();
                ready.markReady(credential.username(), engines.seal(credential), clock.instant());
                events.publishEvent(new DatabaseEvents.DatabaseCreated(name, engine.id()));
                events.publishEvent(new DatabaseEvents.BranchCreated(name, main.getName(), null));
            });
        }
        catch (RuntimeException e) {
            engine.dropDatabase(main.address(), null);
            tx.executeWithoutResult(status -> {
                branches.deleteById(main.getId());
                databases.deleteById(main.getDatabase().getId());
            });
            throw new DomainException.Conflict("engine_error", "Could not create " + name + " on " + engine.id()
                    + ": " + e.getMessage());
        }
        return get(name);
    }

    public ManagedDatabase updateSettings(String name, DatabaseSettings settings) {
        BranchAccess.require(Role.OPERATOR, "change database settings");
        return tx.execute(status -> {
            ManagedDatabase database = get(name);
            String change = database.apply(settings);
            if (!change.isEmpty()) {
                events.publishEvent(new DatabaseEvents.DatabaseSettingsChanged(name, change));
            }
            return database;
        });
    }
}
