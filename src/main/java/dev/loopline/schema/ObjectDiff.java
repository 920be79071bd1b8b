package dev.loopline.schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import dev.loopline.schema.SchemaSnapshot.Domain;
import dev.loopline.schema.SchemaSnapshot.Sequence;
import dev.loopline.schema.SchemaSnapshot.UserSchema;
import dev.loopline.schema.SchemaSnapshot.View;
import dev.loopline.schema.TableChange.Kind;

/**
 * The schema-level part of a {@link SchemaDiff}: schemas, domains, sequences and views, with statements in three
 * phases around the tables' changes (of every schema). Views that read a changed or dropped table
 * or view are dropped before it changes and created again after (as the target defines them), which is what a
 * plain {@code ALTER} leaves behind. Sequence counters are not compared: a deploy never moves the target's counter.
 */
record ObjectDiff(List<ObjectChange> changes, List<String> prepare, List<String> beforeTables, List<String> afterTables) {

    static ObjectDiff between(SchemaSnapshot from, SchemaSnapshot to, Set<List<String>> changedTables) {
        List<ObjectChange> changes = new ArrayList<>();
        List<String> prepare = new ArrayList<>();
        List<String> beforeTables = new ArrayList<>();
        List<String> afterTables = new ArrayList<>();
        List<String> dropsAfter = new ArrayList<>();

        for (UserSchema schema : to.schemas()) {
            if (from.schemas().stream().noneMatch(s -> s.name().equals(schema.name()))) {
                String sql = SchemaObjectDdl.createSchema(schema);
                prepare.add(sql);
                changes.add(new ObjectChange("schema", SqlNames.quote(schema.name()), Kind.CREATE, List.of(sql),
                        List.of("+ schema " + SqlNames.quote(schema.name()))));
            }
        }
        for (Domain domain : SchemaObjectDdl.domainOrder(to.domains())) {
            Optional<Domain> before = find(from.domains(), domain.schema(), domain.name(), Domain::schema, Domain::name);
            if (before.isEmpty()) {
                String sql = SchemaObjectDdl.createDomain(domain);
                prepare.add(sql);
                changes.add(new ObjectChange("domain", domain.qualifiedName(), Kind.CREATE, List.of(sql),
                        List.of("+ domain " + domain.qualifiedName() + " " + domain.type())));
            }
            else if (!before.get().equals(domain)) {
                List<String> sql = SchemaObjectDdl.alterDomain(before.get(), domain);
                if (sql == null) {
                    sql = List.of(SchemaObjectDdl.dropDomain(before.get()), SchemaObjectDdl.createDomain(domain));
                }
                else if (!java.util.Objects.equals(before.get().defaultValue(), domain.defaultValue())
                        || !java.util.Objects.equals(before.get().onUpdate(), domain.onUpdate())) {
                    sql = new ArrayList<>(sql);
                    sql.addAll(keepColumnsOwnDefaults(from, to, domain));
                }
                prepare.addAll(sql);
                changes.add(new ObjectChange("domain", domain.qualifiedName(), Kind.ALTER, sql, List.of("~ domain "
                        + domain.qualifiedName() + " " + describe(before.get()) + " → " + describe(domain))));
            }
        }
        for (Sequence sequence : to.sequences()) {
            Optional<Sequence> before = find(from.sequences(), sequence.schema(), sequence.name(), Sequence::schema,
                    Sequence::name);
            if (before.isEmpty()) {
                String sql = SchemaObjectDdl.createSequence(sequence.definition());
                prepare.add(sql);
                changes.add(new ObjectChange("sequence", sequence.qualifiedName(), Kind.CREATE, List.of(sql),
                        List.of("+ sequence " + sequence.qualifiedName())));
            }
            else if (!before.get().definition().equals(sequence.definition())) {
                String alter = SchemaObjectDdl.alterSequence(before.get(), sequence);
                List<String> sql = alter != null ? List.of(alter) : List.of(SchemaObjectDdl.dropSequence(before.get()),
                        SchemaObjectDdl.createSequence(sequence.definition()));
                prepare.addAll(sql);
                changes.add(new ObjectChange("sequence", sequence.qualifiedName(), Kind.ALTER, sql,
                        List.of("~ sequence " + sequence.qualifiedName())));
            }
        }

        // views: dropped, changed, or reading something that changes → dropped before, created again after
        Set<View> rebuilt = new HashSet<>();
        for (View view : from.views()) {
            Optional<View> after = find(to.views(), view.schema(), view.name(), View::schema, View::name);
            if (after.isEmpty() || !after.get().equals(view)) {
                rebuilt.add(view);
            }
        }
        Set<List<String>> changedReadables = new HashSet<>(changedTables);
        rebuilt.forEach(v -> changedReadables.add(List.of(v.schema(), v.name())));
        rebuilt.addAll(SchemaObjectDdl.dependents(from.views(), changedReadables));
        List<View> dropOrder = new ArrayList<>(SchemaObjectDdl.creationOrder(from.views()));
        java.util.Collections.reverse(dropOrder);
        for (View view : dropOrder) {
            if (rebuilt.contains(view)) {
                beforeTables.add(SchemaObjectDdl.dropView(view));
            }
        }
        for (View view : SchemaObjectDdl.creationOrder(to.views())) {
            Optional<View> before = find(from.views(), view.schema(), view.name(), View::schema, View::name);
            if (before.isEmpty() || rebuilt.contains(before.get())) {
                afterTables.add(SchemaObjectDdl.createView(view));
                Kind kind = before.isEmpty() ? Kind.CREATE : Kind.ALTER;
                String line = before.isEmpty() ? "+ view " + view.qualifiedName()
                        : before.get().equals(view) ? "~ view " + view.qualifiedName() + " created again (it reads a changed table or view)"
                        : "~ view " + view.qualifiedName() + " redefined";
                List<String> sql = before.isEmpty() ? List.of(SchemaObjectDdl.createView(view))
                        : List.of(SchemaObjectDdl.dropView(before.get()), SchemaObjectDdl.createView(view));
                changes.add(new ObjectChange("view", view.qualifiedName(), kind, sql, List.of(line)));
            }
        }
        for (View view : from.views()) {
            if (find(to.views(), view.schema(), view.name(), View::schema, View::name).isEmpty()) {
                changes.add(new ObjectChange("view", view.qualifiedName(), Kind.DROP, List.of(SchemaObjectDdl.dropView(view)),
                        List.of("- view " + view.qualifiedName())));
            }
        }

        for (Sequence sequence : from.sequences()) {
            if (find(to.sequences(), sequence.schema(), sequence.name(), Sequence::schema, Sequence::name).isEmpty()) {
                String sql = SchemaObjectDdl.dropSequence(sequence);
                dropsAfter.add(sql);
                changes.add(new ObjectChange("sequence", sequence.qualifiedName(), Kind.DROP, List.of(sql),
                        List.of("- sequence " + sequence.qualifiedName())));
            }
        }
        List<Domain> domainDrops = new ArrayList<>(SchemaObjectDdl.domainOrder(from.domains()));
        java.util.Collections.reverse(domainDrops);
        for (Domain domain : domainDrops) {
            if (find(to.domains(), domain.schema(), domain.name(), Domain::schema, Domain::name).isEmpty()) {
                String sql = SchemaObjectDdl.dropDomain(domain);
                dropsAfter.add(sql);
                changes.add(new ObjectChange("domain", domain.qualifiedName(), Kind.DROP, List.of(sql),
                        List.of("- domain " + domain.qualifiedName())));
            }
        }
        for (UserSchema schema : from.schemas()) {
            if (to.schemas().stream().noneMatch(s -> s.name().equals(schema.name()))) {
                String sql = SchemaObjectDdl.dropSchema(schema.name());
                dropsAfter.add(sql);
                changes.add(new ObjectChange("schema", SqlNames.quote(schema.name()), Kind.DROP, List.of(sql),
                        List.of("- schema " + SqlNames.quote(schema.name()))));
            }
        }
        afterTables.addAll(dropsAfter);
        return new ObjectDiff(changes, prepare, beforeTables, afterTables);
    }

