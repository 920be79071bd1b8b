package dev.loopline.deployrequest;

import java.util.List;

import dev.loopline.schema.LintFinding;
import dev.loopline.schema.SchemaConflicts.Conflict;
import dev.loopline.schema.SchemaDiff;
import dev.loopline.schema.SchemaSnapshot;

/**
 * A deploy request measured now: the branch's changes since its base, lint findings against the target, and
 * conflicts with what the target changed meanwhile; {@code resultSchema} is what the target will be after the deploy.
 */
public record DeployAnalysis(SchemaDiff diff, List<LintFinding> errors, List<LintFinding> warnings,
        List<Conflict> conflicts, SchemaSnapshot branchSchema, SchemaSnapshot targetSchema, SchemaSnapshot resultSchema) {

    public boolean deployable() {
        return !diff.isEmpty() && errors.isEmpty() && conflicts.isEmpty();
    }
}
