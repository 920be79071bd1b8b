package dev.loopline.schema;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A database's schema at one moment, in engine-neutral terms. Tables are sorted by name so that two snapshots of
 * the same schema are equal. Every name (table, column, index, constraint) is kept exactly as the database stores
 * it, case included and without quotes; {@link SqlNames#quote} makes SQL of it. {@code "order"} and {@code ORDER}
 * are two tables: {@code exactTable}/{@code exactColumn} find a name as stored; {@code table}/{@code column} also
 * accept a name as it would be written unquoted in SQL ({@code customers} finds {@code CUSTOMERS}).
 * <p>
 * Stored as JSON (a branch's base schema, a deploy's tables): fields added later must accept {@code null} from older
 * JSON and mean then what older snapshots meant.
 */
public record SchemaSnapshot(List<Table> tables, List<View> views, List<Sequence> sequences, List<Domain> domains,
        List<UserSchema> schemas, List<UnsupportedObject> unsupported) {

    public SchemaSnapshot {
        tables = tables.stream().sorted(Comparator.comparing(Table::name)).toList();
        views = SchemaObjects.sorted(views, View::schema, View::name);
        sequences = SchemaObjects.sorted(sequences, Sequence::schema, Sequence::name);
        domains = SchemaObjects.sorted(domains, Domain::schema, Domain::name);
        schemas = SchemaObjects.sorted(schemas, s -> "", UserSchema::name);
        unsupported = SchemaObjects.sorted(unsupported, UnsupportedObject::schema,
                o -> o.kind() + '\u0000' + o.name() + '\u0000' + o.table());
    }

    /** Tables only (of schema {@code PUBLIC}), as snapshots were before views, sequences, domains and schemas. */
    public SchemaSnapshot(List<Table> tables) {
        this(tables, null, null, null, null, null);
    }

    /** The same schema-level objects with other tables (of schema {@code PUBLIC}). */
    public SchemaSnapshot withTables(List<Table> newTables) {
        return new SchemaSnapshot(newTables, views, sequences, domains, schemas, unsupported);
    }

    /**
     * The same schema without the sequences' counters: what a schema change is about. Two branches that only drew
     * different numbers from their sequences have the same definition.
     */
    public SchemaSnapshot definition() {
        return new SchemaSnapshot(tables, views, sequences.stream().map(Sequence::definition).toList(), domains, schemas,
                unsupported);
    }

    /** Whether the model holds nothing at all: no tables, views, sequences, domains, schemas or other objects. */
    public boolean holdsNothing() {
        return tables.isEmpty() && views.isEmpty() && sequences.isEmpty() && domains.isEmpty() && schemas.isEmpty()
                && unsupported.isEmpty();
    }

    public static SchemaSnapshot empty() {
        return new SchemaSnapshot(List.of());
    }

    /** The table of exactly this name, or else of the name as an unquoted identifier resolves (upper case). */
    public Optional<Table> table(String name) {
        return exactTable(name).or(() -> exactTable(name.toUpperCase(java.util.Locale.ROOT)));
    }

    /** The table of exactly this name (case kept). */
    public Optional<Table> exactTable(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The table of exactly this name (case kept) in {@code schema} ({@code null}: {@code PUBLIC}). */
    public Optional<Table> exactTable(String schema, String name) {
        return tablesIn(schema).stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The tables of {@code schema} ({@code null}: {@code PUBLIC}); none for a schema the snapshot does not have. */
    public List<Table> tablesIn(String schema) {
        if (schema == null || PUBLIC.equals(schema)) {
            return tables;
        }
        return schemas.stream().filter(s -> s.name().equals(schema)).findFirst().map(UserSchema::tables)
                .orElse(List.of());
    }

    /** {@code PUBLIC} first, then the other schemas by name. */
    public List<String> schemaNames() {
        List<String> names = new java.util.ArrayList<>(List.of(PUBLIC));
        schemas.forEach(s -> names.add(s.name()));
        return names;
    }

    /**
     * The same snapshot with {@code schema}'s tables replaced (a schema other than {@code PUBLIC} that the snapshot
     * does not have is added).
     */
    public SchemaSnapshot withTablesIn(String schema, List<Table> newTables) {
        if (schema == null || PUBLIC.equals(schema)) {
            return withTables(newTables);
        }
        List<UserSchema> newSchemas = new java.util.ArrayList<>(schemas.stream().filter(s -> !s.name().equals(schema)).toList());
        newSchemas.add(new UserSchema(schema, newTables));
        return new SchemaSnapshot(tables, views, sequences, domains, newSchemas, unsupported);
    }

    /**
     * A table.
     *
     * @param primaryKey column names of the primary key, in key order; empty when the table has none
     * @param indexes    secondary indexes and unique constraints (not the primary key)
     * @param checks     CHECK constraints, column ones included (H2 keeps a column's check as a table constraint);
     *                   {@code null} (older snapshots, which did not carry checks) means none
     * @param comment    {@code COMMENT ON TABLE} text, or {@code null}
     */
    public record Table(String name, List<Column> columns, List<String> primaryKey, List<Index> indexes,
            List<ForeignKey> foreignKeys, List<Check> checks, String comment) {

        public Table {
            columns = List.copyOf(columns);
            primaryKey = List.copyOf(primaryKey);
            indexes = indexes.stream().sorted(Comparator.comparing(Index::name)).toList();
            foreignKeys = foreignKeys.stream().sorted(Comparator.comparing(ForeignKey::name)).toList();
            checks = checks == null ? List.of() : checks.stream().sorted(Comparator.comparing(Check::sortKey)).toList();
        }

        public Table(String name, List<Column> columns, List<String> primaryKey, List<Index> indexes,
                List<ForeignKey> foreignKeys) {
            this(name, columns, primaryKey, indexes, foreignKeys, List.of(), null);
        }

        /** The same table under another name (a shadow table), with the given indexes, foreign keys and checks. */
        public Table with(String newName, List<Index> newIndexes, List<ForeignKey> newForeignKeys, List<Check> newChecks) {
            return new Table(newName, columns, primaryKey, newIndexes, newForeignKeys, newChecks, comment);
        }

        /** The column of exactly this name, or else of the name as an unquoted identifier resolves (upper case). */
        public Optional<Column> column(String name) {
            return exactColumn(name).or(() -> exactColumn(name.toUpperCase(java.util.Locale.ROOT)));
        }

        /** The column of exactly this name (case kept). */
        public Optional<Column> exactColumn(String name) {
            return columns.stream().filter(c -> c.name().equals(name)).findFirst();
        }
    }

    /**
     * A CHECK constraint.
     * <p>
     * A check written without a name gets one from H2 ({@code CONSTRAINT_8B}: a prefix of the hash of its table's
     * name, the first one free at the time). Such a name says nothing about the check, and building the same schema
     * again (in another order) gives it another one, or hands it to another constraint first; so two checks that both
     * have a {@linkplain #generatedName generated name} are equal when their expressions and comments are, and
     * {@link DdlRenderer} leaves such a name out (H2 picks a free one).
     *
     * @param expression the condition as SQL text, as the engine spells it ({@code "PRICE" > 0})
     * @param comment    {@code COMMENT ON CONSTRAINT} text, or {@code null}
     */
    public record Check(String name, String expression, String comment) {

        private static final java.util.regex.Pattern GENERATED = java.util.regex.Pattern.compile("CONSTRAINT_[0-9A-F]+(?:_[0-9]+)?");

        public Check(String name, String expression) {
            this(name, expression, null);
        }

        /** Whether the name is one H2 made up for a check written without one. */
        public boolean generatedName() {
            return GENERATED.matcher(name).matches();
        }

        /**
         * Whether the condition reads tables: a subquery ({@code SELECT}, {@code TABLE}, {@code EXISTS}) outside
         * literals and quoted names. H2 evaluates such a check only when this table's rows are written, never when the
         * tables it reads change, so it does not hold as a constraint would; and evaluating it against production's
         * data would let the branch's author read tables through it.
         */
        public boolean readsTables() {
            String bare = expression.replaceAll("'(?:[^']|'')*+'", "''").replaceAll("\"(?:[^\"]|\"\")*+\"", "\"\"");
            return READS_TABLES.matcher(bare).find();
        }

        private static final java.util.regex.Pattern READS_TABLES =
                java.util.regex.Pattern.compile("(?i)(?<![A-Za-z0-9_$])(SELECT|TABLE|EXISTS)(?![A-Za-z0-9_$])");

        /** Whether {@code other} has the same name, or both have generated ones. */
        public boolean sameName(Check other) {
            return name.equals(other.name) || generatedName() && other.generatedName();
        }

        /** Checks of a table in an order that does not depend on generated names. */
        String sortKey() {
            return generatedName() ? "\u0000" + expression + '\u0000' + comment : name;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Check c && sameName(c) && expression.equals(c.expression)
                    && java.util.Objects.equals(comment, c.comment);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(generatedName() ? "" : name, expression, comment);
        }

        public Check named(String newName) {
            return new Check(newName, expression, comment);
        }
    }

    /**
     * A column. {@code type} is the full SQL type as the engine spells it, with every parameter, so that rendering it
     * creates the same type again: {@code CHARACTER VARYING(40)}, {@code NUMERIC(10, 2)},
     * {@code TIMESTAMP(9) WITH TIME ZONE}, {@code ENUM('small', 'large')}, {@code INTEGER ARRAY[4]},
     * {@code INTERVAL DAY TO SECOND}. At most one of {@code defaultValue}, {@code identity} and {@code generated}
     * is set.
     *
     * @param defaultValue the default expression as SQL text, or {@code null}
     * @param identity     the identity definition of an identity column, or {@code null}. Older snapshots kept it in
     *                     {@code defaultValue} as {@code GENERATED … AS IDENTITY}: such a value is read as an identity
     *                     starting at 1
     * @param generated    the expression of a generated column ({@code GENERATED ALWAYS AS (expression)}), or {@code null}
     * @param onUpdate     the {@code ON UPDATE} expression, or {@code null}
     * @param comment      {@code COMMENT ON COLUMN} text, or {@code null}
     */
    public record Column(String name, String type, boolean nullable, String defaultValue, Identity identity,
            String generated, String onUpdate, String comment) {

        private static final java.util.regex.Pattern LEGACY_IDENTITY =
                java.util.regex.Pattern.compile("GENERATED (ALWAYS|BY DEFAULT) AS IDENTITY");

        public Column {
            if (identity == null && defaultValue != null) {
                var legacy = LEGACY_IDENTITY.matcher(defaultValue);
                if (legacy.matches()) {
                    identity = new Identity(legacy.group(1), 1, 1, null, null, false, null, null);
                    defaultValue = null;
                }
            }
        }

        public Column(String name, String type, boolean nullable, String defaultValue) {
            this(name, type, nullable, defaultValue, null, null, null, null);
        }
    }

    /**
     * An identity column's sequence. {@code minimum}, {@code maximum} and {@code cache} are {@code null} when they are
     * the engine's defaults for the column's type, start and increment.
     *
     * @param generation {@code ALWAYS} (values only by {@code OVERRIDING SYSTEM VALUE}) or {@code BY DEFAULT}
     * @param current    the value the next insert gets, as read from the database: a state, not a definition, so it
     *                   is left out of equality (two schemas differing only in it are the same schema) and never
     *                   rendered as DDL; {@code null} when unknown
     */
    public record Identity(String generation, long start, long increment, Long minimum, Long maximum, boolean cycle,
            Long cache, Long current) {

        public boolean always() {
            return "ALWAYS".equals(generation);
        }

        /**
         * Whether an identity changed from {@code before} to this keeps counting where {@code before} was: the DDL that
         * changes it alters the sequence in place (same start). Otherwise the column's identity is defined anew and
         * starts again at {@code start}, as a plain {@code ALTER} does.
         */
        public boolean continues(Identity before) {
            return before != null && before.start == start;
        }

        /** This identity with another current value. */
        public Identity withCurrent(Long value) {
            return new Identity(generation, start, increment, minimum, maximum, cycle, cache, value);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Identity i && generation.equals(i.generation) && start == i.start
                    && increment == i.increment && java.util.Objects.equals(minimum, i.minimum)
                    && java.util.Objects.equals(maximum, i.maximum) && cycle == i.cycle
                    && java.util.Objects.equals(cache, i.cache);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(generation, start, increment, minimum, maximum, cycle, cache);
        }
    }

    /**
     * An index, or a unique constraint ({@code constraint} true: created and dropped as a constraint).
     *
     * @param ordering per column, in {@code columns} order, what follows the column name in the index definition:
     *                 {@code ""} (ascending, nulls first: the default), {@code "DESC"}, {@code "NULLS LAST"} or
     *                 {@code "DESC NULLS FIRST"}. {@code null} (older snapshots) means all ascending.
     * @param comment  {@code COMMENT ON INDEX} (or {@code ON CONSTRAINT}) text, or {@code null}
     */
    public record Index(String name, List<String> columns, boolean unique, boolean constraint, List<String> ordering,
            String comment) {

        public Index {
            columns = List.copyOf(columns);
            ordering = ordering == null ? java.util.Collections.nCopies(columns.size(), "") : List.copyOf(ordering);
            if (ordering.size() != columns.size()) {
                throw new IllegalArgumentException("ordering " + ordering + " does not match columns " + columns);
            }
        }

        public Index(String name, List<String> columns, boolean unique, boolean constraint, List<String> ordering) {
            this(name, columns, unique, constraint, ordering, null);
        }

        public Index(String name, List<String> columns, boolean unique, boolean constraint) {
            this(name, columns, unique, constraint, null, null);
        }

        public Index(String name, List<String> columns, boolean unique) {
            this(name, columns, unique, false, null, null);
        }

        public Index named(String newName) {
            return new Index(newName, columns, unique, constraint, ordering, comment);
        }

        /** The same index with another comment. */
        public Index commented(String newComment) {
            return new Index(name, columns, unique, constraint, ordering, newComment);
        }

        /** The columns as in an index definition, each quoted as needed and with its ordering: {@code AT DESC, LVL}. */
        public String columnList() {
            List<String> parts = new java.util.ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                String order = ordering.get(i);
                parts.add(SqlNames.quote(columns.get(i)) + (order.isEmpty() ? "" : " " + order));
            }
            return String.join(", ", parts);
        }
    }

    /**
     * A foreign key.
     *
     * @param onDelete {@code NO ACTION}, {@code RESTRICT}, {@code CASCADE}, {@code SET NULL} or {@code SET DEFAULT};
     *                 {@code null} means {@code NO ACTION}
     * @param onUpdate the same for updates; {@code null} (older snapshots did not carry it) means {@code NO ACTION}
     * @param comment  {@code COMMENT ON CONSTRAINT} text, or {@code null}
     */
    public record ForeignKey(String name, List<String> columns, String referencedTable, List<String> referencedColumns,
            String onDelete, String onUpdate, String comment) {

        public ForeignKey {
            columns = List.copyOf(columns);
            referencedColumns = List.copyOf(referencedColumns);
            onDelete = onDelete == null ? "NO ACTION" : onDelete;
            onUpdate = onUpdate == null ? "NO ACTION" : onUpdate;
        }

        public ForeignKey(String name, List<String> columns, String referencedTable, List<String> referencedColumns,
                String onDelete, String onUpdate) {
            this(name, columns, referencedTable, referencedColumns, onDelete, onUpdate, null);
        }

        public ForeignKey(String name, List<String> columns, String referencedTable, List<String> referencedColumns,
                String onDelete) {
            this(name, columns, referencedTable, referencedColumns, onDelete, null, null);
        }

        public ForeignKey named(String newName) {
            return new ForeignKey(newName, columns, referencedTable, referencedColumns, onDelete, onUpdate, comment);
        }

        /** The same foreign key with another comment. */
        public ForeignKey commented(String newComment) {
            return new ForeignKey(name, columns, referencedTable, referencedColumns, onDelete, onUpdate, newComment);
        }
    }

    /** The schema objects live in when the model does not say: H2's default schema. */
    public static final String PUBLIC = "PUBLIC";

    /**
     * A view. {@code schema} is the view's schema ({@code null}: {@code PUBLIC}); {@code columns} its column names,
     * always rendered as an explicit list; {@code query} the query text as the engine normalizes it (names qualified
     * and quoted, {@code *} expanded), so that it means the same wherever it is run. Two views are equal when their
     * queries are the same up to the order of {@code AND}ed {@code WHERE} conditions and white space: H2 shuffles
     * those each time it compiles a view again (copying a branch, reopening a database), see {@link ViewQueryText}.
     */
    public record View(String schema, String name, List<String> columns, String query) {

        public View {
            schema = schema == null ? PUBLIC : schema;
            columns = List.copyOf(columns);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof View v && schema.equals(v.schema) && name.equals(v.name) && columns.equals(v.columns)
                    && java.util.Objects.equals(ViewQueryText.comparable(query), ViewQueryText.comparable(v.query));
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(schema, name, columns, ViewQueryText.comparable(query));
        }

        /** Schema-qualified SQL name: {@code V} in {@code PUBLIC}, else {@code APP.V}. */
        public String qualifiedName() {
            return SqlNames.qualified(schema, name);
        }
    }

    /**
     * A sequence (not the internal one of an identity column). {@code dataType} as the engine spells it
     * ({@code BIGINT}, {@code INTEGER}, {@code NUMERIC(20)}); {@code current} the value the next {@code NEXT VALUE
     * FOR} returns ({@code null}: {@code start}). Diffs ignore {@code current}: deploying a branch never moves the
     * target's counter.
     */
    public record Sequence(String schema, String name, String dataType, long start, long increment, long minValue,
            long maxValue, boolean cycle, long cache, Long current) {

        public Sequence {
            schema = schema == null ? PUBLIC : schema;
        }

        public String qualifiedName() {
            return SqlNames.qualified(schema, name);
        }

        /** The same sequence with its counter where it started: what diffs compare. */
        public Sequence definition() {
            return new Sequence(schema, name, dataType, start, increment, minValue, maxValue, cycle, cache, null);
        }
    }

    /**
     * A domain: a named data type with an optional default, {@code ON UPDATE} expression and {@code CHECK}
     * constraints (on {@code VALUE}). {@code type} is the full SQL type, or the qualified name of the parent domain.
     */
    public record Domain(String schema, String name, String type, String defaultValue, String onUpdate,
            List<DomainCheck> checks) {

        public Domain {
            schema = schema == null ? PUBLIC : schema;
            checks = checks == null ? List.of()
                    : checks.stream().sorted(Comparator.comparing(DomainCheck::name)).toList();
        }

        public String qualifiedName() {
            return SqlNames.qualified(schema, name);
        }
    }

    /** One named {@code CHECK} constraint of a domain; {@code clause} is the condition without {@code CHECK}. */
    public record DomainCheck(String name, String clause) {
    }

    /** A schema other than {@code PUBLIC}, with its tables (its views, sequences and domains name it themselves). */
    public record UserSchema(String name, List<Table> tables) {

        public UserSchema {
            tables = tables == null ? List.of() : tables.stream().sorted(Comparator.comparing(Table::name)).toList();
        }
    }

    /**
     * An object the model cannot carry (a trigger, a user-defined function or aggregate, a synonym, a constant, a
     * linked or temporary table…): listed so people see it, and a deploy touching {@code table} is refused.
     *
     * @param kind   what it is, in words: {@code trigger}, {@code synonym}, {@code constant}…
     * @param table  the table it belongs to or points at, or {@code null}
     * @param detail what the engine says about it (the trigger's class, the synonym's target…)
     */
    public record UnsupportedObject(String kind, String schema, String name, String table, String detail) {

        public UnsupportedObject {
            schema = schema == null ? PUBLIC : schema;
        }
    }
}
