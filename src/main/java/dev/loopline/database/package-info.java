/**
 * Managed databases, their branches (each a real, isolated database on an engine), branch passwords, safe
 * migrations and the SQL console. Listens to iteration events to give iterations their branches.
 */
package dev.loopline.database;
