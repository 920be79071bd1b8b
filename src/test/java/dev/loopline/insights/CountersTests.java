package dev.loopline.insights;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CountersTests {

    @Test
    void growthSinceTheLastReadingIsTheDelta() {
        Counters before = new Counters("e1", 10, 1_000, 300, 50);
        Counters now = new Counters("e1", 13, 1_900, 300, 80);
        assertThat(now.since(before)).isEqualTo(new Counters.Delta(3, 900, 300, 30));
    }

    @Test
    void aRisenMaximumIsTheIntervalsMaximumOtherwiseItsAverageStandsIn() {
        Counters before = new Counters("e1", 10, 1_000, 300, 50);
        assertThat(new Counters("e1", 12, 2_000, 800, 50).since(before).maxNanos()).isEqualTo(800);
        assertThat(new Counters("e1", 12, 1_200, 300, 50).since(before).maxNanos()).isEqualTo(100);
    }

    @Test
    void aCounterThatWentDownIsAResetAndItsNewValueIsTheDelta() {
        Counters before = new Counters("e1", 10, 1_000, 300, 50);
        Counters after = new Counters("e1", 4, 400, 200, 8);
        assertThat(after.since(before)).isEqualTo(new Counters.Delta(4, 400, 200, 8));
    }

    @Test
    void aNewEpochIsARestartEvenWhenTheCountersGrewPastTheOldValues() {
        Counters before = new Counters("e1", 10, 1_000, 300, 50);
        Counters restarted = new Counters("e2", 25, 3_000, 400, 90);
        assertThat(restarted.since(before)).isEqualTo(new Counters.Delta(25, 3_000, 400, 90));
        assertThat(restarted.since(null)).isEqualTo(new Counters.Delta(25, 3_000, 400, 90));
    }
}
