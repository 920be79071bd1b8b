package dev.loopline.engine.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.h2.util.ScriptReader;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.loopline.schema.DdlRenderer;
import dev.loopline.schema.SchemaDiff;
import dev.loopline.schema.SchemaSnapshot;

/**
 * Property tests over random schemas ({@link RandomSchemas}, identities, checks, comments and ON UPDATE included): what H2 holds, the inspector reads, the renderer writes
 * and the diff changes must agree exactly. Each property runs as dynamic tests, one per case; case {@code i} draws its
 * schema from {@code new Random(seed + i)} with a fixed base seed, so CI is repeatable and every case names its own
 * seed (in the display name and in any failure, together with the generated DDL). There is no shrinking: a failure
 * shows the whole generated schema, and each real bug found gets a golden test of its own (as in
 * {@code SchemaRoundTripTests} and {@code SchemaDiffOnH2Tests}).
 * <p>
 * To rerun one failing case alone, or to try other seeds:
 * <pre>
 * ./mvnw -B -o test -Dtest=RandomSchemaRoundTripTests -Dloopline.schemas.seed=&lt;seed&gt; -Dloopline.schemas.count=1
 * </pre>
 * {@code loopline.schemas.seed} replaces the base seed, {@code loopline.schemas.count} the number of cases of every
 * property (by default 60, 60 and 30). The databases are private in-memory H2 databases read by the same inspector the
 * engine uses.
 */
class RandomSchemaRoundTripTests {

    static final long BASE_SEED = Long.getLong("loopline.schemas.seed", 20261130L);

    private static final Integer COUNT = Integer.getInteger("loopline.schemas.count");

    /** One check of a property on the case drawn from one seed. */
    @FunctionalInterface
    interface Case {
        void check(long seed, Random random, StringBuilder context) throws Exception;
    }

