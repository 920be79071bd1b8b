package dev.loopline.delivery;

import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.loopline.deployrequest.DeployWindow;

/**
 * Closes a database branch to deploy requests while an environment that uses it is frozen. A request carried by a
 * deployment whose promote an admin overrode the freeze for crosses that environment's freeze with it.
 */
@Component
class FreezeDeployWindow implements DeployWindow {

    private final EnvironmentService environments;
    private final FreezeService freezes;
    private final ApplicationDeploymentRepository deployments;

    FreezeDeployWindow(EnvironmentService environments, FreezeService freezes, ApplicationDeploymentRepository deployments) {
        this.environments = environments;
        this.freezes = freezes;
        this.deployments = deployments;
    }

    @Override
    public Optional<Closure> closure(String database, String branch, int number) {
        for (Environment environment : environments.using(database, branch)) {
            Optional<FreezeSchedule.Window> frozen = freezes.frozenNow(environment.getName());
            if (frozen.isEmpty() || overridden(environment, database, number, frozen.get())) {
                continue;
            }
            return Optional.of(new Closure(environment.getName() + " is frozen (" + frozen.get().label() + "), and it "
                    + "uses " + database + "/" + branch, frozen.get().end()));
        }
        return Optional.empty();
    }

    /** Overridden for the freeze {@code frozen} only: a later freeze (or a longer one) needs its own override. */
    private boolean overridden(Environment environment, String database, int number, FreezeSchedule.Window frozen) {
        return deployments.carrying(database, number).stream()
                .anyMatch(d -> d.getEnvironment().equals(environment.getName()) && d.getOverrideReason() != null
                        && d.getOverrideUntil() != null && !frozen.end().isAfter(d.getOverrideUntil()));
    }
}
