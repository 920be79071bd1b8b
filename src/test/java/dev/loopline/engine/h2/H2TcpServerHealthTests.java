package dev.loopline.engine.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Status;

/** The health of the branches' TCP server follows the server: UP while it serves, DOWN once stopped. */
class H2TcpServerHealthTests {

    @Test
    void isDownOnceTheServerStops(@TempDir Path dir) {
        H2TcpServer server = new H2TcpServer(dir, new H2EngineProperties(0, false, "localhost"));
        var health = new H2TcpServerHealthIndicator(server);
        assertThat(health.health().getStatus()).as("not started yet").isEqualTo(Status.DOWN);
        server.start();
        try {
            var up = health.health();
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails()).containsEntry("port", server.port());
        }
        finally {
            server.stop();
        }
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.health().getDetails().get("reason").toString()).contains("stopped");
    }
}
