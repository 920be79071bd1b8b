package dev.loopline.backup;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The backup module's settings ({@code loopline.backup.*}).
 *
 * @param minInterval the shortest time a backup policy's schedule may leave between two backups (default 5 minutes);
 *        a schedule that fires more often is refused with a 400
 */
@ConfigurationProperties("loopline.backup")
public record BackupProperties(@DefaultValue("5m") Duration minInterval) {
}
