package dev.loopline.engine.h2;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.loopline.engine.h2.H2Handshake.Cancel;
import dev.loopline.engine.h2.H2Handshake.Refusal;
import dev.loopline.engine.h2.H2Handshake.Request;

/**
 * Loopline's public TCP port for branch databases: a small listener in front of H2's own TCP server that reads each
 * client's handshake, refuses what could reach past a branch (see {@link H2Handshake} for the rules and the wire
 * format), and otherwise forwards exactly the bytes it read to H2 and pipes both directions until either side closes.
 *
 * <p>Why: H2's TCP server ({@code -baseDir -ifExists}) refuses {@code ../} outside its base directory and admin-only
 * settings for non-admin users, but accepts from any user with a password, among others, {@code ;INIT=<sql>},
 * {@code ;IFEXISTS=FALSE}, {@code ;ACCESS_MODE_DATA=r}, {@code ;FILE_LOCK=NO}, {@code ;AUTO_SERVER=TRUE} (another
 * listener on all interfaces), {@code nio:} prefixes, and a "check key" request that opens the database it names with
 * any settings. H2 has no hook to veto these, so the gate does it before H2 sees the connection.
 *
 * <p>H2's server listens on an ephemeral port and serves only connections the gate opened to it over loopback (it
 * checks their source address and port, see {@link org.h2.server.GateOnlyTcpServer}), so nothing reaches H2 around
 * the gate. Like H2, the gate binds all interfaces and, unless {@code allowOthers}, answers connections from other
 * hosts with H2's "remote connections are not allowed" error.
 * Refusals are answered in H2's protocol (as {@code TcpServerThread#sendError} writes them), so the client's
 * {@link java.sql.SQLException} carries Loopline's message. Each connection costs two daemon threads (one per
 * direction), as it costs one in H2. H2 sees every client as coming from the loopback address.
 */
