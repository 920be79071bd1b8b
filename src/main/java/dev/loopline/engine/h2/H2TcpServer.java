package dev.loopline.engine.h2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.SocketAddress;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.h2.server.GateOnlyTcpServer;
import org.h2.tools.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.loopline.engine.EngineException;

/**
 * H2's TCP server, started inside Loopline over the branches directory, behind Loopline's {@link H2ConnectionGate}.
 * It shares the databases Loopline has open and never creates a database a client asks for ({@code -ifExists}).
 * H2 itself listens on an ephemeral port and serves only connections the gate opened ({@link GateOnlyTcpServer});
 * clients connect to the gate on
 * {@code loopline.engine.h2.tcp-port} ({@link #port()}), which refuses URL settings, file prefixes and names that
 * are not a branch before H2 sees them.
 */
public class H2TcpServer {

    private static final Logger log = LoggerFactory.getLogger(H2TcpServer.class);

    private final Path baseDir;
    private final H2EngineProperties properties;
    private Server server;
    private H2ConnectionGate gate;
    /** Local addresses (loopback and port) of the gate's connections to H2: H2 serves no other connection. */
    private final Set<SocketAddress> gateSources = ConcurrentHashMap.newKeySet();
    /** Until an engine says how to prepare a branch for a client, no client is let in. */
    private volatile H2ConnectionGate.ClientGuard clientGuard = database -> {
        throw new SQLException("Loopline is starting: try again in a moment.", "HY000", 50000);
    };

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
            // never -tcpAllowOthers, and only connections the gate opened
            server = new Server(new GateOnlyTcpServer(socket -> gateSources.contains(socket.getRemoteSocketAddress())),
                    "-tcpPort", "0", "-baseDir", baseDir.toString(),
                    "-ifExists").start();
        }
        catch (SQLException | IOException e) {
            throw new EngineException("Could not start the H2 TCP server: " + e.getMessage(), e);
        }
        try {
            gate = H2ConnectionGate.open(properties.tcpPort(), properties.tcpAllowOthers(), server.getPort(),
                    gateSources, database -> clientGuard.prepare(database));
        }
        catch (IOException e) {
            server.stop();
            server = null;
            throw new EngineException("Could not listen for branch connections on port " + properties.tcpPort()
                    + ": " + e.getMessage() + ". Set loopline.engine.h2.tcp-port to a free port (0 picks one).", e);
        }
        log.info("Branch databases are served on port {} ({}), through Loopline's connection gate.", gate.port(),
                properties.tcpAllowOthers() ? "all hosts" : "this host only");
    }

    /** What runs before each client's session request reaches H2 (the engine opens and clears the branch). */
    void beforeEachClient(H2ConnectionGate.ClientGuard guard) {
        this.clientGuard = guard;
    }

    /**
     * Holds client requests to the branch at the gate until the returned pause is closed (see
     * {@link H2ConnectionGate#pauseClients}); nothing to hold when the server is not running.
     */
    AutoCloseable pauseClients(dev.loopline.engine.BranchDatabase branch) throws InterruptedException {
        H2ConnectionGate current;
        synchronized (this) {
            current = gate;
        }
        return current == null ? () -> {
        } : current.pauseClients(branch);
    }

    /** How many branches the gate keeps traffic state for; for tests. */
    synchronized int branchesWithTraffic() {
        return gate == null ? 0 : gate.branchesWithTraffic();
    }

    /** Ends every client connection and lets no new one in (Loopline is stopping); H2's server stays for the rest. */
    public synchronized void stopClients() {
        if (gate != null) {
            gate.close();
            gate = null;
        }
    }

    /** Stops the gate (ending every client connection), then H2's server. */
    public synchronized void stop() {
        if (gate != null) {
            gate.close();
            gate = null;
        }
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /**
     * Whether clients can reach branches now: the gate listens and H2's server behind it runs (checked without
     * opening a connection, so cheap enough for every health check).
     */
    public synchronized boolean isRunning() {
        return gate != null && gate.isListening() && server != null && server.isRunning(false);
    }

    /** Whether the gate accepts connections from other hosts too ({@code loopline.engine.h2.tcp-allow-others}). */
    public boolean allowsOthers() {
        return properties.tcpAllowOthers();
    }

    /** The port clients connect to: the gate's. */
    public synchronized int port() {
        if (gate == null) {
            throw new IllegalStateException("The H2 TCP server is not running");
        }
        return gate.port();
    }

    /** H2's own port behind the gate, which serves only the gate; for tests. */
    synchronized int h2Port() {
        if (server == null) {
            throw new IllegalStateException("The H2 TCP server is not running");
        }
        return server.getPort();
    }

    public Path baseDir() {
        return baseDir;
    }
}
