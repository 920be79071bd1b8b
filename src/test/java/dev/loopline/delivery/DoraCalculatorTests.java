package dev.loopline.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * DORA figures against a hand-computed fixture of 20 production deployments over two weeks (Mon 2026-11-02 to Mon
 * 2026-11-16), failure window 24 hours. Every expected figure below is worked out by hand in the comments.
 */
class DoraCalculatorTests {

    private static final Instant FROM = Instant.parse("2026-11-02T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-16T00:00:00Z");

    private static DoraCalculator.Deployment change(long id, String live, String commit) {
        return new DoraCalculator.Deployment(id, "production", "v" + id, Instant.parse(live), Instant.parse(commit), false, null);
    }

    private static DoraCalculator.Deployment hotfix(long id, String live, String commit) {
        return new DoraCalculator.Deployment(id, "production", "v" + id, Instant.parse(live), Instant.parse(commit), true, null);
    }

    private static DoraCalculator.Deployment rollback(long id, String live, long of) {
        return new DoraCalculator.Deployment(id, "production", "v" + id, Instant.parse(live), null, false, of);
    }

    private static final List<DoraCalculator.Deployment> DEPLOYMENTS = List.of(
            change(20, "2026-10-30T10:00:00Z", "2026-10-29T10:00:00Z"), // before the period: not counted
            change(1, "2026-11-02T10:00:00Z", "2026-11-01T10:00:00Z"),  // lead 24 h
            change(2, "2026-11-03T10:00:00Z", "2026-11-03T06:00:00Z"),  // lead 4 h; rolled back by 3 after 2 h: failed
            rollback(3, "2026-11-03T12:00:00Z", 2),                     // rework
            change(4, "2026-11-04T09:00:00Z", "2026-11-04T01:00:00Z"),  // lead 8 h; schema revert 1.5 h later: failed
            change(5, "2026-11-05T08:00:00Z", "2026-11-04T20:00:00Z"),  // lead 12 h; hotfix 6 after 6 h: failed
            hotfix(6, "2026-11-05T14:00:00Z", "2026-11-05T13:00:00Z"),  // lead 1 h; rework
            change(7, "2026-11-06T10:00:00Z", "2026-11-06T08:00:00Z"),  // lead 2 h
            change(8, "2026-11-07T10:00:00Z", "2026-11-05T10:00:00Z"),  // lead 48 h; hotfix 9 comes 50 h later: not failed
            hotfix(9, "2026-11-09T12:00:00Z", "2026-11-09T11:00:00Z"),  // week 2; lead 1 h; rework
            change(10, "2026-11-10T10:00:00Z", "2026-11-10T09:00:00Z"), // lead 1 h
            change(11, "2026-11-11T10:00:00Z", "2026-11-10T22:00:00Z"), // lead 12 h; revert 6 h later: failed
            change(12, "2026-11-12T09:00:00Z", "2026-11-12T07:00:00Z"), // lead 2 h; restore 27 h later: not failed
            change(13, "2026-11-13T15:00:00Z", "2026-11-13T14:00:00Z"), // lead 1 h; rollback after 0.5 h (and hotfix): failed
            rollback(14, "2026-11-13T15:30:00Z", 13),                   // rework
            hotfix(15, "2026-11-13T20:00:00Z", "2026-11-13T19:00:00Z"), // lead 1 h; rework
            change(16, "2026-11-14T10:00:00Z", "2026-11-14T04:00:00Z"), // lead 6 h; rolled back 26 h later: not failed
            rollback(17, "2026-11-15T12:00:00Z", 16),                   // rework
            change(18, "2026-11-15T18:00:00Z", "2026-11-15T10:00:00Z"), // lead 8 h
            change(19, "2026-11-16T01:00:00Z", "2026-11-15T23:00:00Z")); // after the period: not counted

    private static final List<DoraCalculator.Recovery> RECOVERIES = List.of(
            new DoraCalculator.Recovery("production", "revert", "shop#4", Instant.parse("2026-11-04T10:30:00Z")),
            new DoraCalculator.Recovery("production", "revert", "shop#5", Instant.parse("2026-11-11T16:00:00Z")),
            new DoraCalculator.Recovery("production", "restore", "backup 3", Instant.parse("2026-11-13T12:00:00Z")));

    private final DoraCalculator.Report report = DoraCalculator.report(DEPLOYMENTS, RECOVERIES, FROM, TO, Duration.ofHours(24));

