/**
 * The engine SPI: everything Loopline asks of a real database server, behind {@link dev.loopline.engine.DatabaseEngine}.
 * Nothing outside an engine's own package knows which server it is. {@code engine.h2} is the embedded default.
 */
package dev.loopline.engine;
