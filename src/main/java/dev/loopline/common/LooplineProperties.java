package dev.loopline.common;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Loopline's own settings ({@code loopline.*}).
 *
 * @param dataDir where the metadata database, branch databases and backups live
 */
@ConfigurationProperties("loopline")
public record LooplineProperties(@DefaultValue("./data") Path dataDir) {
}
