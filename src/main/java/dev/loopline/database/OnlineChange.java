package dev.loopline.database;

import java.time.Duration;
import java.util.List;

import dev.loopline.engine.AdminCredential;
import dev.loopline.engine.BranchDatabase;
import dev.loopline.engine.DatabaseEngine;
import dev.loopline.engine.DatabaseEngine.ScriptRights;
import dev.loopline.engine.EngineException;
import dev.loopline.engine.OnlineMigrator;
import dev.loopline.engine.ShadowPlan;

/**
 * The online schema change primitives bound to one branch, with Loopline's own credential for it inside: other
 * modules (deploy requests) change a branch's schema through this and never hold the credential.
 */
public final class OnlineChange {

    private final DatabaseEngine engine;
    private final OnlineMigrator online;
    private final BranchDatabase database;
    private final AdminCredential admin;

    OnlineChange(DatabaseEngine engine, BranchDatabase database, AdminCredential admin) {
        this.engine = engine;
        this.online = engine.online();
        this.database = database;
        this.admin = admin;
    }

    /**
     * Runs a deploy's DDL as the database's non-admin schema owner (safe migrations do not apply to deploys); throws
     * on the first failing statement, and refuses (nothing run) statements that call host functions.
     */
    public void run(List<String> statements) {
        for (String statement : statements) {
            dev.loopline.engine.HostFunctions.calledIn(statement).ifPresent(function -> {
                throw new dev.loopline.engine.UnsafeSchemaException("deploy this change", List.of(
                        new dev.loopline.engine.HostFunctionUse("statement",
                        SqlConsole.abbreviate(statement), function)));
            });
        }
        var result = engine.runScript(database, admin, String.join("\n", statements), ScriptRights.SCHEMA_OWNER, 1);
        if (result.failed()) {
            throw new EngineException("Statement failed: " + result.error().statement() + " — " + result.error().message(),
                    null);
        }
    }

    public void prepare(ShadowPlan plan) {
        online.prepare(database, admin, plan);
    }

    public long countRows(String schema, String table) {
        return online.countRows(database, admin, schema, table);
    }

    /** A copier for one table's shadow; close it when the copy stops. */
    public OnlineMigrator.Copier copier(ShadowPlan plan) {
        return online.copier(database, admin, plan);
    }

    public Duration cutOver(List<ShadowPlan> plans, Duration lockTimeout) {
        return online.cutOver(database, admin, plans, lockTimeout);
    }

    /** A cutover (or revert) with schema-level DDL in the same pause; see {@link OnlineMigrator#swap}. */
    public Duration swap(List<ShadowPlan> plans, Duration lockTimeout, boolean forward, List<String> before,
            List<String> after) {
        return online.swap(database, admin, plans, lockTimeout, forward, before, after);
    }

    /** The branch's schema as it is now. */
    public dev.loopline.schema.SchemaSnapshot schema() {
        return engine.inspectSchema(database, admin);
    }

    public Duration revert(List<ShadowPlan> plans, Duration lockTimeout) {
        return online.revert(database, admin, plans, lockTimeout);
    }

    /** See {@link OnlineMigrator#revertBlocker}. */
    public java.util.Optional<String> revertBlocker(long migrationId) {
        return online.revertBlocker(database, admin, migrationId);
    }

    public void park(long migrationId, String schema, String table) {
        online.park(database, admin, migrationId, schema, table);
    }

    public void unpark(long migrationId, String schema, String table) {
        online.unpark(database, admin, migrationId, schema, table);
    }

    public void finish(List<ShadowPlan> plans, long migrationId, List<OnlineMigrator.ParkedTable> parked) {
        online.finish(database, admin, plans, migrationId, parked);
    }
}
