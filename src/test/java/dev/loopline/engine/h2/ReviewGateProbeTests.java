package dev.loopline.engine.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.loopline.engine.BranchDatabase;

/** Review probes of the TCP gate. */
class ReviewGateProbeTests {

    @TempDir
    static Path dataDir;

    private static TestH2Engine h2;
    private static int port;

    @BeforeAll
    static void start() {
        h2 = TestH2Engine.start(dataDir);
        h2.engine().createDatabase(new BranchDatabase("shop", "main"));
        port = h2.engine().connectionDetails(new BranchDatabase("shop", "main")).port();
    }

    @AfterAll
    static void stop() {
        h2.close();
    }

    /**
     * H2ConnectionGate says "A client must send its whole handshake within this time" (30 s), but the limit is a
     * socket read timeout: a client that sends one byte every few seconds holds a gate thread (from an unbounded
     * pool) for as long as it likes. Here the handshake takes ~36 s: the gate must have closed the connection by then.
     */
    @Test
    void aHandshakeTrickledOverMoreThanThirtySecondsIsNotRead() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(60_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            long start = System.nanoTime();
            try {
                trickle(out);
            }
            catch (java.net.SocketException closed) {
                return; // the gate closed the connection before the handshake was whole
            }
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int status;
            try {
                status = in.readInt();
            }
            catch (EOFException | java.net.SocketException closed) {
                status = -1;
            }
            assertThat(status).as("after a handshake of " + seconds + " s the gate should have closed the connection "
                    + "(-1), but it answered status").isEqualTo(-1);
        }
    }

    /** A handshake sent in four parts twelve seconds apart: 36 s in all. */
    private static void trickle(DataOutputStream out) throws Exception {
        out.writeInt(17);
        out.flush();
        Thread.sleep(12_000);
        out.writeInt(21);
        out.flush();
        Thread.sleep(12_000);
        String database = "no-such/../thing";
        out.writeInt(database.length());
        out.flush();
        Thread.sleep(12_000);
        out.writeChars(database);
        H2Handshake.writeString(out, "jdbc:h2:tcp://localhost/" + database);
        H2Handshake.writeString(out, "DEV");
        out.writeInt(-1);
        out.writeInt(-1);
        out.writeInt(0);
        out.flush();
    }
}
