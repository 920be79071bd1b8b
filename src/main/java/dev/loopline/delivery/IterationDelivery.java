package dev.loopline.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.loopline.deployrequest.DeployRequestService;
import dev.loopline.deployrequest.DeployService;
import dev.loopline.deployrequest.DeploymentState;
import dev.loopline.iteration.IterationPanel;
import dev.loopline.iteration.Phase;
import dev.loopline.iteration.PhaseGate;

/**
 * Ties iterations to their releases: the iteration page's Release and Deploy panels (builds, deploy requests with
 * their revert window, deployments and the live slot), and two gates: no Deploy inside a production freeze, no
 * Operate before a deployment of the iteration went live in production (only for iterations that have deployments).
 */
@Configuration(proxyBeanMethods = false)
class IterationDelivery {

    private final ApplicationDeploymentRepository deployments;
    private final EnvironmentRepository environments;
    private final FreezeService freezes;
    private final DeployRequestService requests;
    private final DeployService deploys;
    private final Clock clock;

    IterationDelivery(ApplicationDeploymentRepository deployments, EnvironmentRepository environments,
            FreezeService freezes, DeployRequestService requests, DeployService deploys, Clock clock) {
        this.deployments = deployments;
        this.environments = environments;
        this.freezes = freezes;
        this.requests = requests;
        this.deploys = deploys;
        this.clock = clock;
    }

    /** A deploy request as the release panel shows it. */
    record RequestRow(String database, int number, String state, boolean cutOver, Duration revertLeft, String url) {
    }

    /** An environment the iteration deployed to: what is live there now. */
    record EnvironmentRow(String name, String tier, String liveSlot, Long liveDeploymentId, String liveVersion) {
    }

    @Bean
    IterationPanel releasePanel() {
        return new IterationPanel() {
            @Override
            public int order() {
                return 500;
            }

            @Override
            public Optional<View> panelFor(long iterationId, String database, Phase current) {
                List<ApplicationDeployment> shipped = deployments.findByIterationIdOrderByStartedAtDescIdDesc(iterationId);
                if (shipped.isEmpty()) {
                    return Optional.empty();
                }
                Set<Long> builds = new LinkedHashSet<>();
                Map<String, RequestRow> rows = new LinkedHashMap<>();
                for (ApplicationDeployment d : shipped) {
                    if (d.getBuildId() != null) {
                        builds.add(d.getBuildId());
                    }
                    d.getDeployRequests().forEach(ref -> rows.computeIfAbsent(ref.toString(), key -> requestRow(ref)));
                }
                return Optional.of(new View("Release", EnumSet.of(Phase.RELEASE, Phase.DEPLOY, Phase.OPERATE),
                        "delivery/iteration-panels", "release", Map.of("builds", List.copyOf(builds),
                                "requests", List.copyOf(rows.values()))));
            }
        };
    }

    private RequestRow requestRow(DeployRequestRef ref) {
        Optional<dev.loopline.deployrequest.DeployRequest> request;
        try {
            request = Optional.of(requests.get(ref.database(), ref.number()));
        }
        catch (dev.loopline.common.DomainException.NotFound e) {
            request = Optional.empty();
        }
        return request.map(r -> {
                    Duration left = r.getDeploymentState() != DeploymentState.COMPLETE_PENDING_REVERT ? null
                            : deploys.deploymentOf(r).map(d -> d.getRevertExpiresAt()).filter(at -> at != null)
                                    .map(at -> Duration.between(clock.instant(), at)).map(d -> d.isNegative() ? Duration.ZERO : d)
                                    .orElse(null);
                    return new RequestRow(ref.database(), ref.number(), r.getDeploymentState().label(),
                            r.getDeploymentState() == DeploymentState.COMPLETE_PENDING_REVERT
                                    || r.getDeploymentState() == DeploymentState.COMPLETE, left,
                            "/databases/" + ref.database() + "/deploy-requests/" + ref.number());
                }).orElse(new RequestRow(ref.database(), ref.number(), "unknown", false, null, null));
    }

    @Bean
    IterationPanel deployPanel() {
        return new IterationPanel() {
            @Override
            public int order() {
                return 600;
            }

            @Override
            public Optional<View> panelFor(long iterationId, String database, Phase current) {
                List<ApplicationDeployment> shipped = deployments.findByIterationIdOrderByStartedAtDescIdDesc(iterationId);
                if (shipped.isEmpty()) {
                    return Optional.empty();
                }
                List<EnvironmentRow> envs = new ArrayList<>();
                shipped.stream().map(ApplicationDeployment::getEnvironment).distinct().forEach(name ->
                        environments.findByName(name).ifPresent(env -> {
                            ApplicationDeployment live = env.getLiveDeploymentId() == null ? null
                                    : deployments.findById(env.getLiveDeploymentId()).orElse(null);
                            envs.add(new EnvironmentRow(env.getName(), env.getTier().apiName(),
                                    env.getLiveSlot() == null ? null : env.getLiveSlot().apiName(),
                                    env.getLiveDeploymentId(), live == null ? null : live.getAppVersion()));
                        }));
                return Optional.of(new View("Deployments", EnumSet.of(Phase.DEPLOY, Phase.OPERATE),
                        "delivery/iteration-panels", "deployments", Map.of("deployments", shipped.stream().limit(10).toList(),
                                "environments", envs)));
            }
        };
    }

    @Bean
    PhaseGate productionFreezeGate() {
        return new PhaseGate() {
            @Override
            public String name() {
                return "No production freeze";
            }

            @Override
            public boolean guards(GateContext context) {
                // only while a production environment is frozen: otherwise it has nothing to say
                return context.to() == Phase.DEPLOY && context.forward() && !freezes.activeInProduction().isEmpty();
            }

            @Override
            public GateVerdict check(GateContext context) {
                List<FreezeService.ActiveFreeze> active = freezes.activeInProduction();
                if (active.isEmpty()) {
                    return GateVerdict.pass();
                }
                return GateVerdict.block(String.join("; ", active.stream().map(a -> a.environment() + " is frozen until "
                        + a.window().end() + " (" + a.window().label() + ")").toList()) + ".");
            }
        };
    }

    @Bean
    PhaseGate productionDeploymentGate() {
        return new PhaseGate() {
            @Override
            public String name() {
                return "Deployed to production";
            }

            @Override
            public boolean guards(GateContext context) {
                return context.to() == Phase.OPERATE && context.forward()
                        && deployments.existsByIterationId(context.iterationId());
            }

            @Override
            public GateVerdict check(GateContext context) {
                Set<String> production = new LinkedHashSet<>(environments.findByTier(Tier.PRODUCTION).stream()
                        .map(Environment::getName).toList());
                boolean live = deployments.findByIterationIdOrderByStartedAtDescIdDesc(context.iterationId()).stream()
                        .anyMatch(d -> production.contains(d.getEnvironment()) && d.getLiveAt() != null
                                && d.getStatus() == DeploymentStatus.SUCCESS && !d.isRollback());
                return live ? GateVerdict.pass() : GateVerdict.block("None of the iteration's deployments has gone live "
                        + "in production yet" + (production.isEmpty() ? " (there is no production environment)" : "")
                        + ": deploy it (and promote it, for blue/green) first.");
            }
        };
    }
}
