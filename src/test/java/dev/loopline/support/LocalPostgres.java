package dev.loopline.support;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server from Debian's {@code postgresql} package, started in a temporary directory on a free
 * loopback port for the tests that need it, and stopped when the JVM exits. As root it runs as the
 * {@code postgres} user, since PostgreSQL refuses to run as root.
 */
public final class LocalPostgres {

    private static LocalPostgres instance;

    private final Path dataDir;
    private final int port;
    private final File bin;

    private LocalPostgres(File bin, Path dataDir, int port) {
        this.bin = bin;
        this.dataDir = dataDir;
        this.port = port;
    }

    public static synchronized LocalPostgres get() {
        if (instance == null) {
            instance = start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "stop-test-postgres"));
        }
        return instance;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public String username() {
        return "loopline";
    }

    private static LocalPostgres start() {
        File bin = findBin();
        try {
            Path dir = Files.createTempDirectory("loopline-pg-");
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root) {
                run(List.of("chown", "postgres:postgres", dir.toString()));
            }
            int port = freePort();
            Path data = dir.resolve("data");
            run(asPostgres(root, new File(bin, "initdb").getPath(), "-D", data.toString(), "-U", "loopline",
                    "--auth=trust", "-E", "UTF8", "--no-sync"));
            run(asPostgres(root, new File(bin, "pg_ctl").getPath(), "-D", data.toString(), "-w", "-t", "60",
                    "-l", dir.resolve("server.log").toString(), "-o",
                    "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
            return new LocalPostgres(bin, data, port);
        }
        catch (IOException e) {
            throw new IllegalStateException("Could not start PostgreSQL for the tests", e);
        }
    }

    private void stop() {
        try {
            boolean root = "root".equals(System.getProperty("user.name"));
            run(asPostgres(root, new File(bin, "pg_ctl").getPath(), "-D", dataDir.toString(), "-m", "immediate",
                    "stop"));
        }
        catch (RuntimeException e) {
            // best effort at JVM exit
        }
    }

    private static File findBin() {
        File[] versions = new File("/usr/lib/postgresql").listFiles();
        if (versions != null) {
            return Arrays.stream(versions).map(v -> new File(v, "bin"))
                    .filter(b -> new File(b, "initdb").canExecute())
                    .max(Comparator.comparing(File::getName)).orElseThrow(LocalPostgres::missing);
        }
        throw missing();
    }

    private static IllegalStateException missing() {
        return new IllegalStateException("The PostgreSQL tests need Debian's PostgreSQL server: "
                + "run 'apt-get install -y postgresql' (the README's test command does this as root).");
    }

    private static List<String> asPostgres(boolean root, String... command) {
        List<String> full = new ArrayList<>();
        if (root) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("'" + String.join(" ", command) + "' failed:\n" + output);
            }
        }
        catch (IOException e) {
            throw new IllegalStateException("Could not run " + command, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
