package dev.loopline.notification;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

/**
 * The one list of events Loopline announces, by public type (past tense, {@code deploy_request.deployed}), each
 * mapped from the {@code action()} strings the modules' {@link dev.loopline.common.AuditableEvent}s carry. Events of
 * modules merged later (builds, deployments, freeze windows) are listed with their agreed action names and flow as
 * soon as those modules publish them.
 */
@Component
public class EventCatalogue {

    /** The type of the event sent by "Send test event"; it is not published by any module. */
    public static final String TEST_EVENT = "webhook.test";

    /**
     * One event type.
     *
     * @param type        the public type in webhook bodies and subscriptions, e.g. {@code deploy_request.opened}
     * @param title       a short heading for people, e.g. "Deploy request opened"
     * @param description when it is sent
     * @param example     an example of the body's {@code data}
     * @param actions     the module actions that produce it
     */
    public record EventType(String type, String title, String description, Map<String, Object> example,
            List<String> actions) {
    }

    private static final List<EventType> TYPES = List.of(
            type("branch.ready", "Branch ready", "A branch was created and is ready to use (its database exists).",
                    branch("shop", "add-tracking"), "branch.created", "branch.ready"),
            type("branch.failed", "Branch creation failed", "Creating a branch failed; it is kept as failed.",
                    with(branch("shop", "add-tracking"), "reason", "Disk full"), "branch.creation_failed"),
            type("branch.deleted", "Branch deleted", "A branch and its database were deleted.",
                    branch("shop", "add-tracking"), "branch.deleted"),
            type("deploy_request.opened", "Deploy request opened",
                    "A deploy request was opened and waits for review and approval.",
                    with(request(1), "branch", "add-tracking", "into_branch", "main", "tables", 2),
                    "deploy_request.opened"),
            type("deploy_request.approved", "Deploy request approved", "A reviewer approved a deploy request.",
                    request(1), "deploy_request.approved"),
            type("deploy_request.approval_dismissed", "Approval dismissed",
                    "An approval was dismissed because the branch's schema changed after it.",
                    with(request(1), "reviewer", "olivia"), "deploy_request.approval_dismissed"),
            type("deploy_request.queued", "Deploy queued", "An approved deploy request was queued to deploy.",
                    request(1), "deploy_request.queued"),
            type("deploy_request.started", "Deploy started", "The deploy began copying rows into shadow tables.",
                    request(1), "deploy_request.started"),
            type("deploy_request.pending_cutover", "Deploy waiting for cutover",
                    "All rows are copied; the deploy waits for someone to apply the cutover.", request(1),
                    "deploy_request.ready_to_cutover"),
            type("deploy_request.deployed", "Deploy request deployed",
                    "The change was cut over into production; the revert window is open.", request(1),
                    "deploy_request.cut_over"),
            type("deploy_request.revert_window_closing", "Revert window closing soon",
                    "The revert window of a deployed request closes soon; revert before then if something is wrong.",
                    with(request(1), "closes_at", "2026-11-30T12:30:00Z"), "deploy_request.revert_window_closing"),
            type("deploy_request.completed", "Revert window closed",
                    "The revert window closed: the old tables are dropped and the deploy is final.", request(1),
                    "deploy_request.completed"),
            type("deploy_request.reverted", "Deploy request reverted",
                    "The deploy was reverted: the old schema is back with every write kept.", request(1),
                    "deploy_request.reverted"),
            type("deploy_request.errored", "Deploy failed", "A deploy or a revert failed; the queue is blocked.",
                    request(1), "deploy_request.failed", "deploy_request.revert_failed"),
            type("deploy_request.cancelled", "Deploy cancelled", "A deploy was cancelled before its cutover.",
                    request(1), "deploy_request.cancelled"),
            type("deploy_request.closed", "Deploy request closed", "A deploy request was closed without deploying.",
                    request(1), "deploy_request.closed"),
            type("backup.failed", "Backup failed", "A backup failed.",
                    with(branch("shop", "main"), "id", 42, "reason", "Disk full"), "backup.failed"),
            type("backup.verification_failed", "Backup verification failed",
                    "A test restore of a backup did not match what was recorded at backup time.",
                    with(branch("shop", "main"), "id", 42, "passed", false), "backup.verification_failed"),
            type("job.failed", "Job failed", "A scheduled job ended with an error.",
                    Map.of("group", "backup", "name", "backup-shop", "error", "Disk full"), "job.failed"),
            type("build.succeeded", "Build succeeded", "A CI build reported success.", build(), "build.succeeded"),
            type("build.failed", "Build failed", "A CI build reported failure.", build(), "build.failed"),
            type("build.cancelled", "Build cancelled", "A CI build was cancelled.", build(), "build.cancelled"),
            type("tests.failed", "Tests failed", "A test report had failures or errors.",
                    Map.of("build_id", 12, "tests", 240, "failures", 2, "errors", 0), "tests.failed"),
            type("tests.passed", "Tests passed", "A test report had no failures or errors.",
                    Map.of("build_id", 12, "tests", 240, "failures", 0, "errors", 0), "tests.passed"),
            type("deployment.started", "Deployment started", "An application deployment started.", deployment(),
                    "deployment.started"),
            type("deployment.succeeded", "Deployment succeeded", "An application deployment succeeded.",
                    deployment(), "deployment.succeeded"),
            type("deployment.failed", "Deployment failed", "An application deployment failed.", deployment(),
                    "deployment.failed"),
            type("deployment.promoted", "Deployment promoted", "A blue/green deployment's slot went live.",
                    deployment(), "deployment.promoted"),
            type("deployment.rolled_back", "Deployment rolled back", "A deployment was rolled back.", deployment(),
                    "deployment.rolled_back"),
            type("freeze_window.started", "Freeze window started",
                    "A deploy freeze began: deployments into the environment are refused.",
                    Map.of("environment", "production", "reason", "Black Friday"), "freeze_window.started"),
            type("freeze_window.ended", "Freeze window ended", "A deploy freeze ended.",
                    Map.of("environment", "production", "reason", "Black Friday"), "freeze_window.ended"),
            type("iteration.phase_changed", "Iteration phase changed", "An iteration moved to another phase.",
                    Map.of("iteration_id", 7, "name", "Parcel tracking", "from", "RELEASE", "to", "DEPLOY"),
                    "iteration.phase_changed"),
            type("iteration.completed", "Iteration completed", "An iteration was completed.",
                    Map.of("iteration_id", 7, "name", "Parcel tracking", "committed_points", 21,
                            "completed_points", 18), "iteration.completed"),
            type(TEST_EVENT, "Test event", "Sent by \"Send test event\" on a webhook, whatever it subscribes to.",
                    Map.of("webhook_id", 3)));

