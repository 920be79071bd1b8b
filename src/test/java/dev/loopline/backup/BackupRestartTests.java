package dev.loopline.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
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
import dev.loopline.database.DatabaseService;
import dev.loopline.database.ManagedDatabase;
import dev.loopline.scheduling.JobsService;

/** Schedules, job history and backups are all still there after Loopline stops and starts on the same data. */
class BackupRestartTests {

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start() {
        // a scheduler name of its own: Quartz keys data sources JVM-wide by scheduler name
        return new SpringApplicationBuilder(LooplineApplication.class).profiles("test")
                .run("--loopline.data-dir=" + dataDir, "--server.port=0", "--spring.main.banner-mode=off",
                        "--spring.quartz.scheduler-name=loopline-backup-restart");
    }

    private static void actAsAdmin() {
        ActorPrincipal principal = () -> new Actor(Actor.Type.USER, 1L, "admin", java.util.Set.of(Role.ADMIN));
        SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken(principal, "", List.of(
                new org.springframework.security.core.authority.SimpleGrantedAuthority("ROLE_ADMIN"))));
    }

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void policyTriggersJobHistoryAndBackupsSurviveARestart() {
        long backupId;
        try (ConfigurableApplicationContext first = start()) {
            actAsAdmin();
            first.getBean(DatabaseService.class).create("durable", null, ManagedDatabase.DatabaseSettings.defaults());
            BackupPolicyService policies = first.getBean(BackupPolicyService.class);
            policies.update("durable", "0 0 2 * * ?", 9, null, true);
            JobsService jobs = first.getBean(JobsService.class);
            jobs.run("backup", "policy-durable");
            BackupService backups = first.getBean(BackupService.class);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> jobs.job("backup", "policy-durable")
                    .lastResult().isPresent());
            assertThat(jobs.job("backup", "policy-durable").lastResult().get().isSuccess()).isTrue();
            List<Backup> taken = backups.list("durable", "main");
            assertThat(taken).hasSize(1);
            backupId = taken.get(0).getId();
            jobs.pause("backup", "retention");
        }
        try (ConfigurableApplicationContext second = start()) {
            actAsAdmin();
            JobsService jobs = second.getBean(JobsService.class);
            var policyJob = jobs.job("backup", "policy-durable");
            assertThat(policyJob.cron()).isEqualTo("0 0 2 * * ?");
            assertThat(policyJob.schedule()).isEqualTo("Every day at 02:00 UTC");
            assertThat(policyJob.nextFireAt()).isNotNull();
            assertThat(policyJob.lastResult()).hasValueSatisfying(run -> assertThat(run.getMessage()).contains("Backed up main"));
            assertThat(jobs.job("backup", "retention").state()).as("a paused job stays paused").isEqualTo("paused");
            Backup backup = second.getBean(BackupService.class).get("durable", backupId);
            assertThat(backup.getState()).isEqualTo(BackupState.SUCCESS);
            assertThat(backup.getVerification()).isEqualTo(Backup.Verification.PASSED);
            assertThat(backup.getRetentionDays()).isEqualTo(9);
            assertThat(dataDir.resolve("backups/durable/main/" + backupId + ".backup")).exists();
        }
    }
}
