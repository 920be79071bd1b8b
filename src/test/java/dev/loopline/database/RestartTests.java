package dev.loopline.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import dev.loopline.LooplineApplication;
import dev.loopline.common.Actor;
import dev.loopline.common.ActorPrincipal;
import dev.loopline.common.Role;

/** Stops Loopline and starts it again on the same data directory: branches, users and passwords are all still there. */
class RestartTests {

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start() {
        // a scheduler name of its own: Quartz keys data sources JVM-wide by scheduler name (see KillAndResumeTests)
        return new SpringApplicationBuilder(LooplineApplication.class).profiles("test")
                .run("--loopline.data-dir=" + dataDir, "--server.port=0", "--spring.main.banner-mode=off",
                        "--spring.quartz.scheduler-name=loopline-restart");
    }

    private static void actAsAdmin() {
        ActorPrincipal principal = () -> new Actor(Actor.Type.USER, 1L, "admin", java.util.Set.of(Role.ADMIN));
        var auth = new TestingAuthenticationToken(principal, "", List.of(
                new org.springframework.security.core.authority.SimpleGrantedAuthority("ROLE_ADMIN")));
        SecurityContextHolder.getContext().setAuthentication(auth);
    }

    @Test
    void keepsBranchesUsersAndPasswordsAcrossARestart() throws Exception {
        String username;
        String secret;
        try (ConfigurableApplicationContext first = start()) {
            actAsAdmin();
            first.getBean(DatabaseService.class).create("durable", null, ManagedDatabase.DatabaseSettings.defaults());
            first.getBean(BranchService.class).setSafeMigrations("durable", "main", false);
            first.getBean(SqlConsole.class).run("durable", "main",
                    "CREATE TABLE parcels (id INT PRIMARY KEY, city VARCHAR(20)); INSERT INTO parcels VALUES (1, 'Oslo');");
            first.getBean(BranchService.class).create("durable", "feature", null);
            var created = first.getBean(BranchPasswordService.class).create("durable", "main", "keeper", "readwriter", null);
            username = created.password().getUsername();
            secret = created.plainText();
        }
        finally {
            SecurityContextHolder.clearContext();
        }
        assertThat(Files.exists(dataDir.resolve("branches/durable/feature.mv.db"))).isTrue();

        try (ConfigurableApplicationContext second = start()) {
            actAsAdmin();
            BranchService branches = second.getBean(BranchService.class);
            assertThat(branches.list("durable")).extracting(Branch::getName).containsExactlyInAnyOrder("main", "feature");
            assertThat(branches.schema(branches.get("durable", "feature")).table("parcels")).isPresent();
            assertThat(second.getBean(BranchPasswordService.class).list("durable", "main"))
                    .extracting(BranchPassword::getName).containsExactly("keeper");
            String url = branches.connectionDetails(branches.get("durable", "main")).jdbcUrl();
            try (Connection connection = DriverManager.getConnection(url, username, secret);
                    ResultSet rows = connection.createStatement().executeQuery("SELECT city FROM parcels")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("Oslo");
            }
        }
        finally {
            SecurityContextHolder.clearContext();
        }
    }
}
