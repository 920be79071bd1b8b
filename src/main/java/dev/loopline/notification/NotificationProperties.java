package dev.loopline.notification;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of in-app notifications ({@code loopline.notifications.*}).
 *
 * @param keep how long an in-app notification, read or not, is kept after it was created before the hourly
 *             {@code notification/outbox-pruner} job deletes it (default 90 days)
 */
@ConfigurationProperties("loopline.notifications")
public record NotificationProperties(@DefaultValue("90d") Duration keep) {
}
