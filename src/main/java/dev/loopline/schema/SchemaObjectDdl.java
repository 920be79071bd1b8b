package dev.loopline.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.loopline.schema.SchemaSnapshot.Domain;
import dev.loopline.schema.SchemaSnapshot.DomainCheck;
import dev.loopline.schema.SchemaSnapshot.Sequence;
import dev.loopline.schema.SchemaSnapshot.UserSchema;
import dev.loopline.schema.SchemaSnapshot.View;

/**
 * DDL of the schema-level objects: schemas, domains, sequences, views (in the order their dependencies need), and
 * the tables of schemas other than {@code PUBLIC} (rendered between {@code SET SCHEMA} statements, so that their
 * names, indexes, constraints and references resolve in their own schema).
 */
public final class SchemaObjectDdl {

    private SchemaObjectDdl() {
    }

    public static String createSchema(UserSchema schema) {
        return "CREATE SCHEMA " + SqlNames.quote(schema.name()) + ";";
    }

    public static String dropSchema(String name) {
        return "DROP SCHEMA " + SqlNames.quote(name) + ";";
    }

    public static String createDomain(Domain domain) {
        StringBuilder sql = new StringBuilder("CREATE DOMAIN ").append(domain.qualifiedName()).append(" AS ")
                .append(domain.type());
        if (domain.defaultValue() != null) {
            sql.append(" DEFAULT ").append(domain.defaultValue());
        }
        if (domain.onUpdate() != null) {
            sql.append(" ON UPDATE ").append(domain.onUpdate());
        }
        for (DomainCheck check : domain.checks()) {
            sql.append(" CONSTRAINT ").append(SqlNames.qualified(domain.schema(), check.name())).append(" CHECK (")
                    .append(check.clause()).append(')');
        }
        return sql.append(';').toString();
    }

    public static String dropDomain(Domain domain) {
        return "DROP DOMAIN " + domain.qualifiedName() + ";";
    }

    /** The statements that change a domain in place, or {@code null} when its type changed (drop and create it). */
    static List<String> alterDomain(Domain from, Domain to) {
        if (!from.type().equals(to.type())) {
            return null;
        }
        String d = to.qualifiedName();
        List<String> statements = new ArrayList<>();
        for (DomainCheck check : from.checks()) {
            if (!to.checks().contains(check)) {
                statements.add("ALTER DOMAIN " + d + " DROP CONSTRAINT " + SqlNames.qualified(to.schema(), check.name()) + ";");
            }
        }
        if (!java.util.Objects.equals(from.defaultValue(), to.defaultValue())) {
            statements.add("ALTER DOMAIN " + d + (to.defaultValue() == null ? " DROP DEFAULT;" : " SET DEFAULT "
                    + to.defaultValue() + ";"));
        }
        if (!java.util.Objects.equals(from.onUpdate(), to.onUpdate())) {
            statements.add("ALTER DOMAIN " + d + (to.onUpdate() == null ? " DROP ON UPDATE;" : " SET ON UPDATE "
                    + to.onUpdate() + ";"));
        }
        for (DomainCheck check : to.checks()) {
            if (!from.checks().contains(check)) {
                statements.add("ALTER DOMAIN " + d + " ADD CONSTRAINT " + SqlNames.qualified(to.schema(), check.name())
                        + " CHECK (" + check.clause() + ");");
            }
        }
        return statements;
    }

    public static String createSequence(Sequence sequence) {
        StringBuilder sql = new StringBuilder("CREATE SEQUENCE ").append(sequence.qualifiedName()).append(" AS ")
                .append(sequence.dataType()).append(" START WITH ").append(sequence.start());
        if (sequence.current() != null && sequence.current() != sequence.start()) {
            sql.append(" RESTART WITH ").append(sequence.current());
        }
        return sql.append(options(sequence)).append(';').toString();
    }

    private static String options(Sequence sequence) {
        return " INCREMENT BY " + sequence.increment() + " MINVALUE " + sequence.minValue() + " MAXVALUE "
                + sequence.maxValue() + (sequence.cycle() ? " CYCLE" : " NO CYCLE") + (sequence.cache() <= 1 ? " NO CACHE"
                : " CACHE " + sequence.cache());
    }

    /** Changes a sequence's definition; its counter stays where the target has it. */
    static String alterSequence(Sequence from, Sequence to) {
        if (!from.dataType().equals(to.dataType())) {
            return null;
        }
        return "ALTER SEQUENCE " + to.qualifiedName() + " START WITH " + to.start() + options(to) + ";";
    }

    public static String dropSequence(Sequence sequence) {
        return "DROP SEQUENCE " + sequence.qualifiedName() + ";";
    }