    /**
     * H2 (as the standard says) copies a domain's old default and {@code ON UPDATE} into the columns of that domain
     * that had none of their own when the domain's are changed; the target's columns inherit the new ones instead.
     */
    private static List<String> keepColumnsOwnDefaults(SchemaSnapshot from, SchemaSnapshot to, Domain domain) {
        String type = SchemaObjectDdl.reference(domain.schema(), domain.name());
        List<String> statements = new ArrayList<>();
        List<List<Object>> owners = new ArrayList<>();
        to.tables().forEach(t -> owners.add(List.of(SchemaSnapshot.PUBLIC, t)));
        to.schemas().forEach(s -> s.tables().forEach(t -> owners.add(List.of(s.name(), t))));
        for (List<Object> owner : owners) {
            String schema = (String) owner.get(0);
            SchemaSnapshot.Table table = (SchemaSnapshot.Table) owner.get(1);
            List<SchemaSnapshot.Table> before = SchemaSnapshot.PUBLIC.equals(schema) ? from.tables()
                    : schemaTables(from, schema);
            for (SchemaSnapshot.Column column : table.columns()) {
                boolean existed = before.stream().filter(t -> t.name().equals(table.name())).flatMap(t -> t.columns().stream())
                        .anyMatch(c -> c.name().equals(column.name()) && c.type().equals(type));
                if (existed && column.type().equals(type)) {
                    String target = "ALTER TABLE " + SqlNames.qualified(schema, table.name()) + " ALTER COLUMN "
                            + SqlNames.quote(column.name());
                    if (column.defaultValue() == null) {
                        statements.add(target + " DROP DEFAULT;");
                    }
                    statements.add(target + " DROP ON UPDATE;");
                }
            }
        }
        return statements;
    }

    private static String describe(Domain domain) {
        return domain.type() + (domain.defaultValue() == null ? "" : " DEFAULT " + domain.defaultValue())
                + domain.checks().stream().map(c -> " CHECK (" + c.clause() + ")").reduce("", String::concat);
    }

    private static List<SchemaSnapshot.Table> schemaTables(SchemaSnapshot snapshot, String schema) {
        return snapshot.schemas().stream().filter(s -> s.name().equals(schema)).findFirst().map(UserSchema::tables)
                .orElse(List.of());
    }

    private static <T> Optional<T> find(List<T> objects, String schema, String name, Function<T, String> schemaOf,
            Function<T, String> nameOf) {
        return objects.stream().filter(o -> schemaOf.apply(o).equals(schema) && nameOf.apply(o).equals(name)).findFirst();
    }
}
