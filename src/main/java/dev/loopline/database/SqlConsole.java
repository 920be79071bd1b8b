package dev.loopline.database;

import java.util.List;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import dev.loopline.common.DomainException;
import dev.loopline.engine.DatabaseEngine;
import dev.loopline.engine.DatabaseEngine.ScriptRights;
import dev.loopline.engine.ScriptResult;

/**
 * The SQL console (PlanetScale's {@code shell}): runs a script on a branch, always as one of Loopline's non-admin
 * engine users — the schema owner on development branches, the data-only user on branches with safe migrations — so
 * the database itself refuses host functions, Java, files, settings and user management whoever asks. On a branch
 * with safe migrations the script is also refused before it runs if any statement changes the schema; statements
 * the engine names in {@link dev.loopline.engine.DatabaseEngine#refusal} are refused everywhere ({@code 422}).
 */
@Service
public class SqlConsole {

    public static final int MAX_ROWS = 500;
    public static final int MAX_SCRIPT_CHARS = 1_000_000;

    private final BranchService branches;
    private final EngineAccess engines;
    private final ApplicationEventPublisher events;

    SqlConsole(BranchService branches, EngineAccess engines, ApplicationEventPublisher events) {
        this.branches = branches;
        this.engines = engines;
        this.events = events;
    }

    public ScriptResult run(String database, String branchName, String script) {
        Branch branch = branches.get(database, branchName);
        BranchAccess.requireWorkOn(branch, "use the SQL console");
        branch.requireReady();
        if (script == null || script.isBlank()) {
            throw new DomainException.InvalidInput("empty_script", "Write at least one SQL statement.");
        }
        if (script.length() > MAX_SCRIPT_CHARS) {
            throw new DomainException.InvalidInput("script_too_large", "Scripts are limited to " + MAX_SCRIPT_CHARS
                    + " characters; load larger data with a password and your own client.");
        }
        ScriptLimits.check(script);
        DatabaseEngine engine = engines.engineOf(branch);
        List<String> statements = engine.splitScript(script);
        if (statements.isEmpty()) {
            throw new DomainException.InvalidInput("empty_script", "The script holds only comments.");
        }
        for (String statement : statements) {
            engine.refusal(statement).ifPresent(why -> {
                throw new DomainException.Refused("statement_refused", why + " Refused statement: " + abbreviate(statement));
            });
        }
        if (branch.isSafeMigrations()) {
            statements.stream().filter(engine::isSchemaChange).findFirst().ifPresent(ddl -> {
                throw new DomainException.Refused("direct_ddl_disabled", "Direct schema changes are disabled on "
                        + branchName + " because safe migrations are on. Make the change on a development branch and "
                        + "open a deploy request. Refused statement: " + abbreviate(ddl));
            });
        }
        ScriptResult result = engine.runScript(branch.address(), engines.credentialOf(branch), script,
                branch.isSafeMigrations() ? ScriptRights.DATA_ONLY : ScriptRights.SCHEMA_OWNER, MAX_ROWS);
        if (!branch.isSafeMigrations() && statements.stream().anyMatch(engine::isSchemaChange)) {
            branches.grantDataRights(branch); // a schema the script made is reached by the branch's passwords too
        }
        events.publishEvent(new DatabaseEvents.SqlExecuted(database, branchName,
                result.results().size() + (result.failed() ? 1 : 0), statements.get(0), result.failed()));
        return result;
    }

    static String abbreviate(String statement) {
        String oneLine = statement.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 200 ? oneLine.substring(0, 197) + "..." : oneLine;
    }
}
