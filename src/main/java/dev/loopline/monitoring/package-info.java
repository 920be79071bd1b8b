/**
 * Loopline's own metrics ({@code loopline.*} meters, scraped at {@code /actuator/prometheus}; see
 * {@code docs/monitoring.md} and {@code docs/grafana-loopline.json}). The module only listens: it records meters from
 * other modules' domain events and reads their public services for gauges; nothing depends on it.
 *
 * <p>Labels are bounded: states, outcomes, phases, job groups (module names) and, for backup gauges, the managed
 * database's name. Never a branch name, SQL or commit text.
 */
package dev.loopline.monitoring;
