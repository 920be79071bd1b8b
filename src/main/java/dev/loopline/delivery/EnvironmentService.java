package dev.loopline.delivery;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.loopline.common.CurrentActor;
import dev.loopline.common.DomainException;
import dev.loopline.common.Names;
import dev.loopline.common.Role;
import dev.loopline.common.TextLimits;
import dev.loopline.database.BranchService;

/**
 * Environments: created and changed by operators, read by everyone. Unknown names are {@code 404}; a database branch
 * is written {@code db/branch} and must exist.
 */
@Service
public class EnvironmentService {

    private final EnvironmentRepository environments;
    private final ApplicationDeploymentRepository deployments;
    private final FreezeWindowRepository windows;
    private final BranchService branches;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;

    EnvironmentService(EnvironmentRepository environments, ApplicationDeploymentRepository deployments,
            FreezeWindowRepository windows, BranchService branches, ApplicationEventPublisher events,
            TransactionTemplate tx, Clock clock) {
        this.environments = environments;
        this.deployments = deployments;
        this.windows = windows;
        this.branches = branches;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    /** What an environment is to be; {@code null} fields keep the current value on a change. */
    public record Settings(String tier, String databaseBranch, String strategy) {
    }

    /**
     * Creates an environment. {@code 400} for a bad name, tier, strategy or {@code database_branch} spelling,
     * {@code 404} for a database branch that does not exist, {@code 409 environment_exists}.
     */
    public Environment create(String name, Settings settings) {
        CurrentActor.require(Role.OPERATOR, "create environments");
        Names.requireResourceName("environment", name);
        if ("freezes".equals(name)) {
            throw new DomainException.InvalidInput("invalid_name", "'freezes' is the address of the freeze calendar; "
                    + "choose another environment name.");
        }
        Tier tier = Tier.fromApiName(settings.tier());
        Strategy strategy = settings.strategy() == null ? Strategy.ROLLING : Strategy.fromApiName(settings.strategy());
        String[] branch = databaseBranch(settings.databaseBranch());
        if (environments.findByName(name).isPresent()) {
            throw new DomainException.Conflict("environment_exists", "An environment named " + name + " already exists.");
        }
        return tx.execute(status -> {
            Environment environment = environments.saveAndFlush(new Environment(name, tier,
                    branch == null ? null : branch[0], branch == null ? null : branch[1], strategy, clock.instant()));
            events.publishEvent(new DeliveryEvents.EnvironmentChanged(name, "created (" + tier.apiName() + ", "
                    + words(strategy) + (branch == null ? "" : ", database " + environment.getDatabaseBranch()) + ")."));
            return environment;
        });
    }

    /**
     * Changes tier, database branch ({@code ""} removes it) or strategy; the same checks as {@link #create}, and
     * {@code 409 deployment_running} for a new strategy while a deployment of the environment runs (see
     * {@link #running}): a running deployment finishes under the strategy it started with.
     */
    public Environment update(String name, Settings settings) {
        CurrentActor.require(Role.OPERATOR, "change environments");
        Environment current = get(name);
        Tier tier = settings.tier() == null ? current.getTier() : Tier.fromApiName(settings.tier());
        Strategy strategy = settings.strategy() == null ? current.getStrategy() : Strategy.fromApiName(settings.strategy());
        String[] branch = settings.databaseBranch() == null
                ? (current.getDatabase() == null ? null : new String[] {current.getDatabase(), current.getBranch()})
                : databaseBranch(settings.databaseBranch());
        return tx.execute(status -> {
            Environment environment = environments.lockByName(name).orElseThrow();
            if (strategy != environment.getStrategy()) {
                // checked under the environment's lock, which a new deployment takes too
                running(name).ifPresent(busy -> {
                    throw runningConflict(busy, name, "its strategy cannot change under it (it would lose its slot, or "
                            + "succeed and never go live); finish it (success or failed), then switch.");
                });
            }
            environment.change(tier, branch == null ? null : branch[0], branch == null ? null : branch[1], strategy);
            events.publishEvent(new DeliveryEvents.EnvironmentChanged(name, "now " + tier.apiName() + ", "
                    + words(strategy) + (branch == null ? ", no database" : ", database " + environment.getDatabaseBranch()) + "."));
            return environments.save(environment);
        });
    }

    /**
     * Deletes an environment and its freeze windows; its deployments stay as history (DORA counts them). {@code 404}
     * unknown; {@code 409 deployment_running} while one of its deployments is in progress or being promoted.
     */
    public void delete(String name) {
        CurrentActor.require(Role.OPERATOR, "delete environments");
        get(name);
        tx.executeWithoutResult(status -> {
            Environment environment = environments.lockByName(name).orElseThrow(() -> new DomainException.NotFound(
                    "Environment", name));
            running(name).ifPresent(busy -> {
                throw runningConflict(busy, name, "finish it first.");
            });
            List<FreezeWindow> freezes = windows.findByEnvironmentOrderByIdAsc(name);
            windows.deleteAll(freezes);
            environments.delete(environment);
            events.publishEvent(new DeliveryEvents.EnvironmentDeleted(name, freezes.size()));
        });
    }

    /**
     * The deployment of {@code name} that is running: in progress, or being promoted in the background. While there is
     * one, the environment can be neither deleted nor switched to another strategy ({@code 409 deployment_running}).
     */
    public Optional<ApplicationDeployment> running(String name) {
        return deployments.findByEnvironmentAndStatus(name, DeploymentStatus.IN_PROGRESS).stream().findFirst()
                .or(() -> deployments.findByPromotionStartedAtIsNotNullOrderByPromotionStartedAtAsc().stream()
                        .filter(d -> d.getEnvironment().equals(name)).findFirst());
    }

    /** "Deployment 7 of 2.0 to staging is still running; …": why {@code busy} stops a change. */
    public static String runningReason(ApplicationDeployment busy, String environment) {
        return "Deployment " + busy.getId() + " of " + busy.getAppVersion() + " to " + environment + " is still "
                + (busy.isPromoting() ? "being promoted" : "running");
    }

    private static DomainException.Conflict runningConflict(ApplicationDeployment busy, String environment, String then) {
        return new DomainException.Conflict("deployment_running", runningReason(busy, environment) + "; " + then);
    }

    private static String words(Strategy strategy) {
        return strategy == Strategy.BLUE_GREEN ? "blue/green" : "rolling";
    }

    private String[] databaseBranch(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String[] parts = value.trim().split("/", -1);
        if (parts.length != 2 || !Names.RESOURCE_NAME.matcher(parts[0]).matches()
                || !Names.RESOURCE_NAME.matcher(parts[1]).matches()) {
            throw new DomainException.InvalidInput("invalid_database_branch", "'" + TextLimits.quoted(value)
                    + "' is not a database branch: write it as database/branch, e.g. shop/main.");
        }
        branches.get(parts[0], parts[1]);
        return parts;
    }

    public List<Environment> list() {
        return environments.findAll().stream().sorted(java.util.Comparator.comparing(Environment::getTier)
                .thenComparing(Environment::getName)).toList();
    }

    public Environment get(String name) {
        return find(name).orElseThrow(() -> new DomainException.NotFound("Environment", name));
    }

    public Optional<Environment> find(String name) {
        return name == null ? Optional.empty() : environments.findByName(name);
    }

    /** The environments that use {@code database/branch}. */
    public List<Environment> using(String database, String branch) {
        return environments.findByDatabaseAndBranch(database, branch);
    }

    public List<Environment> production() {
        return environments.findByTier(Tier.PRODUCTION);
    }
}
