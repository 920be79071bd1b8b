package dev.loopline.deployrequest;

import java.time.Duration;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.loopline.database.Branch;
import dev.loopline.database.BranchService;
import dev.loopline.engine.DataCheck;
import dev.loopline.schema.LintFinding;
import dev.loopline.schema.LintFinding.Severity;
import dev.loopline.schema.SqlNames;

/**
 * Data-aware lint: whether the target's rows can take a deploy's table changes, asked of the engine with bounded
 * scans ({@code loopline.deploy.data-check.max-rows} rows per table, default 1,000,000;
 * {@code loopline.deploy.data-check.timeout} per scan, default 10 s). Errors: {@code duplicate_values},
 * {@code null_values}, {@code values_do_not_fit}, {@code foreign_key_violations}, {@code check_violations}; a table
 * not checked fully is the warning {@code data_not_fully_checked}.
 */
@Component
class DataLint {

    private final BranchService branches;
    private final DataCheck.Limits limits;

    DataLint(BranchService branches, @Value("${loopline.deploy.data-check.max-rows:1000000}") long maxRows,
            @Value("${loopline.deploy.data-check.timeout:10s}") Duration timeout) {
        this.branches = branches;
        this.limits = new DataCheck.Limits(maxRows, timeout);
    }

    /** The findings for changing {@code changes} on {@code into}; empty when there is nothing to check. */
    List<LintFinding> check(Branch into, List<DataCheck.Change> changes) {
        if (changes.isEmpty()) {
            return List.of();
        }
        return branches.checkData(into, changes, limits).stream().map(f -> lint(f, into.getName())).toList();
    }

    static LintFinding lint(DataCheck.Finding f, String into) {
        boolean inPublic = dev.loopline.schema.SchemaSnapshot.PUBLIC.equals(f.schema());
        String t = inPublic ? SqlNames.quote(f.table()) : SqlNames.qualified(f.schema(), f.table());
        // findings name a table of another schema SCHEMA.TABLE, as the diff does
        String table = inPublic ? f.table() : t;
        String columns = SqlNames.list(f.columns());
        String examples = f.examples().isEmpty() ? "" : ", e.g. " + String.join("; ", f.examples());
        String count = f.count() < 0 ? "Some" : String.format("%,d", f.count());
        return switch (f.kind()) {
            case DUPLICATE_VALUES -> error("duplicate_values", table, "The new unique key on " + t + " (" + columns
                    + ") cannot be built: " + into + " has " + count + " group(s) of duplicate values" + examples
                    + ". Remove the duplicates on " + into + " first.");
            case NULL_VALUES -> error("null_values", table, "Column " + t + "." + columns + " becomes NOT NULL, but " + count
                    + " row(s) on " + into + " hold NULL in it. Fill them on " + into + " first, or keep the column nullable.");
            case VALUES_DO_NOT_FIT -> error("values_do_not_fit", table, (f.count() < 0 ? "Some values" : count + " value(s)")
                    + " of " + t + "." + columns + " on " + into + " do not fit or do not convert to " + f.detail()
                    + examples + ". Change those rows on " + into + " first, or choose a type that holds them.");
            case FOREIGN_KEY_VIOLATIONS -> error("foreign_key_violations", table, "The new foreign key on " + t + " ("
                    + columns + ") → " + f.detail() + " is violated by " + count + " row(s) on " + into
                    + " that reference no row" + examples + ". Fix or delete those rows on " + into + " first.");
            case CHECK_VIOLATIONS -> error("check_violations", table, "The new check " + f.detail() + " on " + t
                    + " is violated by " + count + " row(s) on " + into + (f.examples().isEmpty() ? ""
                            : " (key " + columns + examples + ")") + ". Fix those rows on " + into + " first, or change the check.");
            case NOT_FULLY_CHECKED -> new LintFinding(Severity.WARNING, "data_not_fully_checked", table, f.detail()
                    + " Rows past that point may still fail the deploy's copy.");
        };
    }

    private static LintFinding error(String code, String table, String message) {
        return new LintFinding(Severity.ERROR, code, table, message);
    }
}
