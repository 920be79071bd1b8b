package org.h2.server;

import java.net.Socket;
import java.util.function.Predicate;

/**
 * H2's TCP server that serves only the connections Loopline's connection gate opened to it
 * ({@code dev.loopline.engine.h2.H2ConnectionGate}), so that a client on this host cannot reach H2 around the gate by
 * finding its ephemeral port. Any other connection gets H2's own "remote connections are not allowed" error.
 *
 * <p>It lives in {@code org.h2.server} because {@code TcpServer#allow(Socket)}, H2's only check per connection, is
 * package-private (H2 2.5.252). {@code H2ConnectionGateTests} connects to H2's port directly and fails if this
 * override stops taking effect (for example after an H2 upgrade renames the method).
 */
public final class GateOnlyTcpServer extends TcpServer {

    private final Predicate<Socket> openedByGate;

    /** @param openedByGate whether a socket H2 accepted is one the gate opened (compare source ports) */
    public GateOnlyTcpServer(Predicate<Socket> openedByGate) {
        this.openedByGate = openedByGate;
    }

    @Override
    boolean allow(Socket socket) {
        return super.allow(socket) && openedByGate.test(socket);
    }
}
