package dev.loopline.database.api;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.loopline.common.Paging;
import dev.loopline.common.Paging.PagedList;
import dev.loopline.database.DatabaseService;
import dev.loopline.database.ManagedDatabase;
import dev.loopline.database.ManagedDatabase.DatabaseSettings;
import dev.loopline.database.api.DatabaseJson.DatabaseResponse;

/** {@code /api/v1/databases} as API.md describes it. */
@RestController
@RequestMapping("/api/v1/databases")
class DatabaseApiController {

    private final DatabaseService databases;

    DatabaseApiController(DatabaseService databases) {
        this.databases = databases;
    }

    record CreateDatabaseRequest(String name, String engine, Integer requiredApprovals, Integer revertWindowMinutes,
            Boolean allowDataBranching) {
    }

    record UpdateDatabaseRequest(Integer requiredApprovals, Integer revertWindowMinutes, Boolean allowDataBranching) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    DatabaseResponse create(@RequestBody CreateDatabaseRequest request) {
        DatabaseSettings defaults = DatabaseSettings.defaults();
        DatabaseSettings settings = new DatabaseSettings(
                request.requiredApprovals() == null ? defaults.requiredApprovals() : request.requiredApprovals(),
                request.revertWindowMinutes() == null ? defaults.revertWindowMinutes() : request.revertWindowMinutes(),
                request.allowDataBranching() == null ? defaults.allowDataBranching() : request.allowDataBranching());
        return DatabaseResponse.of(databases.create(request.name(), request.engine(), settings));
    }

    @GetMapping
    PagedList<DatabaseResponse> list(Paging paging) {
        return paging.page(databases.list(), DatabaseResponse::of);
    }

    @GetMapping("/{database}")
    DatabaseResponse get(@PathVariable String database) {
        return DatabaseResponse.of(databases.get(database));
    }

    @PatchMapping("/{database}")
    DatabaseResponse update(@PathVariable String database, @RequestBody UpdateDatabaseRequest request) {
        ManagedDatabase current = databases.get(database);
        DatabaseSettings settings = new DatabaseSettings(
                request.requiredApprovals() == null ? current.getRequiredApprovals() : request.requiredApprovals(),
                request.revertWindowMinutes() == null ? current.getRevertWindowMinutes() : request.revertWindowMinutes(),
                request.allowDataBranching() == null ? current.isAllowDataBranching() : request.allowDataBranching());
        return DatabaseResponse.of(databases.updateSettings(database, settings));
    }
}
