package dev.loopline.engine;

import java.time.Duration;

/**
 * Sizes the chunks of an online copy to a time budget per chunk, as gh-ost and Spirit do. A chunk that locks its rows
 * (a copy without a change log) holds them until it commits, so a writer that touches one waits at most about one
 * chunk's time; a chunk of a logged copy locks no rows, and the budget bounds how long it holds its snapshot and how
 * many rows it writes into the store at once (what a writer over TCP sees on a loaded machine is measured by
 * {@code OnlineChangeBenchmark} against the same writer with no copy running). After each chunk the size is
 * scaled by {@code target / took}, moving at most by a factor of 2 per chunk (one slow chunk, e.g. a pause for
 * garbage collection, does not collapse it) and kept within {@code [min, max]} rows.
 * <p>
 * Not thread-safe: one per copy.
 */
public final class ChunkSizer {

    /** The default budget per chunk: a writer waits at most about this long for a locked row. */
    public static final Duration DEFAULT_TARGET = Duration.ofMillis(20);
    public static final int DEFAULT_MIN_ROWS = 100;
    public static final int DEFAULT_MAX_ROWS = 50_000;
    private static final int FIRST_ROWS = 1_000;

    private final long targetNanos;
    private final int min;
    private final int max;
    private int size;

    /**
     * @param target time per chunk, positive
     * @param min    fewest rows per chunk, at least 1
     * @param max    most rows per chunk, at least {@code min}
     * @throws IllegalArgumentException for a non-positive target or bounds out of order
     */
    public ChunkSizer(Duration target, int min, int max) {
        if (target.isNegative() || target.isZero() || min < 1 || max < min) {
            throw new IllegalArgumentException("chunk target " + target + ", rows " + min + ".." + max);
        }
        this.targetNanos = target.toNanos();
        this.min = min;
        this.max = max;
        this.size = Math.max(min, Math.min(max, FIRST_ROWS));
    }

    /** With {@link #DEFAULT_TARGET}, {@link #DEFAULT_MIN_ROWS} and {@link #DEFAULT_MAX_ROWS}. */
    public ChunkSizer() {
        this(DEFAULT_TARGET, DEFAULT_MIN_ROWS, DEFAULT_MAX_ROWS);
    }

    /** Rows for the next chunk. */
    public int next() {
        return size;
    }

    /**
     * Records how long the last chunk of {@link #next()} rows took.
     *
     * @param rows how many rows it asked for (a short last chunk, with fewer rows copied, still counts as asked)
     * @param took how long it held its row locks: from the first statement of the attempt that committed to its commit
     *             ({@link OnlineMigrator.CopyStep#held()}), without the back-off while writers held rows of its range
     */
    public void took(int rows, Duration took) {
        long nanos = Math.max(1, took.toNanos());
        double scaled = rows * ((double) targetNanos / nanos);
        double bounded = Math.max(size / 2.0, Math.min(size * 2.0, scaled));
        size = (int) Math.max(min, Math.min(max, Math.round(bounded)));
    }
}
