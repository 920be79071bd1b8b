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

import org.h2.util.ScriptReader;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

import dev.loopline.schema.DdlRenderer;
import dev.loopline.schema.SchemaDiff;
import dev.loopline.schema.SchemaSnapshot;

/**
 * Property-based round trips over random schemas ({@link RandomSchemas}): what H2 holds, the inspector reads, the
 * renderer writes and the diff changes must agree exactly. Fixed seeds and bounded tries keep CI repeatable and
 * quick; a failure prints the shrunk schema as DDL, and each real bug found gets a golden test of its own.
 * The databases are private in-memory H2 databases read by the same inspector the engine uses.
 */
class RandomSchemaRoundTripTests {

    private static final String SEED = "20261130";

    @Provide
    Arbitrary<SchemaSpec> schemas() {
        return RandomSchemas.schemas();
    }

    @Provide
    Arbitrary<Tuple2<SchemaSpec, SchemaSpec>> mutations() {
        return RandomSchemas.schemas().flatMap(a -> SchemaMutations.of(a).map(b -> Tuple.of(a, b)));
    }

    /** (a) create on H2 → inspect → render → apply to an empty database → inspect: equal, and H2's own DDL agrees. */
    @Property(tries = 60, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
    void renderedSchemaRebuildsTheSameSchema(@ForAll("schemas") SchemaSpec spec) throws Exception {
        try (Db original = Db.with(spec.ddl()); Db rebuilt = Db.empty()) {
            SchemaSnapshot schema = original.inspect();
            Statistics.label("tables").collect(schema.tables().size());
            String rendered = DdlRenderer.render(schema);
            rebuilt.run(rendered);
            assertThat(rebuilt.inspect()).as("rendered DDL:\n%s", rendered).isEqualTo(schema);
            assertThat(rebuilt.script()).as("rendered DDL:\n%s", rendered)
                    .containsExactlyInAnyOrderElementsOf(original.script());
        }
    }

    /** (b) apply A, then the diff from A to B: the database then holds exactly B. */
    @Property(tries = 60, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
    void diffTurnsOneSchemaIntoTheOther(@ForAll("mutations") Tuple2<SchemaSpec, SchemaSpec> pair) throws Exception {
        try (Db a = Db.with(pair.get1().ddl()); Db b = Db.with(pair.get2().ddl())) {
            SchemaSnapshot target = b.inspect();
            List<String> statements = SchemaDiff.between(a.inspect(), target).statements();
            Statistics.label("diff statements").collect(statements.size() < 3 ? "< 3" : statements.size() < 10 ? "3-9" : "10+");
            a.run(String.join("\n", statements));
            assertThat(a.inspect()).as("diff:\n%s", String.join("\n", statements)).isEqualTo(target);
            assertThat(SchemaDiff.between(a.inspect(), target).isEmpty()).isTrue();
        }
    }

    /** (c) a schema and the same schema built again in another database: no difference, either way. */
    @Property(tries = 30, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
    void identicalSchemasHaveAnEmptyDiff(@ForAll("schemas") SchemaSpec spec) throws Exception {
        try (Db one = Db.with(spec.ddl()); Db two = Db.with(spec.ddl())) {
            SchemaSnapshot first = one.inspect();
            SchemaSnapshot second = two.inspect();
            assertThat(SchemaDiff.between(first, second).statements()).isEmpty();
            assertThat(SchemaDiff.between(second, first).statements()).isEmpty();
            assertThat(SchemaDiff.between(first, first).isEmpty()).isTrue();
        }
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
