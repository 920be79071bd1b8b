package dev.loopline.engine.h2;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code h2TcpServer}: UP while branch clients can connect (the gate listens and
 * H2's server behind it runs), DOWN otherwise. Details (shown to admins): the port and who may connect.
 */
@Component
class H2TcpServerHealthIndicator extends AbstractHealthIndicator {

    private final H2TcpServer server;

    H2TcpServerHealthIndicator(H2TcpServer server) {
        super("The H2 TCP server of the branches could not be checked");
        this.server = server;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (!server.isRunning()) {
            builder.down().withDetail("reason", "Branch databases are not served over TCP: the server is stopped.");
            return;
        }
        builder.up().withDetail("port", server.port())
                .withDetail("listening_on", server.allowsOthers() ? "all hosts" : "this host only");
    }
}