    public static String createView(View view) {
        return "CREATE VIEW " + view.qualifiedName() + " (" + SqlNames.list(view.columns()) + ") AS\n" + view.query() + ";";
    }

    public static String dropView(View view) {
        return "DROP VIEW " + view.qualifiedName() + ";";
    }

    /** {@code SET SCHEMA} for the statements of a schema's tables, and back. */
    static List<String> inSchema(String schema, List<String> statements) {
        List<String> wrapped = new ArrayList<>();
        wrapped.add("SET SCHEMA " + SqlNames.quote(schema) + ";");
        wrapped.addAll(statements);
        wrapped.add("SET SCHEMA PUBLIC;");
        return wrapped;
    }

    /** How a view's query names an object: {@code "PUBLIC"."ORDERS"}, as the engine normalizes it. */
    static String reference(String schema, String name) {
        return "\"" + schema.replace("\"", "\"\"") + "\".\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** Whether a view's query reads the table or view {@code schema.name}. */
    static boolean reads(View view, String schema, String name) {
        return view.query().contains(reference(schema, name));
    }

    /**
     * The views in the order to create them: every view after the views it reads; otherwise by schema and name.
     * A cycle (which the engine would not allow) falls back to name order.
     */
    public static List<View> creationOrder(List<View> views) {
        Map<View, Set<View>> needs = new LinkedHashMap<>();
        for (View view : views) {
            Set<View> reads = new LinkedHashSet<>();
            for (View other : views) {
                if (other != view && reads(view, other.schema(), other.name())) {
                    reads.add(other);
                }
            }
            needs.put(view, reads);
        }
        List<View> ordered = new ArrayList<>();
        while (ordered.size() < views.size()) {
            View next = views.stream().filter(v -> !ordered.contains(v) && ordered.containsAll(needs.get(v))).findFirst()
                    .orElseGet(() -> views.stream().filter(v -> !ordered.contains(v)).findFirst().orElseThrow());
            ordered.add(next);
        }
        return ordered;
    }

    /** The views that read any of {@code objects} (schema, name pairs), directly or through other views. */
    static Set<View> dependents(List<View> views, Set<List<String>> objects) {
        Set<View> found = new LinkedHashSet<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (View view : views) {
                if (found.contains(view)) {
                    continue;
                }
                boolean reads = objects.stream().anyMatch(o -> reads(view, o.get(0), o.get(1)))
                        || found.stream().anyMatch(f -> reads(view, f.schema(), f.name()));
                if (reads) {
                    found.add(view);
                    grew = true;
                }
            }
        }
        return found;
    }

    /**
     * The whole DDL of the schema-level objects around the {@code PUBLIC} tables' DDL: schemas, domains and
     * sequences first, then {@code publicTables}, then the other schemas' tables, then the views.
     */
    static String render(SchemaSnapshot schema, String publicTables) {
        List<String> before = new ArrayList<>();
        schema.schemas().forEach(s -> before.add(createSchema(s)));
        domainOrder(schema.domains()).forEach(d -> before.add(createDomain(d)));
        schema.sequences().forEach(s -> before.add(createSequence(s)));
        List<String> after = new ArrayList<>();
        for (UserSchema user : schema.schemas()) {
            if (!user.tables().isEmpty()) {
                after.addAll(inSchema(user.name(), List.of(DdlRenderer.tables(user.tables(), schema.domains()))));
            }
        }
        creationOrder(schema.views()).forEach(v -> after.add(createView(v)));
        StringBuilder ddl = new StringBuilder();
        if (!before.isEmpty()) {
            ddl.append(String.join("\n", before)).append("\n\n");
        }
        ddl.append(publicTables);
        if (!after.isEmpty()) {
            ddl.append(publicTables.isEmpty() ? "" : "\n\n").append(String.join("\n", after));
        }
        return ddl.toString().trim();
    }

    /** Domains after the domains they are based on. */
    static List<Domain> domainOrder(List<Domain> domains) {
        List<Domain> ordered = new ArrayList<>();
        while (ordered.size() < domains.size()) {
            Domain next = domains.stream().filter(d -> !ordered.contains(d) && domains.stream().noneMatch(p ->
                    !ordered.contains(p) && p != d && isBasedOn(d, p))).findFirst()
                    .orElseGet(() -> domains.stream().filter(d -> !ordered.contains(d)).findFirst().orElseThrow());
            ordered.add(next);
        }
        return ordered;
    }

    private static boolean isBasedOn(Domain domain, Domain parent) {
        return domain.type().equals(reference(parent.schema(), parent.name()));
    }
}
