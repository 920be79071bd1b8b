package dev.loopline.delivery.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.loopline.delivery.ApplicationDeployment;
import dev.loopline.delivery.DeploymentService;
import dev.loopline.delivery.Environment;
import dev.loopline.delivery.FreezeSchedule;
import dev.loopline.delivery.FreezeService;
import dev.loopline.delivery.FreezeWindow;
import dev.loopline.delivery.Slot;
import dev.loopline.delivery.Strategy;

/** The JSON shapes of API.md's "Environments and deployments". */
final class DeliveryJson {

    private DeliveryJson() {
    }

    record DeployRequestJson(String database, Integer number) {
    }

    /** One slot of a blue/green environment: the deployment it holds. */
    record SlotJson(Long deploymentId, String version, String status, boolean live) {
    }

    /** What runs: the live deployment. */
    record LiveJson(long deploymentId, String version, String commitSha, String slot, Instant since, String by) {
    }

    record EnvironmentJson(String name, String tier, String databaseBranch, String strategy, String liveSlot,
            Map<String, SlotJson> slots, LiveJson live, FrozenJson frozen, Instant createdAt) {
    }

    record FrozenJson(Instant until, String reason) {
    }

    record DeploymentJson(long id, String environment, String version, String commitSha, Instant committedAt,
            Long buildId, Long iterationId, String slot, String strategy, String status, boolean live, boolean hotfix,
            Long rollbackOf, List<DeployRequestJson> deployRequests, Instant startedAt, Instant finishedAt,
            Instant liveAt, String createdBy, String overrideReason, String failureReason, PromotionJson promotion) {
    }

    /** A promote running in the background: since when, asked by whom, what it is doing now. */
    record PromotionJson(String state, Instant startedAt, String by, String step) {
    }

    record WindowJson(Instant startsAt, Instant endsAt) {
    }

    record FreezeJson(long id, String environment, String kind, String cron, Integer durationMinutes, String timeZone,
            Instant startsAt, Instant endsAt, String reason, String createdBy, Instant createdAt, boolean active,
            List<WindowJson> nextWindows) {
    }

    static EnvironmentJson environment(Environment env, DeploymentService deployments, FreezeService freezes) {
        Map<String, SlotJson> slots = null;
        if (env.getStrategy() == Strategy.BLUE_GREEN) {
            slots = new LinkedHashMap<>();
            for (Slot slot : Slot.values()) {
                Long id = env.deploymentIn(slot);
                ApplicationDeployment d = id == null ? null : deployments.get(id);
                slots.put(slot.apiName(), new SlotJson(id, d == null ? null : d.getAppVersion(),
                        d == null ? null : d.getStatus().apiName(), slot == env.getLiveSlot()));
            }
        }
        LiveJson live = null;
        if (env.getLiveDeploymentId() != null) {
            ApplicationDeployment d = deployments.get(env.getLiveDeploymentId());
            live = new LiveJson(d.getId(), d.getAppVersion(), d.getCommitSha(), d.getSlot() == null ? null
                    : d.getSlot().apiName(), d.getLiveAt(), d.getLiveBy());
        }
        FrozenJson frozen = freezes.frozenNow(env.getName()).map(w -> new FrozenJson(w.end(), w.label())).orElse(null);
        return new EnvironmentJson(env.getName(), env.getTier().apiName(), env.getDatabaseBranch(),
                env.getStrategy().apiName(), env.getLiveSlot() == null ? null : env.getLiveSlot().apiName(), slots, live,
                frozen, env.getCreatedAt());
    }

    static DeploymentJson deployment(ApplicationDeployment d, Environment env) {
        return new DeploymentJson(d.getId(), d.getEnvironment(), d.getAppVersion(), d.getCommitSha(), d.getCommittedAt(),
                d.getBuildId(), d.getIterationId(), d.getSlot() == null ? null : d.getSlot().apiName(),
                d.getStrategy().apiName(), d.getStatus().apiName(),
                env != null && d.getId().equals(env.getLiveDeploymentId()), d.isHotfix(), d.getRollbackOf(),
                d.getDeployRequests().stream().map(r -> new DeployRequestJson(r.database(), r.number())).toList(),
                d.getStartedAt(), d.getFinishedAt(), d.getLiveAt(), d.getCreatedBy(), d.getOverrideReason(),
                d.getFailureReason(), d.isPromoting() ? new PromotionJson("in_progress", d.getPromotionStartedAt(),
                        d.getPromotionBy(), d.getPromotionStep()) : null);
    }

    static FreezeJson freeze(FreezeWindow f, FreezeService freezes, Instant now) {
        List<FreezeSchedule.Window> next = freezes.next(f, 5);
        return new FreezeJson(f.getId(), f.getEnvironment(), f.getKind().apiName(), f.getCron(), f.getDurationMinutes(),
                f.getTimeZone(), f.getStartsAt(), f.getEndsAt(), f.getReason(), f.getCreatedBy(), f.getCreatedAt(),
                f.activeAt(now).isPresent(), next.stream().map(w -> new WindowJson(w.start(), w.end())).toList());
    }
}