final class H2ConnectionGate implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(H2ConnectionGate.class);

    /** A client must send its whole handshake within this time. */
    static final int HANDSHAKE_TIMEOUT_MILLIS = 30_000;
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    /** After a refusal, how long the gate reads what the client still sends before closing (avoids a reset). */
    private static final int DRAIN_MILLIS = 2_000;
    private static final int BUFFER_BYTES = 16 * 1024;

    private final ServerSocket listener;
    private final int upstreamPort;
    private final boolean allowOthers;
    private final ExecutorService threads;
    /** Ends handshakes still unfinished after {@link #HANDSHAKE_TIMEOUT_MILLIS} in all, however slowly they trickle in. */
    private final java.util.concurrent.ScheduledExecutorService handshakeDeadlines;
    private final Set<SocketAddress> sourceAddresses;
    private final ClientGuard guard;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final java.util.Map<dev.loopline.engine.BranchDatabase, Traffic> traffic = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private H2ConnectionGate(ServerSocket listener, int upstreamPort, boolean allowOthers,
            Set<SocketAddress> sourceAddresses, ClientGuard guard) {
        this.listener = listener;
        this.guard = guard;
        this.upstreamPort = upstreamPort;
        this.allowOthers = allowOthers;
        this.sourceAddresses = sourceAddresses;
        AtomicInteger count = new AtomicInteger();
        String prefix = "loopline-h2-gate-" + listener.getLocalPort() + "-";
        this.threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.handshakeDeadlines = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, prefix + "deadlines");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts listening.
     *
     * @param port          the public port; 0 picks a free one
     * @param allowOthers   accept connections from other hosts
     * @param upstreamPort  the port of H2's TCP server on this host
     * @param sourceAddresses where the gate keeps the local addresses (loopback and port) of its open connections
     *                      to H2, by which H2 tells them from connections around the gate
     * @param guard         runs before a client's session request reaches H2; what it throws is the client's error
     * @throws IOException  when the port cannot be bound
     */
    static H2ConnectionGate open(int port, boolean allowOthers, int upstreamPort, Set<SocketAddress> sourceAddresses,
            ClientGuard guard) throws IOException {
        ServerSocket listener = new ServerSocket();
        try {
            listener.bind(new InetSocketAddress(port));
        }
        catch (IOException e) {
            listener.close();
            throw e;
        }
        H2ConnectionGate gate = new H2ConnectionGate(listener, upstreamPort, allowOthers, sourceAddresses, guard);
        gate.threads.execute(gate::accept);
        return gate;
    }

    /** What must happen before a client's session request reaches H2. */
    @FunctionalInterface
    interface ClientGuard {

        /**
         * @param database the branch the client asks for (its name already checked)
         * @throws java.sql.SQLException when the client must not be let in; its code, state and message reach the client
         */
        void prepare(dev.loopline.engine.BranchDatabase database) throws java.sql.SQLException;
    }

    /** The public port. */
    int port() {
        return listener.getLocalPort();
    }

    /** Whether the gate still accepts connections. */
    boolean isListening() {
        return !closed && !listener.isClosed() && listener.isBound();
    }

    /** Stops listening and ends every connection through the gate. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        sockets.forEach(this::close);
        handshakeDeadlines.shutdownNow();
        threads.shutdownNow();
        try {
            if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("Some branch connections did not end within 5 s of stopping the gate.");
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            }
            catch (IOException e) {
                if (!closed) {
                    log.warn("The branch connection gate could not accept a connection: {}", e.toString());
                    pauseAfterFailedAccept();
                }
                continue;
            }
            sockets.add(client);
            try {
                threads.execute(() -> serve(client));
            }
            catch (RejectedExecutionException e) {
                close(client);
            }
        }
    }

    /** An accept that fails (e.g. out of file descriptors) would fail again at once: do not spin. */
    private static void pauseAfterFailedAccept() {
        try {
            Thread.sleep(100);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve(Socket client) {
        Socket upstream = null;
        try {
            client.setTcpNoDelay(true);
            if (!allowOthers && !isFromThisHost(client)) {
                refuse(client, Refusal.remote());
                return;
            }
            client.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS);
            var deadline = handshakeDeadlines.schedule(() -> closeQuietly(client), HANDSHAKE_TIMEOUT_MILLIS,
                    TimeUnit.MILLISECONDS);
            InputStream clientIn = new BufferedInputStream(client.getInputStream(), BUFFER_BYTES);
            Recording recording = new Recording(clientIn);
            Request request;
            try {
                request = H2Handshake.read(new DataInputStream(recording));
            }
            catch (H2Handshake.MalformedException e) {
                refuse(client, Refusal.malformed(e.getMessage()));
                return;
            }
            Optional<Refusal> refusal = H2Handshake.check(request);
            if (refusal.isPresent()) {
                refuse(client, refusal.get());
                return;
            }
            if (!deadline.cancel(false)) {
                return; // the deadline closed it meanwhile
            }
            client.setSoTimeout(0);
            Traffic branchTraffic = null;
            if (request instanceof H2Handshake.Connect connect) {
                dev.loopline.engine.BranchDatabase branch = H2Handshake.branchOf(connect);
                try {
                    guard.prepare(branch);
                }
                catch (java.sql.SQLException e) {
                    refuse(client, new Refusal(e.getErrorCode(), e.getSQLState() == null ? "HY000" : e.getSQLState(),
                            e.getMessage()));
                    return;
                }
                // only for branches the guard let in: any name a client makes up would otherwise stay in the map
                branchTraffic = traffic.computeIfAbsent(branch, b -> new Traffic());
            }

            upstream = new Socket();
            sockets.add(upstream);
            if (closed) {
                return;
            }
            upstream.setTcpNoDelay(true);
            // bound before connecting, so that H2 finds the port registered when it accepts the connection
            upstream.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            sourceAddresses.add(upstream.getLocalSocketAddress());
            upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort),
                    CONNECT_TIMEOUT_MILLIS);
            OutputStream upstreamOut = upstream.getOutputStream();
            if (request instanceof Cancel) {
                // nothing of the client's beyond the cancel request reaches H2
                upstreamOut.write(recording.bytes());
                upstreamOut.flush();
                upstream.shutdownOutput();
                pipe(upstream.getInputStream(), client.getOutputStream());
                return;
            }
            // the handshake is a request like any other: held while the branch's clients are paused (H2 refuses new
            // sessions in exclusive mode: "The database is open in exclusive mode"), and one a pause waits for
            Traffic.Link link = branchTraffic.open();
            try {
                link.beforeRequest();
                upstreamOut.write(recording.bytes());
                upstreamOut.flush();
                Socket server = upstream;
                threads.execute(() -> {
                    try {
                        pipe(server.getInputStream(), client.getOutputStream(), link::answered);
                    }
                    catch (IOException e) {
                        // the other side closed; nothing to report
                    }
                    finally {
                        close(server);
                        close(client);
                    }
                });
                pipe(clientIn, upstreamOut, link);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finally {
                link.close();
            }
        }
        catch (EOFException | SocketTimeoutException e) {
            log.debug("A client left or stalled during the H2 handshake: {}", e.toString());
        }
        catch (IOException | RejectedExecutionException e) {
            if (!closed) {
                log.debug("A branch connection ended: {}", e.toString());
            }
        }
        finally {
            close(client);
            if (upstream != null) {
                close(upstream);
            }
        }
    }

    private void refuse(Socket client, Refusal refusal) throws IOException {
        log.info("Refused a branch connection from {}: {}", client.getInetAddress().getHostAddress(),
                refusal.message());
        refusal.writeTo(new DataOutputStream(new BufferedOutputStream(client.getOutputStream())));
        client.shutdownOutput();
        // read what the client still sends, so that closing does not reset the connection before it reads the error
        client.setSoTimeout(DRAIN_MILLIS);
        InputStream in = client.getInputStream();
        byte[] buffer = new byte[BUFFER_BYTES];
        long drained = 0;
        try {
            for (int n; (n = in.read(buffer)) != -1 && drained < 1024 * 1024;) {
                drained += n;
            }
        }
        catch (SocketTimeoutException e) {
            // the client keeps the connection open: close it anyway
        }
    }

    private static boolean isFromThisHost(Socket socket) {
        InetAddress remote = socket.getInetAddress();
        return remote.isLoopbackAddress() || remote.equals(socket.getLocalAddress());
    }

    private static void pipe(InputStream in, OutputStream out) throws IOException {
        pipe(in, out, () -> {
        });
    }

    /** H2 to client: {@code beforeEach} runs for each read, before it is forwarded. */
    private static void pipe(InputStream in, OutputStream out, Runnable beforeEach) throws IOException {
        byte[] buffer = new byte[BUFFER_BYTES];
        for (int n; (n = in.read(buffer)) != -1;) {
            // before the client can read the answer and send its next request (which a pause must then see)
            beforeEach.run();
            out.write(buffer, 0, n);
            out.flush();
        }
    }

    /** Client to H2, each read held while the branch's clients are paused. */
    private static void pipe(InputStream in, OutputStream out, Traffic.Link link) throws IOException {
        byte[] buffer = new byte[BUFFER_BYTES];
        for (int n; (n = in.read(buffer)) != -1;) {
            try {
                link.beforeRequest();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the branch's clients were paused", e);
            }
            out.write(buffer, 0, n);
            out.flush();
        }
    }

    /**
     * Holds every client request to the branch at the gate until the returned pause is closed, once requests already
     * forwarded have been answered or have had {@link #SETTLE_MILLIS} to be parsed. Why: H2 parses a statement
     * without waiting for {@code SET EXCLUSIVE}, so a statement parsed while an online change renames tables fails with
     * "table not found"; held at the gate, it reaches H2 after the renames and finds the new table.
     * Waits at most {@link #SETTLE_MILLIS}, or {@link #HANDSHAKE_SETTLE_MILLIS} for handshakes under way.
     */
    AutoCloseable pauseClients(dev.loopline.engine.BranchDatabase branch) throws InterruptedException {
        Traffic branchTraffic = traffic.computeIfAbsent(branch, b -> new Traffic());
        branchTraffic.pause();
        return branchTraffic::resume;
    }

    /** How many branches the gate keeps traffic state for; for tests. */
    int branchesWithTraffic() {
        return traffic.size();
    }

    /**
     * How long a request forwarded to H2 and not yet answered may still be being parsed. Some requests get no answer
     * at all (closing a command or a result), so an unanswered request counts as settled after this time.
     */
    static final long SETTLE_MILLIS = 50;

    /**
     * How long after a connection's handshake reached H2 a pause still waits for its session to open: H2 opens it
     * right after answering the handshake, which can take longer than {@link #SETTLE_MILLIS} on a busy machine.
     */
    static final long HANDSHAKE_SETTLE_MILLIS = 2_000;

    /** The connections of one branch and whether their requests are held. */
    private static final class Traffic {

        private final Set<Link> links = new java.util.HashSet<>();
        private int pauses;

        synchronized Link open() {
            Link link = new Link();
            links.add(link);
            return link;
        }

        synchronized void pause() throws InterruptedException {
            pauses++;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS);
            while (true) {
                long now = System.nanoTime();
                long wait = 0;
                for (Link link : links) {
                    long opened = link.handshakeAt + TimeUnit.MILLISECONDS.toNanos(HANDSHAKE_SETTLE_MILLIS);
                    if (link.handshake && link.forwarded > 0 && now < opened) {
                        // a session H2 opens after the pause began is refused: wait until it is open (see Link), but
                        // only within HANDSHAKE_SETTLE_MILLIS of the handshake: a client that never sends its session
                        // id must not hold up every later pause of the branch
                        wait = Math.max(wait, opened - now);
                    }
                    else if (link.unanswered && now < deadline
                            && now - link.forwardedAt < TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS)) {
                        wait = Math.max(wait, Math.min(deadline,
                                link.forwardedAt + TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS)) - now);
                    }
                }
                if (wait <= 0) {
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, wait);
                }
                catch (InterruptedException e) {
                    // the caller gets no pause to close: resume now, or the branch's clients stay held for good
                    resume();
                    throw e;
                }
            }
        }

        synchronized void resume() {
            if (pauses > 0) {
                pauses--;
            }
            notifyAll();
        }

        /** One client connection. */
        final class Link {

            private boolean unanswered;
            private long forwardedAt;
            /** Reads of the client's forwarded to H2. */
            private int forwarded;
            /** When the handshake was forwarded to H2. */
            private long handshakeAt;
            /**
             * Until H2 answers the client's request after the handshake: H2 answers the handshake first and opens the
             * session after that, so only the answer to the next request (the client's session id) shows the session
             * open. That request is not a statement and passes a pause; a pause waits for the answer.
             */
            private boolean handshake = true;

            void beforeRequest() throws InterruptedException {
                synchronized (Traffic.this) {
                    while (pauses > 0 && !(handshake && forwarded > 0)) {
                        Traffic.this.wait();
                    }
                    unanswered = true;
                    forwardedAt = System.nanoTime();
                    if (forwarded++ == 0) {
                        handshakeAt = forwardedAt;
                    }
                }
            }

            void answered() {
                synchronized (Traffic.this) {
                    unanswered = false;
                    if (forwarded > 1) {
                        handshake = false;
                    }
                    Traffic.this.notifyAll();
                }
            }

            void close() {
                synchronized (Traffic.this) {
                    links.remove(this);
                    Traffic.this.notifyAll();
                }
            }
        }
    }

    private void close(Socket socket) {
        sockets.remove(socket);
        SocketAddress local = socket.getLocalSocketAddress();
        closeQuietly(socket);
        if (local != null) {
            sourceAddresses.remove(local);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        }
        catch (Exception e) {
            // closing anyway
        }
    }

    /** Keeps a copy of every byte read through it: the handshake to forward as it came. */
    private static final class Recording extends FilterInputStream {

        private final ByteArrayOutputStream copy = new ByteArrayOutputStream(256);

        Recording(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b != -1) {
                copy.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                copy.write(b, off, n);
            }
            return n;
        }

        @Override
        public long skip(long n) {
            throw new UnsupportedOperationException("the handshake is read, not skipped");
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        byte[] bytes() {
            return copy.toByteArray();
        }
    }
}
