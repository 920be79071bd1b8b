package dev.loopline.deployrequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.loopline.database.OnlineChange;
import dev.loopline.engine.ShadowPlan;
import dev.loopline.schema.SchemaDiff;
import dev.loopline.schema.SchemaSnapshot;
import tools.jackson.databind.json.JsonMapper;

/**
 * The schema-level objects of a deployment (views, sequences, domains, schemas). Each step compares the target as it
 * is now with the schema wanted (the deploy's result, or on revert the target as it was), so a step run again after
 * a crash or a failed cutover attempt does only what is still to do. New schemas, domains and sequences come before
 * the copy; views that are dropped, redefined or read a swapped table are dropped and created again inside the
 * cutover pause; sequences, domains and schemas go when the revert window closes (parked tables may still use them).
 */
final class SchemaObjectSteps {

    private final JsonMapper json;

    SchemaObjectSteps(JsonMapper json) {
        this.json = json;
    }

    /** The deploy's result; {@code null} for deployments queued before objects were deployed (tables only). */
    SchemaSnapshot result(Deployment deployment) {
        return deployment.getResultSchema() == null ? null : json.readValue(deployment.getResultSchema(), SchemaSnapshot.class);
    }

    /** The target as it was when the deploy was queued, or {@code null} as for {@link #result}. */
    SchemaSnapshot original(Deployment deployment) {
        return deployment.getTargetSchema() == null ? null : json.readValue(deployment.getTargetSchema(), SchemaSnapshot.class);
    }

    /** Creates (or changes) the schemas, domains and sequences {@code wanted} needs before tables are created. */
    void prepare(OnlineChange target, SchemaSnapshot wanted) {
        if (wanted == null) {
            return;
        }
        List<String> statements = SchemaDiff.between(target.schema(), wanted).prepare();
        if (!statements.isEmpty()) {
            target.run(statements);
        }
    }

    /** Swaps the tables, dropping and creating again the views that need it in the same pause. */
    Duration swap(OnlineChange target, List<ShadowPlan> plans, Duration lockTimeout, boolean forward, SchemaSnapshot wanted) {
        if (wanted == null) {
            return forward ? target.cutOver(plans, lockTimeout) : target.revert(plans, lockTimeout);
        }
        SchemaDiff diff = SchemaDiff.between(target.schema(), wanted);
        // on revert, tables come back (unparked) only after the swap: views are created once they are all there
        List<String> after = forward ? diff.afterTables().stream().filter(s -> s.startsWith("CREATE VIEW ")).toList() : List.of();
        return target.swap(plans, lockTimeout, forward, diff.beforeTables(), after);
    }

    /** Whatever is still to do for {@code wanted}: views still missing, objects no longer wanted dropped. */
    void settle(OnlineChange target, SchemaSnapshot wanted) {
        if (wanted == null) {
            return;
        }
        SchemaDiff diff = SchemaDiff.between(target.schema(), wanted);
        List<String> statements = new ArrayList<>(diff.prepare());
        statements.addAll(diff.beforeTables());
        statements.addAll(diff.afterTables());
        if (!statements.isEmpty()) {
            target.run(statements);
        }
    }
}
