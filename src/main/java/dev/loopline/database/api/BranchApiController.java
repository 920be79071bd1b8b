package dev.loopline.database.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.loopline.common.DomainException;

import dev.loopline.common.Paging;
import dev.loopline.common.Paging.PagedList;import dev.loopline.database.Branch;
import dev.loopline.database.BranchPasswordService;
import dev.loopline.database.BranchRestoreService;
import dev.loopline.database.BranchService;
import dev.loopline.database.SqlConsole;
import dev.loopline.database.api.DatabaseJson.BranchResponse;
import dev.loopline.database.api.DatabaseJson.CreatedPasswordResponse;
import dev.loopline.database.api.DatabaseJson.PasswordResponse;
import dev.loopline.database.api.DatabaseJson.SchemaResponse;
import dev.loopline.database.api.DatabaseJson.ScriptErrorResponse;
import dev.loopline.database.api.DatabaseJson.ScriptResponse;
import dev.loopline.database.api.DatabaseJson.StatementJson;
import dev.loopline.database.api.DatabaseJson.TableJson;
import dev.loopline.engine.ScriptResult;
import dev.loopline.schema.DdlRenderer;
import dev.loopline.schema.SchemaSnapshot;

/** Branches, their passwords, schema and SQL under {@code /api/v1/databases/{db}/branches}. */
@RestController
@RequestMapping("/api/v1/databases/{database}/branches")
class BranchApiController {

    private final BranchService branches;
    private final BranchPasswordService passwords;
    private final SqlConsole console;
    private final BranchRestoreService restores;
    private final dev.loopline.database.BranchExpiry expiry;

    BranchApiController(BranchService branches, BranchPasswordService passwords, SqlConsole console,
            BranchRestoreService restores, dev.loopline.database.BranchExpiry expiry) {
        this.expiry = expiry;
        this.restores = restores;
        this.branches = branches;
        this.passwords = passwords;
        this.console = console;
    }

    private static final java.time.Duration MAX_WAIT = java.time.Duration.ofMinutes(10);

    record CreateBranchRequest(String name, String parentBranch, Long backupId, String seedData,
            Integer deleteAfterMinutes) {
    }

    record CreatePasswordRequest(String name, String role, Long ttlSeconds) {
    }

    @GetMapping
    PagedList<BranchResponse> list(@PathVariable String database, Paging paging) {
        return paging.page(branches.list(database), BranchResponse::of);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    BranchResponse create(@PathVariable String database, @RequestBody CreateBranchRequest request,
            @org.springframework.web.bind.annotation.RequestParam(defaultValue = "false") boolean wait) {
        dev.loopline.database.BranchExpiry.requireMinutes(request.deleteAfterMinutes());
        if (request.backupId() != null || request.seedData() != null) {
            Branch pending = expiry.expireAfter(restores.create(database, request.name(), request.parentBranch(),
                    request.backupId(), request.seedData()), request.deleteAfterMinutes());
            return BranchResponse.of(wait ? restores.awaitSettled(database, pending.getName(), MAX_WAIT) : pending);
        }
        return BranchResponse.of(expiry.expireAfter(branches.create(database, request.name(), request.parentBranch()),
                request.deleteAfterMinutes()));
    }

    @GetMapping("/{branch}")
    BranchResponse get(@PathVariable String database, @PathVariable String branch) {
        return BranchResponse.of(branches.get(database, branch));
    }

    @DeleteMapping("/{branch}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String database, @PathVariable String branch) {
        branches.delete(database, branch);
    }

    @PostMapping("/{branch}/safe-migrations")
    BranchResponse enableSafeMigrations(@PathVariable String database, @PathVariable String branch) {
        return BranchResponse.of(branches.setSafeMigrations(database, branch, true));
    }

    @DeleteMapping("/{branch}/safe-migrations")
    BranchResponse disableSafeMigrations(@PathVariable String database, @PathVariable String branch) {
        return BranchResponse.of(branches.setSafeMigrations(database, branch, false));
    }

    @PostMapping("/{branch}/promote")
    BranchResponse promote(@PathVariable String database, @PathVariable String branch) {
        return BranchResponse.of(branches.promote(database, branch));
    }

    @PostMapping("/{branch}/demote")
    BranchResponse demote(@PathVariable String database, @PathVariable String branch) {
        return BranchResponse.of(branches.demote(database, branch));
    }

    @GetMapping("/{branch}/schema")
    SchemaResponse schema(@PathVariable String database, @PathVariable String branch) {
        Branch found = branches.get(database, branch);
        SchemaSnapshot schema = branches.schema(found);
        return new SchemaResponse(schema.tables().stream().map(TableJson::of).toList(), DdlRenderer.render(schema),
                schema.views(), schema.sequences(), schema.domains(), schema.schemas(), schema.unsupported());
    }

    @PostMapping("/{branch}/passwords")
    @ResponseStatus(HttpStatus.CREATED)
    CreatedPasswordResponse createPassword(@PathVariable String database, @PathVariable String branch,
            @RequestBody CreatePasswordRequest request) {
        var created = passwords.create(database, branch, request.name(), request.role(), request.ttlSeconds());
        var p = created.password();
        return new CreatedPasswordResponse(p.getId(), p.getName(), p.getRole().apiName(), p.getUsername(),
                created.plainText(), created.connection().host(), created.connection().port(),
                created.connection().jdbcUrl(), p.getExpiresAt());
    }

    @GetMapping("/{branch}/passwords")
    PagedList<PasswordResponse> listPasswords(@PathVariable String database, @PathVariable String branch,
            Paging paging) {
        return paging.page(passwords.list(database, branch), PasswordResponse::of);
    }

    @DeleteMapping("/{branch}/passwords/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deletePassword(@PathVariable String database, @PathVariable String branch, @PathVariable long id) {
        passwords.delete(database, branch, id);
    }

    /** Runs a SQL script sent as text/plain; a failing statement answers 400 with the statement and the results before it. */
    @PostMapping(path = "/{branch}/sql", consumes = {MediaType.TEXT_PLAIN_VALUE, "application/sql"})
    ResponseEntity<?> sql(@PathVariable String database, @PathVariable String branch, @RequestBody String script) {
        ScriptResult result = console.run(database, branch, script);
        var results = result.results().stream().map(StatementJson::of).toList();
        if (result.failed()) {
            var error = result.error();
            return ResponseEntity.badRequest().body(new ScriptErrorResponse("sql_error", "Statement "
                    + (error.index() + 1) + " failed: " + error.message(), error.index(), error.statement(), results));
        }
        return ResponseEntity.ok(new ScriptResponse(results));
    }
}
