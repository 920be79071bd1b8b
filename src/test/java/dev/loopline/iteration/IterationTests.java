package dev.loopline.iteration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.loopline.common.Actor;
import dev.loopline.common.DomainException;
import dev.loopline.common.Role;

/** The iteration aggregate's phase rules, without Spring. */
class IterationTests {

    private static final Actor PM = new Actor(Actor.Type.USER, 2L, "paula", Set.of(Role.PROJECT_MANAGER));
    private static final Actor ADMIN = new Actor(Actor.Type.USER, 1L, "admin", Set.of(Role.ADMIN));
    private static final Instant T0 = Instant.parse("2026-11-16T09:00:00Z");
    private static final List<GateOutcome> NO_FAILURES = List.of();
    private static final List<GateOutcome> ONE_FAILURE = List.of(new GateOutcome("Approved", false, "Not approved."));

    private Iteration iteration() {
        return new Iteration(new IterationDraft("Sprint", null, LocalDate.of(2026, 11, 16), LocalDate.of(2026, 11, 29),
                null), PM, T0);
    }

    @Test
    void startsInPlanWithOneStay() {
        Iteration it = iteration();
        assertThat(it.getPhase()).isEqualTo(Phase.PLAN);
        assertThat(it.getHistory()).singleElement().satisfies(stay -> {
            assertThat(stay.getPhase()).isEqualTo(Phase.PLAN);
            assertThat(stay.getEnteredBy()).isEqualTo("paula");
            assertThat(stay.getLeftAt()).isNull();
        });
    }

    @Test
    void refusesSkippingAheadAndStayingPut() {
        Iteration it = iteration();
        assertThatThrownBy(() -> it.moveTo(Phase.BUILD, NO_FAILURES, null, PM, T0))
                .isInstanceOf(DomainException.Conflict.class).hasMessageContaining("after Plan comes Code");
        assertThatThrownBy(() -> it.moveTo(Phase.PLAN, NO_FAILURES, null, PM, T0))
                .isInstanceOf(DomainException.Conflict.class).hasMessageContaining("already in Plan");
        assertThat(it.getPhase()).isEqualTo(Phase.PLAN);
    }

    @Test
    void countsTimeInEachPhaseAcrossReturns() {
        Iteration it = iteration();
        it.moveTo(Phase.CODE, NO_FAILURES, null, PM, T0.plus(Duration.ofHours(2)));
        it.moveTo(Phase.PLAN, NO_FAILURES, null, PM, T0.plus(Duration.ofHours(5)));
        var time = it.timeInPhases(T0.plus(Duration.ofHours(6)));
        assertThat(time.get(Phase.PLAN)).isEqualTo(Duration.ofHours(3));
        assertThat(time.get(Phase.CODE)).isEqualTo(Duration.ofHours(3));
        assertThat(it.getHistory()).extracting(PhaseHistoryEntry::getPhase)
                .containsExactly(Phase.PLAN, Phase.CODE, Phase.PLAN);
    }

    @Test
    void failingGatesNeedAnAdminAndAReason() {
        Iteration it = iteration();
        assertThatThrownBy(() -> it.moveTo(Phase.CODE, ONE_FAILURE, null, ADMIN, T0))
                .isInstanceOf(DomainException.Conflict.class).hasMessageContaining("Not approved.")
                .extracting(e -> ((DomainException) e).code()).isEqualTo("gate_not_met");
        assertThatThrownBy(() -> it.moveTo(Phase.CODE, ONE_FAILURE, "please", PM, T0))
                .isInstanceOf(DomainException.Forbidden.class);
        it.moveTo(Phase.CODE, ONE_FAILURE, "Approved in person", ADMIN, T0);
        assertThat(it.getPhase()).isEqualTo(Phase.CODE);
        assertThat(it.getHistory().get(1).getOverrideReason()).isEqualTo("Approved in person");
    }

    @Test
    void validatesTheDraft() {
        assertThatThrownBy(() -> new IterationDraft("x", null, LocalDate.of(2026, 1, 2), LocalDate.of(2026, 1, 1), null)
                .validate()).extracting(e -> ((DomainException) e).code()).isEqualTo("invalid_dates");
        assertThatThrownBy(() -> new IterationDraft("x", null, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 1),
                "Bad_Name").validate()).extracting(e -> ((DomainException) e).code()).isEqualTo("invalid_database");
    }
}