    /**
     * {@code count} dynamic tests (or {@code loopline.schemas.count}) named by their seeds; a failing one fails with
     * its seed, the command that reruns it alone, and what the case wrote into its context (the generated DDL).
     */
    static Stream<DynamicTest> cases(int count, Case property) {
        return LongStream.range(0, COUNT == null ? count : COUNT).map(i -> BASE_SEED + i)
                .mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> {
                    StringBuilder context = new StringBuilder();
                    try {
                        property.check(seed, new Random(seed), context);
                    }
                    catch (Throwable e) {
                        throw new AssertionError("seed " + seed + " (rerun alone: -Dloopline.schemas.seed=" + seed
                                + " -Dloopline.schemas.count=1): " + e.getMessage() + "\n" + context, e);
                    }
                }));
    }

    /** (a) create on H2 → inspect → render → apply to an empty database → inspect: equal, and H2's own DDL agrees. */
    @TestFactory
    Stream<DynamicTest> renderedSchemaRebuildsTheSameSchema() {
        return cases(60, (seed, random, context) -> {
            SchemaSpec spec = RandomSchemas.schema(random);
            context.append("generated DDL:\n").append(spec.ddl());
            try (Db original = Db.with(spec.ddl()); Db rebuilt = Db.empty()) {
                SchemaSnapshot schema = original.inspect();
                String rendered = DdlRenderer.render(schema);
                context.append("\nrendered DDL:\n").append(rendered);
                rebuilt.run(rendered);
                assertThat(rebuilt.inspect()).as("seed %d: rebuilt schema", seed).isEqualTo(schema);
                assertThat(rebuilt.script()).as("seed %d: H2 SCRIPT of the rebuilt database", seed)
                        .containsExactlyInAnyOrderElementsOf(original.script());
            }
        });
    }

    /** (b) apply A, then the diff from A to B: the database then holds exactly B. */
    @TestFactory
    Stream<DynamicTest> diffTurnsOneSchemaIntoTheOther() {
        return cases(60, (seed, random, context) -> {
            SchemaSpec from = RandomSchemas.schema(random);
            SchemaSpec to = SchemaMutations.of(random, from);
            context.append("DDL of A:\n").append(from.ddl()).append("\nDDL of B:\n").append(to.ddl());
            try (Db a = Db.with(from.ddl()); Db b = Db.with(to.ddl())) {
                SchemaSnapshot target = b.inspect();
                List<String> statements = SchemaDiff.between(a.inspect(), target).statements();
                context.append("\ndiff:\n").append(String.join("\n", statements));
                a.run(String.join("\n", statements));
                assertThat(a.inspect()).as("seed %d: A after the diff", seed).isEqualTo(target);
                assertThat(SchemaDiff.between(a.inspect(), target).statements())
                        .as("seed %d: diff after the diff", seed).isEmpty();
            }
        });
    }

    /** (c) a schema and the same schema built again in another database: no difference, either way. */
    @TestFactory
    Stream<DynamicTest> identicalSchemasHaveAnEmptyDiff() {
        return cases(30, (seed, random, context) -> {
            SchemaSpec spec = RandomSchemas.schema(random);
            context.append("generated DDL:\n").append(spec.ddl());
            try (Db one = Db.with(spec.ddl()); Db two = Db.with(spec.ddl())) {
                SchemaSnapshot first = one.inspect();
                SchemaSnapshot second = two.inspect();
                assertThat(SchemaDiff.between(first, second).statements()).as("seed %d: first to second", seed).isEmpty();
                assertThat(SchemaDiff.between(second, first).statements()).as("seed %d: second to first", seed).isEmpty();
                assertThat(SchemaDiff.between(first, first).isEmpty()).as("seed %d: first to itself", seed).isTrue();
            }
        });
    }

    /** The generator draws every kind it claims to, often enough to matter, over the default cases' seeds. */
    @org.junit.jupiter.api.Test
    void theGeneratorCoversIdentitiesChecksCommentsAndOnUpdate() {
        java.util.Map<String, Integer> seen = new java.util.TreeMap<>();
        for (long seed = BASE_SEED; seed < BASE_SEED + 60; seed++) {
            Random random = new Random(seed);
            SchemaSpec from = RandomSchemas.schema(random);
            String ddl = from.ddl() + "\n" + SchemaMutations.of(random, from).ddl();
            for (String kind : List.of("AS IDENTITY", "ON UPDATE", "CHECK (", "COMMENT '", "COMMENT ON TABLE")) {
                if (ddl.contains(kind)) {
                    seen.merge(kind, 1, Integer::sum);
                }
            }
        }
        assertThat(seen).as("schemas (of 60) that hold each kind").hasSize(5).allSatisfy((kind, schemas) ->
                assertThat(schemas).as(kind).isGreaterThanOrEqualTo(10));
    }

    /** A private in-memory H2 database, gone when closed. */
    static final class Db implements AutoCloseable {

        private final Connection connection;

        private Db() throws SQLException {
            connection = DriverManager.getConnection("jdbc:h2:mem:", "sa", "");
        }

        static Db empty() throws SQLException {
            return new Db();
        }

        static Db with(String ddl) throws SQLException {
            Db db = new Db();
            db.run(ddl);
            return db;
        }

        /** Runs each statement of the script; a failing one fails the try with the statement and the script. */
        void run(String script) {
            ScriptReader reader = new ScriptReader(new StringReader(script));
            try (Statement statement = connection.createStatement()) {
                for (String sql = reader.readStatement(); sql != null; sql = reader.readStatement()) {
                    if (sql.isBlank()) {
                        continue;
                    }
                    try {
                        statement.execute(sql);
                    }
                    catch (SQLException e) {
                        throw new AssertionError("H2 refused: " + sql.trim() + "\n" + e.getMessage() + "\nin:\n" + script, e);
                    }
                }
            }
            catch (SQLException e) {
                throw new AssertionError(e);
            }
        }

        SchemaSnapshot inspect() throws SQLException {
            return H2SchemaInspector.inspect(connection);
        }

        /** H2's own DDL, without users, comments and generated constraint names. */
        List<String> script() throws SQLException {
            List<String> lines = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                    ResultSet script = statement.executeQuery("SCRIPT NODATA NOSETTINGS")) {
                while (script.next()) {
                    String sql = script.getString(1).trim();
                    if (!sql.startsWith("CREATE USER") && !sql.startsWith("--")) {
                        lines.add(withoutDefaultPrecisions(
                                sql.replaceAll("\"(CONSTRAINT|PRIMARY_KEY)_[0-9A-F]+\"", "\"GENERATED\"")));
                    }
                }
            }
            return lines;
        }

        /**
         * Inside ROW fields H2 prints a precision that was written out even when it is the default one (TIME(0),
         * TIMESTAMP(6), INTERVAL HOUR(2) TO SECOND(6)): the same type either way, and INFORMATION_SCHEMA cannot tell
         * them apart, so both sides drop them before comparing.
         */
        static String withoutDefaultPrecisions(String sql) {
            return sql.replace("TIME(0)", "TIME").replace("TIMESTAMP(6)", "TIMESTAMP")
                    .replaceAll("(INTERVAL (?:YEAR|MONTH|DAY|HOUR|MINUTE))\\(2\\)", "$1")
                    .replaceAll("INTERVAL SECOND\\(2(?:, 6)?\\)", "INTERVAL SECOND")
                    .replaceAll("INTERVAL SECOND\\((\\d+), 6\\)", "INTERVAL SECOND($1)")
                    .replaceAll("TO SECOND\\(6\\)", "TO SECOND");
        }

        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }
}
