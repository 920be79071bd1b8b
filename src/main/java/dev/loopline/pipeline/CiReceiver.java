package dev.loopline.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;

import dev.loopline.common.Actor;
import dev.loopline.common.ActorPrincipal;
import dev.loopline.common.DomainException;
import dev.loopline.common.Role;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The native CI receivers: checks who sent a delivery (Jenkins token, GitHub signature, GitLab token), reads the CI
 * system's own payload ({@link CiPayloads}), records the build, and logs every delivery with its outcome. A delivery
 * accepted before (same GitHub delivery id, GitLab idempotency key, or the same Jenkins body) is answered again
 * without being applied twice.
 */
@Service
public class CiReceiver {

    /** Deliveries larger than this are refused (413): CI payloads are a few kilobytes. */
    public static final int MAX_BODY_BYTES = 5 * 1024 * 1024;

    private final IntegrationService integrations;
    private final BuildService builds;
    private final JsonMapper json = JsonMapper.builder().build();

    CiReceiver(IntegrationService integrations, BuildService builds) {
        this.integrations = integrations;
        this.builds = builds;
    }

    /**
     * One request to a receiver.
     *
     * @param body       the raw body (signatures are over these bytes)
     * @param headers    request headers, names in lower case
     * @param queryToken the {@code ?token=} parameter, or null
     */
    public record Delivery(byte[] body, Map<String, String> headers, String queryToken) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * What to answer: {@code status} 202 (accepted, ignored or duplicate), 400 (unreadable), 401 (bad secret or
     * signature) or 413; {@code code} and {@code message} as the API's errors; {@code buildId} when a build was
     * recorded.
     */
    public record Receipt(int status, String outcome, String code, String message, Long buildId, String buildStatus) {
    }

    public Receipt receive(CiKind kind, Delivery delivery) {
        String key = deliveryKey(kind, delivery);
        Optional<CiIntegration> sender = authenticate(kind, delivery);
        if (sender.isEmpty()) {
            String why = refusal(kind, delivery);
            integrations.log(kind, null, key, delivery.header(eventHeader(kind)), CiDelivery.Outcome.REFUSED, 401, why,
                    null);
            return new Receipt(401, CiDelivery.Outcome.REFUSED.apiName(), kind.signed() ? "invalid_signature"
                    : "invalid_token", why, null, null);
        }
        CiIntegration integration = sender.get();
        if (integrations.alreadyAccepted(integration.getId(), key)) {
            integrations.log(kind, integration, key, delivery.header(eventHeader(kind)), CiDelivery.Outcome.DUPLICATE,
                    202, "Accepted before; not applied again.", null);
            return new Receipt(202, CiDelivery.Outcome.DUPLICATE.apiName(), null, "Accepted before; not applied again.",
                    null, null);
        }
        CiPayloads.Parsed parsed;
        try {
            JsonNode root = json.readTree(jsonOf(delivery));
            parsed = switch (kind) {
                case JENKINS -> CiPayloads.jenkins(root);
                case GITHUB -> CiPayloads.github(delivery.header("X-GitHub-Event"), root);
                case GITLAB -> CiPayloads.gitlab(root);
            };
        }
        catch (JacksonException e) {
            return refuse(kind, integration, key, null, 400, "invalid_payload", "The body is not JSON.");
        }
        catch (CiPayloads.Unreadable e) {
            return refuse(kind, integration, key, null, 400, "invalid_payload", e.getMessage());
        }
        if (parsed.report() == null) {
            integrations.log(kind, integration, key, parsed.event(), CiDelivery.Outcome.IGNORED, 202, parsed.ignored(),
                    null);
            return new Receipt(202, CiDelivery.Outcome.IGNORED.apiName(), null, parsed.ignored(), null, null);
        }
        BuildService.Recorded recorded;
        try {
            recorded = asIntegration(integration, () -> builds.record(parsed.report()));
        }
        catch (DomainException.InvalidInput e) {
            return refuse(kind, integration, key, parsed.event(), 400, e.code(), e.getMessage());
        }
        Build build = recorded.build();
        integrations.log(kind, integration, key, parsed.event(), CiDelivery.Outcome.ACCEPTED, 202,
                "Build " + build.label() + " is " + build.getStatus().apiName() + "."
                        + (parsed.leftOut() == null ? "" : " " + parsed.leftOut()), build.getId());
        return new Receipt(202, CiDelivery.Outcome.ACCEPTED.apiName(), null, null, build.getId(),
                build.getStatus().apiName());
    }

