package dev.loopline.engine;

/** How a client reaches a branch database: host, port and a ready JDBC URL. */
public record ConnectionDetails(String host, int port, String jdbcUrl) {
}
