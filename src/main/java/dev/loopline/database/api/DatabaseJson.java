package dev.loopline.database.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.loopline.database.Branch;
import dev.loopline.database.BranchPassword;
import dev.loopline.database.ManagedDatabase;
import dev.loopline.engine.ScriptResult;
import dev.loopline.schema.SchemaSnapshot;

/** The API's shapes of databases, branches, passwords, schemas and console results (snake_case on the wire). */
final class DatabaseJson {

    private DatabaseJson() {
    }


    record DatabaseResponse(String name, String engine, String defaultBranch, int requiredApprovals,
            int revertWindowMinutes, boolean allowDataBranching, Instant createdAt) {
        static DatabaseResponse of(ManagedDatabase d) {
            return new DatabaseResponse(d.getName(), d.getEngine(), d.getDefaultBranch(), d.getRequiredApprovals(),
                    d.getRevertWindowMinutes(), d.isAllowDataBranching(), d.getCreatedAt());
        }
    }

    record BranchResponse(String name, String parentBranch, boolean production, boolean safeMigrations, String state,
            String failureReason, Long backupId, Integer restorePercentage, Long iterationId, Instant createdAt,
            Instant readyAt, Instant expiresAt) {
        static BranchResponse of(Branch b) {
            return new BranchResponse(b.getName(), b.getParentBranch(), b.isProduction(), b.isSafeMigrations(),
                    b.getState().apiName(), b.getFailureReason(), b.getBackupId(), b.getRestorePercentage(),
                    b.getIterationId(), b.getCreatedAt(), b.getReadyAt(), b.getExpiresAt());
        }
    }

    record PasswordResponse(long id, String name, String role, String username, String createdBy, Instant createdAt,
            Instant expiresAt) {
        static PasswordResponse of(BranchPassword p) {
            return new PasswordResponse(p.getId(), p.getName(), p.getRole().apiName(), p.getUsername(), p.getCreatedBy(),
                    p.getCreatedAt(), p.getExpiresAt());
        }
    }

    record CreatedPasswordResponse(long id, String name, String role, String username, String plainText, String host,
            int port, String jdbcUrl, Instant expiresAt) {
    }

    /** {@code identity}: its sequence ({@code generation, start, increment, minimum, maximum, cycle, cache, current}). */
    record ColumnJson(String name, String type, boolean nullable, @JsonProperty("default") String defaultValue,
            SchemaSnapshot.Identity identity, String generated, String onUpdate, String comment) {
    }

    record CheckJson(String name, String expression, String comment) {
    }

    /** {@code ordering}: per column, {@code ""} (ascending), {@code "DESC"}, {@code "NULLS LAST"}, … */
    record IndexJson(String name, List<String> columns, boolean unique, List<String> ordering, String comment) {
    }

    record ForeignKeyJson(String name, List<String> columns, String referencedTable, List<String> referencedColumns,
            String onDelete, String onUpdate, String comment) {
    }

    record TableJson(String name, List<ColumnJson> columns, List<String> primaryKey, List<IndexJson> indexes,
            List<ForeignKeyJson> foreignKeys, List<CheckJson> checks, String comment) {
        static TableJson of(SchemaSnapshot.Table t) {
            return new TableJson(t.name(),
                    t.columns().stream().map(c -> new ColumnJson(c.name(), c.type(), c.nullable(), c.defaultValue(),
                            c.identity(), c.generated(), c.onUpdate(), c.comment())).toList(),
                    t.primaryKey(), t.indexes().stream().map(i -> new IndexJson(i.name(), i.columns(), i.unique(), i.ordering(),
                            i.comment())).toList(),
                    t.foreignKeys().stream().map(f -> new ForeignKeyJson(f.name(), f.columns(), f.referencedTable(),
                            f.referencedColumns(), f.onDelete(), f.onUpdate(), f.comment())).toList(),
                    t.checks().stream().map(c -> new CheckJson(c.name(), c.expression(), c.comment())).toList(), t.comment());
        }
    }

    /** A branch's schema: the tables of {@code PUBLIC}, the DDL of everything, and the schema-level objects. */
    record SchemaResponse(List<TableJson> tables, String ddl, List<dev.loopline.schema.SchemaSnapshot.View> views,
            List<dev.loopline.schema.SchemaSnapshot.Sequence> sequences,
            List<dev.loopline.schema.SchemaSnapshot.Domain> domains,
            List<dev.loopline.schema.SchemaSnapshot.UserSchema> schemas,
            List<dev.loopline.schema.SchemaSnapshot.UnsupportedObject> unsupportedObjects) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StatementJson(String statement, Integer updateCount, List<String> columns, List<List<String>> rows,
            Boolean truncated) {
        static StatementJson of(ScriptResult.StatementResult r) {
            return r.isQuery() ? new StatementJson(r.statement(), null, r.columns(), r.rows(), r.truncated())
                    : new StatementJson(r.statement(), r.updateCount(), null, null, null);
        }
    }

    record ScriptResponse(List<StatementJson> results) {
    }

    record ScriptErrorResponse(String code, String message, int statementIndex, String statement,
            List<StatementJson> results) {

        /** The database's message quotes the failing statement; the statement has its own field, so cut it short. */
        ScriptErrorResponse {
            message = new dev.loopline.common.ApiError(code, message).message();
        }
    }
}
