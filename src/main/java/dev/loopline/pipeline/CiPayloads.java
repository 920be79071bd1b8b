package dev.loopline.pipeline;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * Reads the CI systems' own payloads into {@link BuildReport}s. Only what Loopline needs is read and everything is
 * optional except the build's identity; unknown fields and events are ignored, never refused, and a time in a format
 * Loopline cannot read is left out (the delivery log says which) rather than losing the build's status. Jenkins and GitLab
 * jobs may pass {@code LOOPLINE_ITERATION_ID} and {@code LOOPLINE_TEST_BRANCH} (build parameters or pipeline
 * variables) to link the iteration and the test branch.
 */
final class CiPayloads {

    static final String ITERATION_VARIABLE = "LOOPLINE_ITERATION_ID";
    static final String TEST_BRANCH_VARIABLE = "LOOPLINE_TEST_BRANCH";

    /** Jenkins Notification plugin's old timestamp: {@code yyyy-MM-dd'T'HH:mm:ss.S} + offset, milliseconds unpadded. */
    private static final Pattern JENKINS_OLD_TIME = Pattern.compile(
            "^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d)(?:\\.(\\d{1,3}))?\\s*(Z|UTC|[+-]\\d\\d:?\\d\\d)$");
    /** GitLab's {@code 2016-08-12 15:23:28 UTC}. */
    private static final DateTimeFormatter GITLAB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'",
            Locale.ROOT);

    private CiPayloads() {
    }

    /**
     * What a payload said: an event name, and a report or (when {@code report} is null) why it was ignored;
     * {@code leftOut} names the times that could not be read, or is null.
     */
    record Parsed(String event, BuildReport report, String ignored, String leftOut) {

        static Parsed ignore(String event, String why) {
            return new Parsed(event, null, why, null);
        }
    }

    /** The times of one payload that could not be read, for the delivery log. */
    private static final class LeftOut {
        private final List<String> fields = new ArrayList<>();

        Instant time(java.util.function.Supplier<Instant> read) {
            try {
                return read.get();
            }
            catch (Unreadable e) {
                fields.add(e.getMessage());
                return null;
            }
        }

        String describe() {
            return fields.isEmpty() ? null : "Left out: " + String.join(" ", fields);
        }
    }

    /** A payload Loopline cannot read: 400 with this message. */
    static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message);
        }
    }

    // ---- Jenkins ------------------------------------------------------------------------------------------------

    static Parsed jenkins(JsonNode root) {
        JsonNode build = root.path("build");
        String phase = upper(text(build, "phase"));
        String event = phase == null ? "unknown" : phase.toLowerCase(Locale.ROOT);
        String name = text(root, "name");
        long number = number(build, "number");
        if (name == null || number < 1) {
            throw new Unreadable("A Jenkins notification needs 'name' and 'build.number'.");
        }
        BuildStatus status = switch (phase == null ? "" : phase) {
            case "QUEUED" -> BuildStatus.QUEUED;
            case "STARTED" -> BuildStatus.RUNNING;
            case "COMPLETED", "FINALIZED" -> jenkinsResult(text(build, "status"));
            default -> null;
        };
        if (status == null) {
            return Parsed.ignore(event, "Jenkins phase " + phase + " is not tracked.");
        }
        LeftOut leftOut = new LeftOut();
        Instant started = leftOut.time(() -> jenkinsTime(build.path("timestamp")));
        Instant finished = null;
        long duration = build.path("duration").isNumber() ? build.path("duration").asLong() : 0;
        if (status.isFinal() && started != null && duration > 0) {
            finished = started.plusMillis(duration);
        }
        JsonNode scm = build.path("scm");
        String branch = text(scm, "branch");
        if (branch != null) {
            branch = branch.replaceFirst("^(origin|refs/remotes/origin|refs/heads)/", "");
        }
        Map<String, String> parameters = new java.util.HashMap<>();
        build.path("parameters").properties().forEach(e -> parameters.put(e.getKey(), scalar(e.getValue())));
        List<BuildArtifact> artifacts = null;
        if (build.path("artifacts").isObject() && !build.path("artifacts").isEmpty()) {
            artifacts = new ArrayList<>();
            for (var entry : build.path("artifacts").properties()) {
                String url = text(entry.getValue(), "archive");
                if (url == null) {
                    url = entry.getValue().properties().stream().map(e -> scalar(e.getValue())).filter(v -> v != null)
                            .findFirst().orElse(null);
                }
                artifacts.add(new BuildArtifact(entry.getKey(), url, null, null));
            }
        }
        return new Parsed(event, new BuildReport(name, number, status, text(scm, "commit"), null, null, branch,
                text(build, "full_url"), started, finished, iterationId(parameters.get(ITERATION_VARIABLE)),
                parameters.get(TEST_BRANCH_VARIABLE), artifacts, null, CiKind.JENKINS.apiName()), null,
                leftOut.describe());
    }

    private static BuildStatus jenkinsResult(String status) {
        return switch (upper(status) == null ? "" : upper(status)) {
            case "SUCCESS" -> BuildStatus.SUCCESS;
            case "ABORTED", "NOT_BUILT" -> BuildStatus.CANCELLED;
            // UNSTABLE: Jenkins' word for "built, but tests failed"
            default -> BuildStatus.FAILED;
        };
    }

    /** Epoch milliseconds (new plugin versions, as a number or digits) or the old string form. */
    static Instant jenkinsTime(JsonNode node) {
        if (node.isNumber()) {
            return Instant.ofEpochMilli(node.asLong());
        }
        String text = scalar(node);
        if (text == null || text.isBlank()) {
            return null;
        }
        text = text.trim();
        if (text.matches("\\d{10,15}")) {
            return Instant.ofEpochMilli(Long.parseLong(text));
        }
        Matcher old = JENKINS_OLD_TIME.matcher(text);
        if (old.matches()) {
            String zone = old.group(3);
            ZoneOffset offset = zone.equals("Z") || zone.equals("UTC") ? ZoneOffset.UTC
                    : ZoneOffset.of(zone.length() == 5 ? zone.substring(0, 3) + ":" + zone.substring(3) : zone);
            int millis = old.group(2) == null ? 0 : Integer.parseInt(old.group(2));
            return LocalDateTime.parse(old.group(1)).toInstant(offset).plusMillis(millis);
        }
        return iso(text, "build.timestamp");
    }

    // ---- GitHub -------------------------------------------------------------------------------------------------

    static Parsed github(String eventHeader, JsonNode root) {
        String event = eventHeader == null ? "unknown" : eventHeader;
        if (!"workflow_run".equals(eventHeader)) {
            return Parsed.ignore(event, "ping".equals(eventHeader) ? "Ping: the webhook is set up."
                    : "Only workflow_run events are read; subscribe the webhook to \"Workflow runs\".");
        }
        JsonNode run = root.path("workflow_run");
        String repository = text(root.path("repository"), "full_name");
        String workflow = text(run, "name");
        long number = number(run, "run_number");
        if (number < 1 || workflow == null) {
            throw new Unreadable("A workflow_run event needs 'workflow_run.name' and 'workflow_run.run_number'.");
        }
        String action = text(root, "action");
        JsonNode head = run.path("head_commit");
        BuildStatus status = switch (text(run, "status") == null ? "" : text(run, "status")) {
            case "in_progress" -> BuildStatus.RUNNING;
            case "completed" -> githubConclusion(text(run, "conclusion"));
            default -> BuildStatus.QUEUED;
        };
        LeftOut leftOut = new LeftOut();
        Instant started = leftOut.time(() -> optionalIso(text(run, "run_started_at"), "workflow_run.run_started_at"));
        Instant finished = status.isFinal()
                ? leftOut.time(() -> optionalIso(text(run, "updated_at"), "workflow_run.updated_at")) : null;
        Instant committed = leftOut.time(() -> optionalIso(text(head, "timestamp"), "head_commit.timestamp"));
        int attempt = run.path("run_attempt").isNumber() ? run.path("run_attempt").asInt() : 1;
        return new Parsed("workflow_run." + (action == null ? "unknown" : action), new BuildReport(
                repository == null ? workflow : repository + " · " + workflow, number, status, text(run, "head_sha"),
                text(head, "message"), committed,
                text(run, "head_branch"), text(run, "html_url"), started, finished, null, null, null,
                Math.max(1, attempt), CiKind.GITHUB.apiName()), null, leftOut.describe());
    }

    private static BuildStatus githubConclusion(String conclusion) {
        return switch (conclusion == null ? "" : conclusion) {
            case "success", "neutral" -> BuildStatus.SUCCESS;
            case "cancelled", "skipped" -> BuildStatus.CANCELLED;
            default -> BuildStatus.FAILED;
        };
    }

    // ---- GitLab -------------------------------------------------------------------------------------------------

    static Parsed gitlab(JsonNode root) {
        String kind = text(root, "object_kind");
        if (!"pipeline".equals(kind)) {
            return Parsed.ignore(kind == null ? "unknown" : kind, "Only pipeline events are read; tick \"Pipeline "
                    + "events\" in the webhook's triggers.");
        }
        JsonNode pipeline = root.path("object_attributes");
        JsonNode project = root.path("project");
        long number = pipeline.has("iid") ? number(pipeline, "iid") : number(pipeline, "id");
        String name = text(project, "path_with_namespace");
        if (name == null) {
            name = text(project, "name");
        }
        if (number < 1 || name == null) {
            throw new Unreadable("A pipeline event needs 'object_attributes.id' and 'project.path_with_namespace'.");
        }
        String state = text(pipeline, "status");
        BuildStatus status = switch (state == null ? "" : state) {
            case "running" -> BuildStatus.RUNNING;
            case "success" -> BuildStatus.SUCCESS;
            case "failed" -> BuildStatus.FAILED;
            case "canceled", "cancelled", "skipped" -> BuildStatus.CANCELLED;
            default -> BuildStatus.QUEUED;
        };
        LeftOut leftOut = new LeftOut();
        Instant created = leftOut.time(() -> gitlabTime(text(pipeline, "created_at"), "object_attributes.created_at"));
        Instant finished = status.isFinal()
                ? leftOut.time(() -> gitlabTime(text(pipeline, "finished_at"), "object_attributes.finished_at")) : null;
        Instant started = created;
        if (finished != null && pipeline.path("duration").isNumber()) {
            started = finished.minusSeconds(pipeline.path("duration").asLong());
        }
        else if (created != null && pipeline.path("queued_duration").isNumber()) {
            started = created.plusSeconds(pipeline.path("queued_duration").asLong());
        }
        Map<String, String> variables = new java.util.HashMap<>();
        for (JsonNode variable : pipeline.path("variables")) {
            variables.put(text(variable, "key"), text(variable, "value"));
        }
        List<BuildArtifact> artifacts = new ArrayList<>();
        for (JsonNode job : root.path("builds")) {
            String file = text(job.path("artifacts_file"), "filename");
            if (file != null) {
                String web = text(project, "web_url");
                artifacts.add(new BuildArtifact(text(job, "name") + "/" + file, web == null ? null
                        : web + "/-/jobs/" + number(job, "id") + "/artifacts/download", null,
                        job.path("artifacts_file").path("size").isNumber()
                                ? job.path("artifacts_file").path("size").asLong() : null));
            }
        }
        JsonNode commit = root.path("commit");
        Instant committed = leftOut.time(() -> optionalIso(text(commit, "timestamp"), "commit.timestamp"));
        return new Parsed("pipeline." + (state == null ? "unknown" : state), new BuildReport(name, number, status,
                text(pipeline, "sha"), text(commit, "message"), committed,
                text(pipeline, "ref"), text(pipeline, "url"), started, finished,
                iterationId(variables.get(ITERATION_VARIABLE)), variables.get(TEST_BRANCH_VARIABLE),
                artifacts.isEmpty() ? null : artifacts, null, CiKind.GITLAB.apiName()), null, leftOut.describe());
    }

    /** GitLab's {@code 2016-08-12 15:23:28 UTC}, or ISO-8601 as newer versions send in places. */
    static Instant gitlabTime(String text, String field) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(text.trim(), GITLAB_TIME).toInstant(ZoneOffset.UTC);
        }
        catch (DateTimeParseException e) {
            return iso(text.trim(), field);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static Instant optionalIso(String text, String field) {
        return text == null || text.isBlank() ? null : iso(text.trim(), field);
    }

    private static Instant iso(String text, String field) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        }
        catch (DateTimeParseException e) {
            throw new Unreadable("'" + field + "' is not a time Loopline can read: " + dev.loopline.common.TextLimits.quoted(text) + ".");
        }
    }

    private static Long iterationId(String value) {
        if (value == null || !value.trim().matches("\\d{1,18}")) {
            return null;
        }
        return Long.parseLong(value.trim());
    }

    private static String upper(String text) {
        return text == null ? null : text.toUpperCase(Locale.ROOT);
    }

    private static long number(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isIntegralNumber()) {
            return value.asLong();
        }
        String text = scalar(value);
        return text != null && text.matches("\\d{1,18}") ? Long.parseLong(text) : -1;
    }

    static String text(JsonNode node, String field) {
        return scalar(node.path(field));
    }

    private static String scalar(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode() || node.isContainer()) {
            return null;
        }
        String text = node.asString();
        return text.isEmpty() ? null : text;
    }
}
