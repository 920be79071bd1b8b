package dev.loopline.pipeline;

import java.time.Clock;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.loopline.common.Role;
import dev.loopline.iteration.IterationService;
import dev.loopline.iteration.Phase;
import dev.loopline.iteration.PhaseGate;

/**
 * Two release gates a project manager switches on per iteration: "Release needs the latest build green" and
 * "Release needs no failing tests". They guard the move into Release, for people and automation alike.
 */
@Service
@Transactional
public class BuildGates {

    static final String LATEST_BUILD_GREEN = "Release needs the latest build green";
    static final String NO_FAILING_TESTS = "Release needs no failing tests";

    private final BuildGateSettingsRepository settings;
    /** Looked up lazily: the iteration service asks the gates below, which use this service. */
    private final org.springframework.beans.factory.ObjectProvider<IterationService> iterations;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    BuildGates(BuildGateSettingsRepository settings,
            org.springframework.beans.factory.ObjectProvider<IterationService> iterations, ApplicationEventPublisher events,
            Clock clock) {
        this.settings = settings;
        this.iterations = iterations;
        this.events = events;
        this.clock = clock;
    }

    /** The iteration's settings; both off when never set. */
    @Transactional(readOnly = true)
    public BuildGateSettings of(long iterationId) {
        return settings.findById(iterationId).orElseGet(() -> BuildGateSettings.off(iterationId));
    }

    /** Switches the two gates (planners); {@code 404} for an unknown iteration. Audited. */
    @PreAuthorize(Role.PLANNERS)
    public BuildGateSettings update(long iterationId, boolean latestBuildGreen, boolean noFailingTests) {
        iterations.getObject().get(iterationId);
        BuildGateSettings current = settings.findById(iterationId).orElse(null);
        if (current == null) {
            current = new BuildGateSettings(iterationId, latestBuildGreen, noFailingTests, clock.instant());
        }
        else {
            current.change(latestBuildGreen, noFailingTests, clock.instant());
        }
        BuildGateSettings saved = settings.save(current);
        events.publishEvent(new PipelineEvents.BuildGatesChanged(iterationId, latestBuildGreen, noFailingTests));
        return saved;
    }
}

interface BuildGateSettingsRepository extends JpaRepository<BuildGateSettings, Long> {
}

/** The gate beans the iteration module asks on every move into Release. */
@Configuration(proxyBeanMethods = false)
class BuildGateBeans {

    @Bean
    PhaseGate latestBuildGreenGate(BuildGates gates, BuildService builds) {
        return new PhaseGate() {
            @Override
            public String name() {
                return BuildGates.LATEST_BUILD_GREEN;
            }

            @Override
            public boolean guards(GateContext context) {
                return context.to() == Phase.RELEASE && gates.of(context.iterationId()).isLatestBuildGreen();
            }

            @Override
            public GateVerdict check(GateContext context) {
                Optional<Build> latest = builds.latestOf(context.iterationId());
                if (latest.isEmpty()) {
                    return GateVerdict.block("No build has been reported for this iteration yet.");
                }
                Build build = latest.get();
                return build.getStatus() == BuildStatus.SUCCESS ? GateVerdict.pass()
                        : GateVerdict.block("The latest build " + build.label() + " is " + build.getStatus().apiName()
                                + ", not green.");
            }
        };
    }

    @Bean
    PhaseGate noFailingTestsGate(BuildGates gates, BuildService builds) {
        return new PhaseGate() {
            @Override
            public String name() {
                return BuildGates.NO_FAILING_TESTS;
            }

            @Override
            public boolean guards(GateContext context) {
                return context.to() == Phase.RELEASE && gates.of(context.iterationId()).isNoFailingTests();
            }

            @Override
            public GateVerdict check(GateContext context) {
                Optional<Build> tested = builds.ofIteration(context.iterationId()).stream()
                        .filter(b -> b.getTestFailures() != null).findFirst();
                if (tested.isEmpty()) {
                    return GateVerdict.block("No test report has been recorded for this iteration's builds yet.");
                }
                Build build = tested.get();
                return build.getTestFailures() == 0 ? GateVerdict.pass()
                        : GateVerdict.block("The latest test run (build " + build.label() + ") has "
                                + build.getTestFailures() + " failing test" + (build.getTestFailures() == 1 ? "" : "s")
                                + ".");
            }
        };
    }
}
