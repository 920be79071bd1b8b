package dev.loopline.notification;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bodies Loopline sends. Every message is first the generic Standard Webhooks envelope
 * {@code {type, timestamp, data}} (stored in the outbox as sent); Slack and Teams bodies are phrased from it at send
 * time. {@code data} always holds {@code summary} (a sentence), {@code actor}, {@code target {type, id}} and
 * {@code url} (an absolute link to the page), plus the event's own fields in snake_case.
 */
final class Payloads {

    /** Slack refuses section texts over 3,000 characters and header texts over 150. */
    static final int SLACK_TEXT_LIMIT = 3000;
    static final int SLACK_HEADER_LIMIT = 150;

    static final JsonMapper JSON = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    private Payloads() {
    }

    /** The event's own fields (a record's components) in snake_case; empty when it cannot be read as JSON. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> fieldsOf(Object event) {
        try {
            return JSON.convertValue(event, LinkedHashMap.class);
        }
        catch (RuntimeException e) {
            return new LinkedHashMap<>();
        }
    }

    static String envelope(String type, Instant at, Map<String, Object> data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("timestamp", at.toString());
        body.put("data", data);
        return JSON.writeValueAsString(body);
    }

    /** What to POST for a webhook of this kind, from the stored envelope. */
    static String body(Webhook.Kind kind, String envelope, String title) {
        return switch (kind) {
            case GENERIC -> envelope;
            case SLACK -> slack(JSON.readTree(envelope), title);
            case TEAMS -> teams(JSON.readTree(envelope), title);
        };
    }

    static String slack(JsonNode envelope, String title) {
        JsonNode data = envelope.path("data");
        String summary = text(data, "summary");
        String actor = text(data, "actor");
        String url = text(data, "url");
        String type = envelope.path("type").asString();
        String heading = cut(title + target(data), SLACK_HEADER_LIMIT);
        List<Object> blocks = new ArrayList<>();
        blocks.add(Map.of("type", "header", "text", Map.of("type", "plain_text", "text", heading)));
        blocks.add(Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text",
                cut(escapeSlack(summary.isEmpty() ? title : summary), SLACK_TEXT_LIMIT))));
        blocks.add(Map.of("type", "context", "elements", List.of(Map.of("type", "mrkdwn", "text",
                cut("By *" + escapeSlack(actor.isEmpty() ? "system" : actor) + "* · `" + escapeSlack(type) + "` · "
                        + escapeSlack(envelope.path("timestamp").asString()), SLACK_TEXT_LIMIT)))));
        if (!url.isEmpty()) {
            blocks.add(Map.of("type", "actions", "elements", List.of(Map.of("type", "button", "text",
                    Map.of("type", "plain_text", "text", "Open in Loopline"), "url", url))));
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("text", cut(heading + ": " + summary, SLACK_TEXT_LIMIT));
        message.put("blocks", blocks);
        return JSON.writeValueAsString(message);
    }

    static String teams(JsonNode envelope, String title) {
        JsonNode data = envelope.path("data");
        String url = text(data, "url");
        List<Object> body = new ArrayList<>();
        body.add(Map.of("type", "TextBlock", "text", title + target(data), "weight", "Bolder", "size", "Medium",
                "wrap", true));
        body.add(Map.of("type", "TextBlock", "text", text(data, "summary"), "wrap", true));
        body.add(Map.of("type", "FactSet", "facts", List.of(
                Map.of("title", "By", "value", text(data, "actor").isEmpty() ? "system" : text(data, "actor")),
                Map.of("title", "Event", "value", envelope.path("type").asString()),
                Map.of("title", "At", "value", envelope.path("timestamp").asString()))));
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        card.put("body", body);
        if (!url.isEmpty()) {
            card.put("actions", List.of(Map.of("type", "Action.OpenUrl", "title", "Open in Loopline", "url", url)));
        }
        Map<String, Object> attachment = new LinkedHashMap<>();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.put("contentUrl", null);
        attachment.put("content", card);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "message");
        message.put("attachments", List.of(attachment));
        return JSON.writeValueAsString(message);
    }

    private static String target(JsonNode data) {
        String id = data.path("target").path("id").asString("");
        return id.isEmpty() ? "" : " · " + id;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? "" : value.asString();
    }

    /** Slack's mrkdwn treats {@code & < >} as control characters; everything else is shown as written. */
    static String escapeSlack(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String cut(String text, int limit) {
        return text.length() <= limit ? text : text.substring(0, limit - 1) + "…";
    }
}
