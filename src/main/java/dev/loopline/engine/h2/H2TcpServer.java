package dev.loopline.engine.h2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.h2.tools.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.loopline.engine.EngineException;

/**
 * H2's TCP server, started inside Loopline over the branches directory. It shares the databases Loopline has open
 * and never creates a database a client asks for ({@code -ifExists}).
 */
public class H2TcpServer {

    private static final Logger log = LoggerFactory.getLogger(H2TcpServer.class);

    private final Path baseDir;
    private final H2EngineProperties properties;
    private Server server;

    public H2TcpServer(Path baseDir, H2EngineProperties properties) {
        this.baseDir = baseDir.toAbsolutePath().normalize();
        this.properties = properties;
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            Files.createDirectories(baseDir);
            List<String> args = new ArrayList<>(List.of("-tcpPort", String.valueOf(properties.tcpPort()), "-baseDir",
                    baseDir.toString(), "-ifExists"));
            if (properties.tcpAllowOthers()) {
                args.add("-tcpAllowOthers");
            }
            server = Server.createTcpServer(args.toArray(String[]::new)).start();
            log.info("Branch databases are served on port {} ({}).", server.getPort(),
                    properties.tcpAllowOthers() ? "all interfaces" : "loopback only");
        }
        catch (SQLException | IOException e) {
            throw new EngineException("Could not start the H2 TCP server on port " + properties.tcpPort()
                    + ": " + e.getMessage() + ". Set loopline.engine.h2.tcp-port to a free port (0 picks one).", e);
        }
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("The H2 TCP server is not running");
        }
        return server.getPort();
    }

    public Path baseDir() {
        return baseDir;
    }
}
