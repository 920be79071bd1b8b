/**
 * Loopline's own metadata database. On H2 it gets a random password of its own, generated at first start and kept in
 * {@code <data-dir>/metadata-db.password} (or given in {@code LOOPLINE_METADATA_PASSWORD}); a database made with the
 * old fixed password is moved to it at start. Nothing here is called by other modules: it only configures the
 * application's {@code DataSource} before Flyway, JPA and Quartz open it.
 */
package dev.loopline.metadata;
