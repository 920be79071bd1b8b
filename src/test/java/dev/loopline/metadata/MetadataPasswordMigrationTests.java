package dev.loopline.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.h2.api.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The metadata data source as the application builds it (its real {@code application.properties}), on data
 * directories in each state a node can find them: made with the old fixed password, half-migrated, restarted.
 */
@ExtendWith(OutputCaptureExtension.class)
class MetadataPasswordMigrationTests {

    @TempDir
    Path dataDir;

    private ApplicationContextRunner app() {
        return new ApplicationContextRunner().withInitializer(new ConfigDataApplicationContextInitializer())
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withUserConfiguration(MetadataPasswordPostProcessor.class)
                .withPropertyValues("loopline.data-dir=" + dataDir);
    }

    private String url() {
        return "jdbc:h2:file:" + dataDir.resolve("loopline").toAbsolutePath() + ";IFEXISTS=TRUE";
    }

    private Path passwordFile() {
        return dataDir.resolve("metadata-db.password");
    }

    private void createLegacyDatabase() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url().replace(";IFEXISTS=TRUE", ""), "loopline",
                "loopline"); Statement statement = connection.createStatement()) {
            statement.execute("create table legacy_note (id int primary key, note varchar(50))");
            statement.execute("insert into legacy_note values (1, 'kept across the migration')");
        }
    }

    private void assertRefused(String password) {
        assertThatExceptionOfType(SQLException.class)
                .isThrownBy(() -> DriverManager.getConnection(url(), "loopline", password).close())
                .satisfies(e -> assertThat(e.getErrorCode()).isEqualTo(ErrorCode.WRONG_USER_OR_PASSWORD));
    }

    private static String note(DataSource dataSource) {
        return new JdbcTemplate(dataSource).queryForObject("select note from legacy_note where id = 1", String.class);
    }

    @Test
    void movesADatabaseMadeWithTheOldFixedPasswordToAGeneratedOneAndKeepsItsData(CapturedOutput output)
            throws Exception {
        createLegacyDatabase();

        app().run(context -> assertThat(note(context.getBean(DataSource.class))).isEqualTo("kept across the migration"));

        assertThat(dataDir.resolve("loopline.trace.db")).as("no stack trace for the expected wrong guess").doesNotExist();
        String password = Files.readString(passwordFile());
        assertThat(password).hasSizeGreaterThanOrEqualTo(32).isNotEqualTo("loopline");
        assertRefused("loopline");
        try (Connection connection = DriverManager.getConnection(url(), "loopline", password)) {
            assertThat(connection.isValid(1)).isTrue();
        }
        assertThat(output).containsOnlyOnce("Changed the metadata database's password from the old fixed default");
    }

    @Test
    void restartsWithThePasswordFileAndSaysNothingMore(CapturedOutput output) throws Exception {
        app().run(context -> new JdbcTemplate(context.getBean(DataSource.class))
                .execute("create table legacy_note (id int primary key, note varchar(50)) as select 1, 'first start'"));
        String password = Files.readString(passwordFile());
        assertThat(output).containsOnlyOnce("Generated a random password for the metadata database");

        app().run(context -> assertThat(note(context.getBean(DataSource.class))).isEqualTo("first start"));

        assertThat(Files.readString(passwordFile())).isEqualTo(password);
        assertThat(output).containsOnlyOnce("Generated a random password").doesNotContain("Changed the metadata");
        assertRefused("loopline");
    }

    @Test
    void finishesAMigrationInterruptedAfterThePasswordFileWasWritten() throws Exception {
        createLegacyDatabase();
        Files.writeString(passwordFile(), "written-before-the-crash-0123456789abcdef");

        app().run(context -> assertThat(note(context.getBean(DataSource.class))).isEqualTo("kept across the migration"));

        assertRefused("loopline");
        DriverManager.getConnection(url(), "loopline", "written-before-the-crash-0123456789abcdef").close();
    }

    @Test
    void takesTheSharedPasswordFromTheEnvironmentWithoutWritingAFile() throws Exception {
        createLegacyDatabase();

        app().withPropertyValues("LOOPLINE_METADATA_PASSWORD=shared-by-every-node-0123456789abcdef")
                .run(context -> assertThat(note(context.getBean(DataSource.class))).isEqualTo("kept across the migration"));

        assertThat(passwordFile()).doesNotExist();
        assertRefused("loopline");
        DriverManager.getConnection(url(), "loopline", "shared-by-every-node-0123456789abcdef").close();
    }

    @Test
    void leavesAnExplicitlyConfiguredPasswordAlone() throws Exception {
        app().withPropertyValues("spring.datasource.password=chosen-by-the-operator")
                .run(context -> new JdbcTemplate(context.getBean(DataSource.class)).execute("select 1"));

        assertThat(passwordFile()).doesNotExist();
        DriverManager.getConnection(url(), "loopline", "chosen-by-the-operator").close();
    }

    @Test
    void leavesMetadataOutsideAnH2FileAlone() {
        app().withPropertyValues("spring.datasource.url=jdbc:postgresql://localhost:1/loopline")
                .run(context -> assertThat(context.getBean(DataSourceProperties.class).getPassword()).isNull());

        assertThat(passwordFile()).doesNotExist();
    }

    @Test
    void refusesToStartOnADatabaseThatTakesNoKnownPassword() throws Exception {
        DriverManager.getConnection(url().replace(";IFEXISTS=TRUE", ""), "loopline", "somebody-elses").close();

        app().run(context -> assertThat(context).getFailure().rootCause()
                .hasMessageContaining("does not accept user 'loopline' with the configured password"));
    }
}
