package dev.loopline.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.quartz.CronScheduleBuilder;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;

import dev.loopline.support.LocalPostgres;

/**
 * Two Loopline nodes' schedulers, configured as application.properties configures them, on one PostgreSQL job
 * store: every fire of every trigger runs exactly once, on one node or the other.
 */
class QuartzClusterTests {

    private static final String SCHEDULER = "loopline-cluster-test";
    private final List<Scheduler> nodes = new ArrayList<>();

    /** Records each fire: which trigger, for which scheduled time, on which node. */
    public static class RecordingJob implements Job {
        @Override
        public void execute(JobExecutionContext context) throws JobExecutionException {
            try (Connection c = DriverManager.getConnection(context.getMergedJobDataMap().getString("url"), "loopline", "");
                    PreparedStatement insert = c.prepareStatement("INSERT INTO cluster_fire VALUES (?, ?, ?)")) {
                insert.setString(1, context.getTrigger().getKey().getName());
                insert.setLong(2, context.getScheduledFireTime().getTime());
                insert.setString(3, context.getScheduler().getSchedulerInstanceId());
                insert.executeUpdate();
            }
            catch (Exception e) {
                throw new JobExecutionException(e);
            }
        }
    }

    /** The Quartz settings of application.properties and its postgres profile, as Spring Boot hands them to Quartz. */
    private static Properties looplineQuartzProperties() throws IOException {
        Properties quartz = new Properties();
        for (String file : List.of("/application.properties", "/application-postgres.properties")) {
            Properties spring = new Properties();
            try (InputStream in = QuartzClusterTests.class.getResourceAsStream(file)) {
                spring.load(in);
            }
            String prefix = "spring.quartz.properties.";
            spring.stringPropertyNames().stream().filter(k -> k.startsWith(prefix))
                    .forEach(k -> quartz.setProperty(k.substring(prefix.length()), spring.getProperty(k)));
        }
        return quartz;
    }

    private Scheduler node(String instanceId, String url) throws Exception {
        Properties p = looplineQuartzProperties();
        assertThat(p).containsEntry("org.quartz.jobStore.isClustered", "true")
                .containsEntry("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        p.setProperty("org.quartz.scheduler.instanceName", SCHEDULER);
        p.setProperty("org.quartz.scheduler.instanceId", instanceId);
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.dataSource", "ds-" + instanceId);
        p.setProperty("org.quartz.dataSource.ds-" + instanceId + ".provider", "hikaricp");
        p.setProperty("org.quartz.dataSource.ds-" + instanceId + ".driver", "org.postgresql.Driver");
        p.setProperty("org.quartz.dataSource.ds-" + instanceId + ".URL", url);
        p.setProperty("org.quartz.dataSource.ds-" + instanceId + ".user", "loopline");
        p.setProperty("org.quartz.dataSource.ds-" + instanceId + ".password", "");
        p.setProperty("org.quartz.dataSource.ds-" + instanceId + ".maxConnections", "8");
        p.setProperty("org.quartz.threadPool.threadCount", "4");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        Scheduler scheduler = new StdSchedulerFactory(p).getScheduler();
        // Quartz looks schedulers up JVM-wide by name; both nodes share the name, as a cluster's nodes do
        SchedulerRepository.getInstance().remove(SCHEDULER);
        nodes.add(scheduler);
        return scheduler;
    }

    private static String freshDatabase() throws SQLException {
        LocalPostgres postgres = LocalPostgres.get();
        String name = "cluster_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), "")) {
            c.createStatement().execute("CREATE DATABASE " + name);
        }
        String url = postgres.jdbcUrl().substring(0, postgres.jdbcUrl().lastIndexOf('/') + 1) + name;
        Flyway.configure().dataSource(url, postgres.username(), "").locations("classpath:db/migration")
                .placeholders(Map.of("blob_type", "BYTEA")).load().migrate();
        try (Connection c = DriverManager.getConnection(url, postgres.username(), "")) {
            c.createStatement().execute("CREATE TABLE cluster_fire (trigger_name VARCHAR(200), scheduled_at BIGINT, node VARCHAR(200))");
        }
        return url;
    }

    @AfterEach
    void stopNodes() throws Exception {
        for (Scheduler node : nodes) {
            node.shutdown(true);
        }
    }

    @Test
    void twoNodesOnOnePostgresJobStoreRunEachFireOnce() throws Exception {
        String url = freshDatabase();
        Scheduler a = node("node-a", url);
        Scheduler b = node("node-b", url);
        JobDetail job = JobBuilder.newJob(RecordingJob.class).withIdentity("record", "cluster-test").usingJobData("url", url)
                .storeDurably().build();
        a.addJob(job, false);
        Date start = new Date((System.currentTimeMillis() / 1000 + 3) * 1000);
        Date end = new Date(start.getTime() + 15_000);
        int expected = 0;
        for (int i = 0; i < 8; i++) {
            Trigger trigger = TriggerBuilder.newTrigger().forJob(job).withIdentity("every-second-" + i, "cluster-test")
                    .withSchedule(CronScheduleBuilder.cronSchedule("* * * * * ?").withMisfireHandlingInstructionFireAndProceed())
                    .startAt(start).endAt(end).build();
            for (Date at = trigger.getFireTimeAfter(new Date(start.getTime() - 1)); at != null; at = trigger.getFireTimeAfter(at)) {
                expected++;
            }
            a.scheduleJob(trigger);
        }
        a.start();
        b.start();
        long want = expected;

        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> count(url, "SELECT COUNT(DISTINCT (trigger_name, scheduled_at)) FROM cluster_fire") >= want);
        // every trigger has passed its end: nothing more may come, and nothing came twice
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> a.getTriggerKeys(
                org.quartz.impl.matchers.GroupMatcher.triggerGroupEquals("cluster-test")).isEmpty());
        assertThat(count(url, "SELECT COUNT(DISTINCT (trigger_name, scheduled_at)) FROM cluster_fire")).isEqualTo(want);
        assertThat(count(url, "SELECT COUNT(*) FROM cluster_fire")).as("fires run more than once").isEqualTo(want);
        System.out.printf("Cluster test: %d fires, node-a ran %d, node-b ran %d%n", want,
                count(url, "SELECT COUNT(*) FROM cluster_fire WHERE node = 'node-a'"),
                count(url, "SELECT COUNT(*) FROM cluster_fire WHERE node = 'node-b'"));
    }

    private static long count(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "loopline", "");
                var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