    /**
     * The JSON of a delivery: the body, or its {@code payload} field when the webhook posts a form (GitHub's default
     * content type, {@code application/x-www-form-urlencoded}). Signatures were checked over the raw body before.
     */
    private static byte[] jsonOf(Delivery delivery) {
        String type = delivery.header("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return delivery.body();
        }
        for (String field : new String(delivery.body(), StandardCharsets.US_ASCII).split("&")) {
            if (field.startsWith("payload=")) {
                try {
                    return java.net.URLDecoder.decode(field.substring("payload=".length()), StandardCharsets.UTF_8)
                            .getBytes(StandardCharsets.UTF_8);
                }
                catch (IllegalArgumentException e) {
                    throw new CiPayloads.Unreadable("The form field 'payload' is not URL-encoded.");
                }
            }
        }
        throw new CiPayloads.Unreadable("A form-encoded delivery has its JSON in a 'payload' field, and this one has "
                + "none; set the webhook's content type to application/json.");
    }

    private Receipt refuse(CiKind kind, CiIntegration integration, String key, String event, int status, String code,
            String message) {
        integrations.log(kind, integration, key, event, CiDelivery.Outcome.REFUSED, status, message, null);
        return new Receipt(status, CiDelivery.Outcome.REFUSED.apiName(), code, message, null, null);
    }

    private Optional<CiIntegration> authenticate(CiKind kind, Delivery delivery) {
        return switch (kind) {
            case JENKINS -> integrations.byToken(kind, jenkinsToken(delivery));
            case GITLAB -> integrations.byToken(kind, delivery.header("X-Gitlab-Token"));
            case GITHUB -> integrations.bySignature(delivery.body(), delivery.header("X-Hub-Signature-256"));
        };
    }

    private static String refusal(CiKind kind, Delivery delivery) {
        return switch (kind) {
            case JENKINS -> jenkinsToken(delivery) == null
                    ? "No token: give the notification URL '?token=<secret>' or HTTP Basic with the secret as password."
                    : "The token matches no enabled Jenkins integration.";
            case GITLAB -> delivery.header("X-Gitlab-Token") == null
                    ? "No X-Gitlab-Token header: set the webhook's secret token."
                    : "The X-Gitlab-Token matches no enabled GitLab integration.";
            case GITHUB -> delivery.header("X-Hub-Signature-256") == null
                    ? "No X-Hub-Signature-256 header: set the webhook's secret."
                    : "The X-Hub-Signature-256 signature does not match any enabled GitHub integration's secret.";
        };
    }

    /** The Jenkins token: the password of HTTP Basic (the plugin cannot send a bearer header), else {@code ?token=}. */
    private static String jenkinsToken(Delivery delivery) {
        String authorization = delivery.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                if (colon >= 0 && colon < pair.length() - 1) {
                    return pair.substring(colon + 1);
                }
            }
            catch (IllegalArgumentException e) {
                return null;
            }
        }
        return delivery.queryToken() == null || delivery.queryToken().isBlank() ? null : delivery.queryToken();
    }

    private static String eventHeader(CiKind kind) {
        return switch (kind) {
            case JENKINS -> "X-Jenkins-Event";
            case GITHUB -> "X-GitHub-Event";
            case GITLAB -> "X-Gitlab-Event";
        };
    }

    /** What makes a delivery the same delivery again: the CI system's delivery id, or the body itself. */
    private static String deliveryKey(CiKind kind, Delivery delivery) {
        String header = switch (kind) {
            case GITHUB -> delivery.header("X-GitHub-Delivery");
            case GITLAB -> Optional.ofNullable(delivery.header("Idempotency-Key"))
                    .orElse(delivery.header("X-Gitlab-Event-UUID"));
            case JENKINS -> null;
        };
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        return "sha256:" + IntegrationService.sha256(new String(delivery.body(), StandardCharsets.UTF_8));
    }

    /** Records the build as the integration, so the audit log names it ({@code jenkins:main}). */
    private static <T> T asIntegration(CiIntegration integration, java.util.function.Supplier<T> work) {
        var previous = SecurityContextHolder.getContext();
        Actor actor = new Actor(Actor.Type.SYSTEM, integration.getId(),
                integration.getKind().apiName() + ":" + integration.getName(), Set.of(Role.DEVELOPER));
        record IntegrationPrincipal(Actor actor) implements ActorPrincipal {
            @Override
            public String toString() {
                return actor.displayName();
            }
        }
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(new IntegrationPrincipal(actor),
                null, Set.of(new SimpleGrantedAuthority(Role.DEVELOPER.authority()))));
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        }
        finally {
            SecurityContextHolder.setContext(previous);
        }
    }
}