    private static final Map<String, EventType> BY_ACTION = TYPES.stream()
            .flatMap(t -> t.actions().stream().map(a -> Map.entry(a, t)))
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    private static final Map<String, EventType> BY_TYPE = TYPES.stream()
            .collect(Collectors.toUnmodifiableMap(EventType::type, Function.identity()));

    /** Every event type, in catalogue order (by module, then by the order things happen). */
    public List<EventType> all() {
        return TYPES;
    }

    /** The public event type a module action is announced as, or empty when it is not announced. */
    public Optional<EventType> forAction(String action) {
        return Optional.ofNullable(BY_ACTION.get(action));
    }

    /** The event type with this public name, or empty. */
    public Optional<EventType> byType(String type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }

    /** A whole body as a generic webhook receives it, for documentation: {@code {type, timestamp, data}}. */
    public Map<String, Object> exampleBody(EventType type) {
        Map<String, Object> data = new LinkedHashMap<>(type.example());
        data.put("summary", "(a sentence saying what happened)");
        data.put("actor", "alice");
        data.put("url", "https://loopline.example.com/…");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.type());
        body.put("timestamp", "2026-11-30T12:00:00Z");
        body.put("data", data);
        return body;
    }

    /** {@link #exampleBody} as indented JSON, for the catalogue page. */
    public String exampleJson(EventType type) {
        return Payloads.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(exampleBody(type));
    }

    private static EventType type(String type, String title, String description, Map<String, Object> example,
            String... actions) {
        return new EventType(type, title, description, example, List.of(actions));
    }

    private static Map<String, Object> branch(String database, String branch) {
        return Map.of("database", database, "branch", branch);
    }

    private static Map<String, Object> request(int number) {
        return Map.of("database", "shop", "number", number);
    }

    private static Map<String, Object> build() {
        return Map.of("id", 12, "pipeline", "ci", "number", 12, "status", "failed");
    }

    private static Map<String, Object> deployment() {
        return Map.of("id", 5, "environment", "production", "version", "1.4.2");
    }

    private static Map<String, Object> with(Map<String, Object> base, Object... keyValues) {
        Map<String, Object> all = new LinkedHashMap<>(base);
        for (int i = 0; i < keyValues.length; i += 2) {
            all.put((String) keyValues[i], keyValues[i + 1]);
        }
        return Map.copyOf(all);
    }
}
