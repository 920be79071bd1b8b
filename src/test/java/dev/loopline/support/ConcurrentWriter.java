package dev.loopline.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A database client that keeps inserting, updating and deleting rows of {@code ITEMS (ID, VAL, QTY)} over JDBC and
 * remembers exactly what the table must hold afterwards. Run it on a thread; stop it with {@link #stop()}.
 */
public final class ConcurrentWriter implements Runnable {

    public final Map<Long, String> expected = new ConcurrentHashMap<>();
    public final List<Throwable> errors = new CopyOnWriteArrayList<>();
    public final AtomicLong writes = new AtomicLong();
    public final AtomicLong maxLatencyNanos = new AtomicLong();
    /** Every write's latency in nanoseconds, in order. */
    public final List<Long> latencies = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final String url;
    private final String user;
    private final String password;
    private final int existingRows;
    private final long pauseNanos;
    public long nextKey;
    private Thread thread;

    /**
     * @param existingRows   rows 1..n exist with value {@code v0}
     * @param writesPerSecond 0 for as fast as possible
     */
    public ConcurrentWriter(String url, String user, String password, int existingRows, int writesPerSecond) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.existingRows = existingRows;
        this.nextKey = existingRows + 1L;
        this.pauseNanos = writesPerSecond == 0 ? 0 : 1_000_000_000L / writesPerSecond;
        for (long id = 1; id <= existingRows; id++) {
            expected.put(id, "v0");
        }
    }

    /** The latency under which {@code percent} of the writes finished, in milliseconds (0 without writes). */
    public double percentileMillis(double percent) {
        List<Long> sorted = latencies.stream().sorted().toList();
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(percent / 100 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1e6;
    }

    /** How many writes took longer than {@code millis}. */
    public long slowerThan(double millis) {
        return latencies.stream().filter(l -> l > millis * 1e6).count();
    }

    public ConcurrentWriter start() {
        thread = new Thread(this, "concurrent-writer");
        thread.start();
        return this;
    }

    public void stop() throws InterruptedException {
        running.set(false);
        if (thread != null) {
            thread.join(30_000);
        }
    }

    @Override
    public void run() {
        Random random = new Random(42);
        try (Connection connection = DriverManager.getConnection(url, user, password);
                PreparedStatement insert = connection.prepareStatement("INSERT INTO ITEMS (ID, VAL, QTY) VALUES (?, ?, 1)");
                PreparedStatement update = connection.prepareStatement("UPDATE ITEMS SET VAL = ? WHERE ID = ?");
                PreparedStatement delete = connection.prepareStatement("DELETE FROM ITEMS WHERE ID = ?")) {
            while (running.get()) {
                long started = System.nanoTime();
                int op = random.nextInt(3);
                long id = 1 + (long) random.nextInt(existingRows);
                String value = "w" + writes.get();
                if (op == 0) {
                    long key = nextKey++;
                    insert.setLong(1, key);
                    insert.setString(2, value);
                    insert.executeUpdate();
                    expected.put(key, value);
                }
                else if (op == 1) {
                    update.setString(1, value);
                    update.setLong(2, id);
                    if (update.executeUpdate() == 1) {
                        expected.put(id, value);
                    }
                }
                else {
                    delete.setLong(1, id);
                    delete.executeUpdate();
                    expected.remove(id);
                }
                writes.incrementAndGet();
                long took = System.nanoTime() - started;
                maxLatencyNanos.accumulateAndGet(took, Math::max);
                latencies.add(took);
                if (pauseNanos > took) {
                    Thread.sleep((pauseNanos - took) / 1_000_000, (int) ((pauseNanos - took) % 1_000_000));
                }
            }
        }
        catch (Throwable e) {
            errors.add(e);
        }
    }
}
