package dev.loopline.deployrequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

import dev.loopline.LooplineApplication;
import dev.loopline.common.Actor;
import dev.loopline.common.ActorPrincipal;
import dev.loopline.common.Role;
import dev.loopline.database.BranchService;
import dev.loopline.database.DatabaseService;
import dev.loopline.database.ManagedDatabase;
import dev.loopline.database.SqlConsole;

/** Loopline stops in the middle of a deploy's copy; started again, the deploy resumes and completes. */
class KillAndResumeTests {

    private static final int ROWS = 60_000;

    @TempDir
    Path dataDir;

    /**
     * Quartz registers each scheduler's data source JVM-wide by scheduler name: a context of its own must use a name
     * of its own, or closing it would take the shared test context's data source with it.
     */
    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(LooplineApplication.class).profiles("test")
                .run("--loopline.data-dir=" + dataDir, "--server.port=0", "--spring.main.banner-mode=off",
                        "--loopline.deploy.chunk-size=200", "--spring.quartz.scheduler-name=loopline-kill-and-resume");
    }

    private static void actAs(String name, Role role) {
        ActorPrincipal principal = () -> new Actor(Actor.Type.USER, (long) name.hashCode(), name, Set.of(role));
        SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken(principal, "",
                List.of(new SimpleGrantedAuthority(role.authority()))));
    }

    @Test
    void aDeployInterruptedMidCopyResumesAfterARestart() {
        try (ConfigurableApplicationContext first = start()) {
            actAs("admin", Role.ADMIN);
            first.getBean(DatabaseService.class).create("resume", null, ManagedDatabase.DatabaseSettings.defaults());
            first.getBean(BranchService.class).setSafeMigrations("resume", "main", false);
            first.getBean(SqlConsole.class).run("resume", "main", "CREATE TABLE ITEMS (ID BIGINT PRIMARY KEY, VAL VARCHAR(20));"
                    + "INSERT INTO ITEMS SELECT X, 'v' || X FROM SYSTEM_RANGE(1, " + ROWS + ");");
            first.getBean(BranchService.class).setSafeMigrations("resume", "main", true);
            first.getBean(BranchService.class).create("resume", "add-note", null);
            first.getBean(SqlConsole.class).run("resume", "add-note", "ALTER TABLE ITEMS ADD COLUMN NOTE VARCHAR(20) DEFAULT 'n'");
            actAs("dev", Role.DEVELOPER);
            first.getBean(DeployRequestService.class).open("resume", "add-note", null, null, true);
            actAs("admin", Role.ADMIN);
            first.getBean(DeployRequestService.class).review("resume", 1, "approved", null);
            DeployService deploys = first.getBean(DeployService.class);
            deploys.deploy("resume", 1);
            DeployRequestService requests = first.getBean(DeployRequestService.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> deploys.deploymentOf(requests.get("resume", 1))
                    .map(d -> d.getOperations().get(0).getRowsCopied() > 2_000).orElse(false));
        }
        finally {
            SecurityContextHolder.clearContext();
        }

        try (ConfigurableApplicationContext second = start()) {
            DeployRequestService requests = second.getBean(DeployRequestService.class);
            DeployService deploys = second.getBean(DeployService.class);
            long copiedBeforeRestart = deploys.deploymentOf(requests.get("resume", 1)).orElseThrow().getOperations().get(0)
                    .getRowsCopied();
            assertThat(requests.get("resume", 1).getDeploymentState()).as("stopped mid-copy")
                    .isEqualTo(DeploymentState.IN_PROGRESS);
            assertThat(copiedBeforeRestart).isBetween(1L, (long) ROWS - 1);

            await().atMost(Duration.ofSeconds(90)).until(() -> requests.get("resume", 1).getDeploymentState()
                    == DeploymentState.COMPLETE_PENDING_REVERT);
            var operation = deploys.deploymentOf(requests.get("resume", 1)).orElseThrow().getOperations().get(0);
            assertThat(operation.getRowsCopied()).as("every row was copied exactly once across the two runs")
                    .isEqualTo(ROWS);
            actAs("admin", Role.ADMIN);
            var result = second.getBean(SqlConsole.class).run("resume", "main",
                    "SELECT COUNT(*), COUNT(DISTINCT ID), MIN(NOTE), MAX(VAL) FROM ITEMS");
            assertThat(result.results().get(0).rows().get(0)).containsExactly(String.valueOf(ROWS), String.valueOf(ROWS),
                    "n", "v9999");
            assertThat(second.getBean(BranchService.class).schema(second.getBean(BranchService.class).get("resume", "main"))
                    .tables()).extracting(t -> t.name()).containsExactly("ITEMS");
        }
        finally {
            SecurityContextHolder.clearContext();
        }
    }
}