    @Test
    void periodFiguresMatchTheHandComputedOnes() {
        DoraCalculator.Figures period = report.period();
        // live in the period: 1..18 (18); rollbacks 3, 14, 17; changes: the other 15
        assertThat(period.allDeployments()).isEqualTo(18);
        assertThat(period.deployments()).isEqualTo(15);
        // 15 changes in 2 weeks
        assertThat(period.frequencyPerWeek()).isCloseTo(7.5, within(1e-9));
        // leads sorted: 1 1 1 1 1 2 2 [4] 6 8 8 12 12 24 48 → the 8th of 15
        assertThat(period.leadTimeHoursMedian()).isCloseTo(4.0, within(1e-9));
        // failed: 2 (rollback), 4 (revert), 5 (hotfix), 11 (revert), 13 (rollback) → 5 of 15
        assertThat(period.failedDeployments()).isEqualTo(5);
        assertThat(period.changeFailRate()).isCloseTo(5.0 / 15, within(1e-9));
        // recoveries: 2, 1.5, 6, 6, 0.5 → 0.5 1.5 [2] 6 6
        assertThat(period.recoveryHoursMedian()).isCloseTo(2.0, within(1e-9));
        // rework: rollbacks 3, 14, 17 and hotfixes 6, 9, 15 → 6 of 18
        assertThat(period.reworkDeployments()).isEqualTo(6);
        assertThat(period.reworkRate()).isCloseTo(6.0 / 18, within(1e-9));
    }

    @Test
    void eachFailureNamesItsCauseAndRecovery() {
        Map<Long, String> failures = report.period().verdicts().stream().filter(v -> v.failure() != null)
                .collect(Collectors.toMap(v -> v.deployment().id(), DoraCalculator.Verdict::failure));
        assertThat(failures).containsOnly(
                Map.entry(2L, "rolled back by deployment 3"),
                Map.entry(4L, "revert of shop#4"),
                Map.entry(5L, "hotfix deployment 6"),
                Map.entry(11L, "revert of shop#5"),
                Map.entry(13L, "rolled back by deployment 14"));
        assertThat(report.period().verdicts()).filteredOn(v -> v.deployment().id() == 13).singleElement()
                .extracting(DoraCalculator.Verdict::recoveryHours).isEqualTo(0.5);
    }

    @Test
    void weeklyTrendMatchesTheHandComputedOnes() {
        assertThat(report.weeks()).hasSize(2);
        DoraCalculator.Figures first = report.weeks().get(0);
        // week of 2 Nov: changes 1 2 4 5 6 7 8 (7), rollback 3
        assertThat(first.deployments()).isEqualTo(7);
        assertThat(first.frequencyPerWeek()).isCloseTo(7.0, within(1e-9));
        assertThat(first.leadTimeHoursMedian()).isCloseTo(8.0, within(1e-9));      // 1 2 4 [8] 12 24 48
        assertThat(first.changeFailRate()).isCloseTo(3.0 / 7, within(1e-9));       // 2 4 5
        assertThat(first.recoveryHoursMedian()).isCloseTo(2.0, within(1e-9));      // 1.5 [2] 6
        assertThat(first.reworkRate()).isCloseTo(2.0 / 8, within(1e-9));           // 3 6 of 8
        DoraCalculator.Figures second = report.weeks().get(1);
        // week of 9 Nov: changes 9 10 11 12 13 15 16 18 (8), rollbacks 14 17
        assertThat(second.deployments()).isEqualTo(8);
        assertThat(second.leadTimeHoursMedian()).isCloseTo(1.5, within(1e-9));     // 1 1 1 [1 2] 6 8 12
        assertThat(second.changeFailRate()).isCloseTo(2.0 / 8, within(1e-9));      // 11 13
        assertThat(second.recoveryHoursMedian()).isCloseTo(3.25, within(1e-9));    // (0.5 + 6) / 2
        assertThat(second.reworkRate()).isCloseTo(4.0 / 10, within(1e-9));         // 9 14 15 17 of 10
    }

    @Test
    void anEmptyPeriodHasNoRatesButAZeroFrequency() {
        DoraCalculator.Figures empty = DoraCalculator.report(List.of(), List.of(), FROM, TO, Duration.ofHours(24)).period();
        assertThat(empty.frequencyPerWeek()).isZero();
        assertThat(empty.changeFailRate()).isNull();
        assertThat(empty.leadTimeHoursMedian()).isNull();
        assertThat(empty.recoveryHoursMedian()).isNull();
        assertThat(empty.reworkRate()).isNull();
    }
}
