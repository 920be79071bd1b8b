package dev.loopline.insights;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The insights module's settings ({@code loopline.insights.*}).
 *
 * @param retention          how long per-minute samples are kept (default 7 days); a cleanup job deletes older ones
 *                           and patterns not seen since
 * @param maxStatements      statement texts the engine keeps per database (H2: {@code QUERY_STATISTICS_MAX_ENTRIES}
 *                           is set to twice this); texts beyond it are dropped oldest first
 * @param largeTableRows     a full scan of a table with at least this many rows is worth an index recommendation
 * @param unusedTableDays    a table no sampled pattern read for this many days is flagged (only once statistics have
 *                           been sampled for that long)
 * @param slowdownFactor     after a deploy, a pattern whose average time grew by this factor or more is flagged
 * @param slowdownMinExecutions executions needed on each side of the cutover before a slowdown is claimed
 */
@ConfigurationProperties("loopline.insights")
public record InsightsProperties(@DefaultValue("7d") Duration retention, @DefaultValue("500") int maxStatements,
        @DefaultValue("10000") long largeTableRows, @DefaultValue("30") int unusedTableDays,
        @DefaultValue("1.5") double slowdownFactor, @DefaultValue("5") long slowdownMinExecutions) {
}
