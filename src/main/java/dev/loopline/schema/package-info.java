/**
 * The neutral schema model ({@link dev.loopline.schema.SchemaSnapshot}) every engine inspects into, and (later) diffs,
 * DDL rendering and lint rules. Pure code: no I/O, no Spring.
 */
package dev.loopline.schema;
