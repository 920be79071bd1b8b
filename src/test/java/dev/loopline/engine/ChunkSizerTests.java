package dev.loopline.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ChunkSizerTests {

    /** A table whose rows each take {@code micros} to copy: the sizer settles where a chunk takes the target. */
    private static int settle(ChunkSizer sizer, double micros, int chunks) {
        for (int i = 0; i < chunks; i++) {
            int rows = sizer.next();
            sizer.took(rows, Duration.ofNanos((long) (rows * micros * 1000)));
        }
        return sizer.next();
    }

    @Test
    void settlesOnTheRowsThatFitTheBudget() {
        assertThat(settle(new ChunkSizer(Duration.ofMillis(20), 100, 50_000), 4, 20)).isEqualTo(5_000);
        assertThat(settle(new ChunkSizer(Duration.ofMillis(20), 100, 50_000), 40, 20)).isEqualTo(500);
    }

    @Test
    void movesAtMostTwofoldPerChunkAndStaysWithinItsBounds() {
        ChunkSizer sizer = new ChunkSizer(Duration.ofMillis(20), 100, 50_000);
        assertThat(sizer.next()).isEqualTo(1_000);
        sizer.took(1_000, Duration.ofSeconds(3)); // a pause for garbage collection
        assertThat(sizer.next()).isEqualTo(500);
        sizer.took(500, Duration.ofNanos(1));
        assertThat(sizer.next()).isEqualTo(1_000);
        assertThat(settle(sizer, 0.001, 40)).isEqualTo(50_000);
        assertThat(settle(sizer, 100_000, 40)).isEqualTo(100);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new ChunkSizer(Duration.ZERO, 1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChunkSizer(Duration.ofMillis(5), 10, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
