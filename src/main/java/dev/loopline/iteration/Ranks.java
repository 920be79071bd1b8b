package dev.loopline.iteration;

import java.util.OptionalLong;

/**
 * Ranks order the items of one list (the backlog or an iteration's board), lowest first. New items go {@link #GAP}
 * after the last; an item moved between two neighbours takes the midpoint of their ranks; when two neighbours have no
 * room left between them, the whole list is renumbered {@link #GAP} apart (the repair), in the same transaction.
 */
final class Ranks {

    /** Distance between consecutive ranks after a renumbering: 2^16, room for 16 moves into the same gap. */
    static final long GAP = 1L << 16;

    private Ranks() {
    }

    /**
     * The rank between two neighbours, empty when they have no room between them.
     *
     * @param before the rank of the item that will come just before, or {@code null} at the top of the list
     * @param after  the rank of the item that will come just after, or {@code null} at the bottom
     */
    static OptionalLong between(Long before, Long after) {
        if (before == null && after == null) {
            return OptionalLong.of(GAP);
        }
        if (before == null) {
            return after - GAP > Long.MIN_VALUE / 2 ? OptionalLong.of(after - GAP) : OptionalLong.empty();
        }
        if (after == null) {
            return before + GAP < Long.MAX_VALUE / 2 ? OptionalLong.of(before + GAP) : OptionalLong.empty();
        }
        if (after - before < 2) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(before + (after - before) / 2);
    }
}
