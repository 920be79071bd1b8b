/**
 * Backups of branches: manual and scheduled (a backup policy per database, each a Quartz trigger), retention,
 * test restores that prove a backup restores with the same content, and the seeds data branching restores from.
 */
package dev.loopline.backup;
