package dev.loopline.engine.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.loopline.engine.AdminCredential;
import dev.loopline.engine.BranchDatabase;
import dev.loopline.engine.DatabaseEngine.ScriptRights;
import dev.loopline.engine.OnlineMigrator;
import dev.loopline.engine.ShadowPlan;

/**
 * the online copy of a quiet table (no writer) copies every row exactly once, whatever the key's type. The
 * copier keeps a chunk's bound as text (getString) and binds it back as CAST(? AS type).
 */
class CopierKeyTypesTests extends H2EngineTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "VARBINARY(16)|CAST(X AS VARBINARY(16))",
            "BINARY(8)|CAST(X AS BINARY(8))",
            "UUID|CAST('00000000-0000-0000-0000-' || LPAD(X, 12, '0') AS UUID)",
            "DECIMAL(12, 3)|(X - 1300) / 7.0",
            "TIMESTAMP(9) WITH TIME ZONE|TIMESTAMP WITH TIME ZONE '2020-01-01 00:00:00.123456789+02' + X * INTERVAL '0.000000001' SECOND",
            "VARCHAR_IGNORECASE(20)|CASEWHEN(MOD(X, 2) = 0, 'a', 'B') || X",
            "CHARACTER(6)|CAST(X AS CHARACTER(6))",
            "DOUBLE PRECISION|X / 3.0E0 - 400",
            "INTERVAL DAY TO SECOND|X * INTERVAL '1.5' SECOND",
            "TIME(6) WITH TIME ZONE|TIME WITH TIME ZONE '00:00:00+01' + X * INTERVAL '0.000001' SECOND",
            "ENUM('c', 'a', 'b')|CAST(CASEWHEN(X = 1, 'c', CASEWHEN(X = 2, 'a', 'b')) AS ENUM('c', 'a', 'b'))",
            // more than nine values: H2 reports their ordinals as text, '10' before '2'
            "ENUM('e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8', 'e9', 'e10', 'e11', 'e12')|CAST('e' || X AS "
                    + "ENUM('e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8', 'e9', 'e10', 'e11', 'e12'))",
            "JSON|JSON_OBJECT('a': X)" })
    void everyRowIsCopiedWhateverTheKeyType(String spec) throws Exception {
        String type = spec.substring(0, spec.indexOf('|'));
        String value = spec.substring(spec.indexOf('|') + 1);
        int rows = type.startsWith("ENUM") ? type.split(",").length : 2500;
        BranchDatabase database = new BranchDatabase("keys", "k" + Math.abs(spec.hashCode()));
        AdminCredential admin = engine.createDatabase(database);
        engine.runScript(database, admin, "CREATE TABLE ITEMS (ID " + type + " PRIMARY KEY, VAL VARCHAR(40));"
                + "INSERT INTO ITEMS SELECT " + value + ", 'v' || X FROM SYSTEM_RANGE(1, " + rows + ");",
                ScriptRights.SCHEMA_OWNER, 1);
        ShadowPlan plan = dev.loopline.support.OnlineChanges.addNoteColumn(engine, database, admin, 77);
        OnlineMigrator online = engine.online();
        online.prepare(database, admin, plan);
        long copied = 0;
        int chunks = 0;
        try (var copier = online.copier(database, admin, plan)) {
            List<String> after = null;
            while (true) {
                var step = copier.next(after, type.startsWith("ENUM") ? 1 : 1000);
                copied += step.rows();
                if (step.done()) {
                    break;
                }
                after = step.lastKey();
                assertThat(++chunks).as("chunks for " + rows + " rows (stuck at key " + after + ")").isLessThan(20);
            }
        }
        try (Connection connection = engine.connect(database, admin); ResultSet count = connection.createStatement()
                .executeQuery("SELECT COUNT(*) FROM " + H2OnlineMigrator.shadowName(plan))) {
            count.next();
            assertThat(count.getLong(1)).as("rows in the shadow").isEqualTo(rows);
        }
        assertThat(copied).isEqualTo(rows);
    }
}
