package dev.loopline.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
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
import dev.loopline.database.DatabaseService;
import dev.loopline.database.ManagedDatabase;
import dev.loopline.scheduling.JobsService;

/**
 * Loopline down over several of a policy's fire times: when it is back, the policy takes exactly one catch-up
 * backup, not one per missed time and not none.
 */
class BackupMisfireTests {

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(LooplineApplication.class).profiles("test")
                .run("--loopline.data-dir=" + dataDir, "--server.port=0", "--spring.main.banner-mode=off",
                        "--spring.quartz.scheduler-name=loopline-backup-misfire");
    }

    private static void actAsAdmin() {
        ActorPrincipal principal = () -> new Actor(Actor.Type.USER, 1L, "admin", Set.of(Role.ADMIN));
        SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken(principal, "",
                List.of(new SimpleGrantedAuthority("ROLE_ADMIN"))));
    }

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    /** What the stopped Loopline's Quartz store holds as the policy trigger's next fire time; {@code set} moves it. */
    private long nextFireTime(Long set) throws Exception {
        String password = java.nio.file.Files.readString(dataDir.resolve("metadata-db.password")).strip();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("loopline"), "loopline", password)) {
            if (set != null) {
                try (PreparedStatement update = c.prepareStatement("UPDATE qrtz_triggers SET next_fire_time = ? "
                        + "WHERE trigger_group = 'backup' AND trigger_name = 'policy-missed'")) {
                    update.setLong(1, set);
                    assertThat(update.executeUpdate()).isEqualTo(1);
                }
            }
            try (ResultSet rs = c.createStatement().executeQuery("SELECT next_fire_time, trigger_state FROM qrtz_triggers "
                    + "WHERE trigger_group = 'backup' AND trigger_name = 'policy-missed'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(2)).isEqualTo("WAITING");
                return rs.getLong(1);
            }
        }
    }

    @Test
    void afterDowntimeOverSeveralFireTimesAPolicyTakesExactlyOneCatchUpBackup() throws Exception {
        // daily, twelve hours away from now: no fire is due while the test runs
        int hour = (Instant.now().atZone(ZoneOffset.UTC).getHour() + 12) % 24;
        try (ConfigurableApplicationContext first = start()) {
            actAsAdmin();
            first.getBean(DatabaseService.class).create("missed", null, ManagedDatabase.DatabaseSettings.defaults());
            first.getBean(BackupPolicyService.class).update("missed", "0 " + hour + " * * *", 3, null, false);
            first.getBean(JobsService.class).pause("backup", "retention");
        }
        // down for four days: four daily fire times passed while nothing ran
        long next = nextFireTime(null);
        long fourDaysEarlier = next - Duration.ofDays(4).toMillis();
        assertThat(nextFireTime(fourDaysEarlier)).isEqualTo(fourDaysEarlier);

        try (ConfigurableApplicationContext second = start()) {
            actAsAdmin();
            BackupService backups = second.getBean(BackupService.class);
            JobsService jobs = second.getBean(JobsService.class);
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> jobs.job("backup", "policy-missed").lastResult()
                    .isPresent());
            assertThat(jobs.job("backup", "policy-missed").lastResult().get().isSuccess()).isTrue();
            // and no further catch-up backups follow
            Awaitility.await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                    .until(() -> backups.list("missed", "main").size() == 1);
            assertThat(backups.list("missed", "main")).singleElement().satisfies(b -> {
                assertThat(b.isScheduled()).isTrue();
                assertThat(b.getState()).isEqualTo(BackupState.SUCCESS);
            });
            assertThat(jobs.job("backup", "policy-missed").nextFireAt()).isAfter(Instant.now())
                    .isEqualTo(Instant.ofEpochMilli(next));
        }
    }
}
