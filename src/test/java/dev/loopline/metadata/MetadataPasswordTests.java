package dev.loopline.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.h2.api.ErrorCode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.zaxxer.hikari.HikariDataSource;

import dev.loopline.common.LooplineProperties;
import dev.loopline.support.AbstractIntegrationTest;

/** The shared test context (data directory from {@code @DynamicPropertySource}) runs on a generated password. */
class MetadataPasswordTests extends AbstractIntegrationTest {

    @Autowired
    LooplineProperties properties;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Test
    void givesAFreshDataDirectoryARandomOwnerOnlyPasswordFile() throws Exception {
        Path file = properties.dataDir().resolve("metadata-db.password");
        String password = Files.readString(file);
        assertThat(password).hasSizeGreaterThanOrEqualTo(32).isNotEqualTo("loopline").matches("[A-Za-z0-9]+");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void metadataFileRefusesTheOldFixedPasswordAndTakesTheGeneratedOne() throws Exception {
        String url = "jdbc:h2:file:" + properties.dataDir().resolve("loopline").toAbsolutePath() + ";IFEXISTS=TRUE";
        assertThatExceptionOfType(SQLException.class)
                .isThrownBy(() -> DriverManager.getConnection(url, "loopline", "loopline").close())
                .satisfies(e -> assertThat(e.getErrorCode()).isEqualTo(ErrorCode.WRONG_USER_OR_PASSWORD));
        String password = Files.readString(properties.dataDir().resolve("metadata-db.password"));
        try (Connection connection = DriverManager.getConnection(url, "loopline", password)) {
            assertThat(connection.isValid(1)).isTrue();
        }
    }

    @Test
    void flywayAndQuartzRunOnThePoolWithTheGeneratedPassword() throws Exception {
        String password = Files.readString(properties.dataDir().resolve("metadata-db.password"));
        assertThat(dataSource.unwrap(HikariDataSource.class).getPassword()).isEqualTo(password);
        assertThat(jdbc.queryForObject("select count(*) from \"flyway_schema_history\" where \"success\"",
                Integer.class)).isGreaterThanOrEqualTo(3);
        assertThat(jdbc.queryForObject("select count(*) from qrtz_scheduler_state", Integer.class)).isEqualTo(1);
    }
}
