package dev.loopline.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.zaxxer.hikari.HikariDataSource;

import dev.loopline.support.LocalPostgres;

/**
 * Two Loopline nodes sharing one PostgreSQL metadata database, each with its own connection pool and its own
 * sender (as each node's Quartz scheduler runs it), sending the same outbox at the same time: every message reaches
 * the receiver exactly once. The schema is Loopline's own, migrated by Flyway into a database of this test's.
 */
class OutboxPostgresTests {

    private static HikariDataSource nodeA;
    private static HikariDataSource nodeB;

    @BeforeAll
    static void database() {
        LocalPostgres postgres = LocalPostgres.get();
        String name = "outbox_" + UUID.randomUUID().toString().substring(0, 8);
        try (HikariDataSource admin = pool(postgres.jdbcUrl(), postgres.username())) {
            new JdbcTemplate(admin).execute("CREATE DATABASE " + name);
        }
        String url = postgres.jdbcUrl().replace("/postgres", "/" + name);
        nodeA = pool(url, postgres.username());
        nodeB = pool(url, postgres.username());
        Flyway.configure().dataSource(nodeA).placeholders(Map.of("blob_type", "BYTEA")).load().migrate();
    }

    @AfterAll
    static void close() {
        nodeA.close();
        nodeB.close();
    }

    private static HikariDataSource pool(String url, String user) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername(user);
        pool.setPassword("");
        pool.setMaximumPoolSize(3);
        return pool;
    }

    private static OutboxSender sender(HikariDataSource pool) {
        return new OutboxSender(new Outbox(new JdbcTemplate(pool)),
                new TransactionTemplate(new DataSourceTransactionManager(pool)), Clock.systemUTC(),
                new WebhookProperties(true, 1000, 11, Duration.ofSeconds(10), Duration.ofDays(30)), new UrlGuard(true, UrlGuard.DNS),
                sealed -> sealed, event -> { }, new EventCatalogue());
    }

    @Test
    void twoNodesDeliverEachMessageOnce() throws Exception {
        int messages = 120;
        try (Receiver receiver = new Receiver().slow(5)) {
            JdbcTemplate jdbc = new JdbcTemplate(nodeA);
            jdbc.update("INSERT INTO webhook (url, kind, events, enabled, consecutive_failures, created_by, created_at, "
                    + "version, secret_sealed) VALUES (?, 'GENERIC', '*', TRUE, 0, 'test', now(), 0, ?)",
                    receiver.url("/pg"), StandardWebhooks.newSecret());
            long webhook = jdbc.queryForObject("SELECT max(id) FROM webhook", Long.class);
            Outbox outbox = new Outbox(jdbc);
            Instant now = Instant.now();
            for (int i = 0; i < messages; i++) {
                outbox.enqueue(webhook, "build.failed", Payloads.envelope("build.failed", now, Map.of("n", i)), now);
            }

            OutboxSender a = sender(nodeA);
            OutboxSender b = sender(nodeB);
            ExecutorService nodes = Executors.newFixedThreadPool(2);
            try {
                List<Future<Integer>> runs = new ArrayList<>();
                for (OutboxSender node : List.of(a, b)) {
                    Callable<Integer> run = () -> {
                        int total = 0;
                        for (int sent = -1; sent != 0; total += sent) {
                            sent = node.sendDue(Instant.now());
                        }
                        return total;
                    };
                    runs.add(nodes.submit(run));
                }
                int byA = runs.get(0).get();
                int byB = runs.get(1).get();
                assertThat(byA + byB).isEqualTo(messages);
                assertThat(byA).as("both nodes took part").isPositive();
                assertThat(byB).as("both nodes took part").isPositive();
            }
            finally {
                nodes.shutdownNow();
            }
            List<String> ids = receiver.requestsTo("/pg").stream().map(r -> r.header("webhook-id")).toList();
            assertThat(ids).hasSize(messages).doesNotHaveDuplicates();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_message WHERE state = 'delivered'", Integer.class))
                    .isEqualTo(messages);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_attempt", Integer.class)).isEqualTo(messages);
        }
    }

    @Test
    void aClaimHeldByOneNodeKeepsTheOtherOff() {
        JdbcTemplate jdbc = new JdbcTemplate(nodeA);
        jdbc.update("INSERT INTO webhook (url, kind, events, enabled, consecutive_failures, created_by, created_at, "
                + "version) VALUES ('http://127.0.0.1:9/x', 'SLACK', '*', TRUE, 0, 'test', now(), 0)");
        long webhook = jdbc.queryForObject("SELECT max(id) FROM webhook", Long.class);
        Instant now = Instant.now();
        long id = new Outbox(jdbc).enqueue(webhook, "build.failed", "{}", now);
        assertThat(new Outbox(jdbc).claim(id, "node-a", now, now.plusSeconds(300))).isTrue();
        assertThat(new Outbox(new JdbcTemplate(nodeB)).claim(id, "node-b", now, now.plusSeconds(300))).isFalse();
        assertThat(new Outbox(new JdbcTemplate(nodeB)).claim(id, "node-b", now.plusSeconds(301), now.plusSeconds(600)))
                .as("an expired claim (a dead node) is taken over").isTrue();
    }
}
