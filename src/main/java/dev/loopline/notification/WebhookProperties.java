package dev.loopline.notification;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of outgoing webhooks ({@code loopline.webhooks.*}).
 *
 * @param allowPrivateNetwork  send to loopback, link-local and private addresses too (a local demo, tests); off by
 *                             default so a webhook cannot reach Loopline's own network
 * @param disableAfterFailures a webhook is disabled after this many failed attempts in a row (default 15)
 * @param maxAttempts          attempts per message before it is given up (default 11: about a day of back-off)
 * @param timeout              connect and response timeout of one attempt (default 10 s)
 * @param keepFinished         how long delivered and given-up messages (with their delivery log) are kept before the
 *                             hourly {@code notification/outbox-pruner} job deletes them (default 30 days)
 */
@ConfigurationProperties("loopline.webhooks")
public record WebhookProperties(@DefaultValue("false") boolean allowPrivateNetwork,
        @DefaultValue("15") int disableAfterFailures, @DefaultValue("11") int maxAttempts,
        @DefaultValue("10s") Duration timeout, @DefaultValue("30d") Duration keepFinished) {
}
