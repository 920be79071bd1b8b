package dev.loopline.pipeline;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.PageRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.loopline.common.CurrentActor;
import dev.loopline.common.DomainException;
import dev.loopline.common.Names;
import dev.loopline.common.Role;
import dev.loopline.common.Secrets;
import dev.loopline.database.SecretBox;

/**
 * The CI integrations allowed to report builds through the native receivers, and the log of what they delivered.
 * Secrets are generated here and shown once ({@link Created#plainText()}).
 */
@Service
@Transactional
public class IntegrationService {

    /** Accepted, ignored and duplicate deliveries kept per CI kind; older ones are dropped as new ones arrive. */
    static final int DELIVERIES_KEPT = 500;

    /**
     * Refused deliveries kept per CI kind, apart from the others: a flood of requests with a wrong secret never pushes
     * a real delivery out of the log. Repeats of one refusal share an entry, so these are distinct refusals.
     */
    static final int REFUSALS_KEPT = 100;

    private final CiIntegrationRepository integrations;
    private final CiDeliveryRepository deliveries;
    private final SecretBox box;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    IntegrationService(CiIntegrationRepository integrations, CiDeliveryRepository deliveries, SecretBox box,
            ApplicationEventPublisher events, Clock clock) {
        this.integrations = integrations;
        this.deliveries = deliveries;
        this.box = box;
        this.events = events;
        this.clock = clock;
    }

    /** A new integration and its secret, which is never shown again. */
    public record Created(CiIntegration integration, String plainText) {
    }

    /**
     * Adds an integration. {@code 400 invalid_name} for a name that is not 1–64 letters, digits, spaces, dots, dashes
     * or underscores; {@code 409} when the kind already has one by that name. Audited.
     */
    @PreAuthorize(Role.ADMIN_ONLY)
    public Created create(CiKind kind, String name) {
        String label = name == null ? "" : name.trim();
        if (!Names.LABEL.matcher(label).matches()) {
            throw new DomainException.InvalidInput("invalid_name", "An integration name has 1–64 letters, digits, "
                    + "spaces, dots, dashes or underscores.");
        }
        if (integrations.findAllByOrderByKindAscNameAsc().stream()
                .anyMatch(i -> i.getKind() == kind && i.getName().equals(label))) {
            throw new DomainException.Conflict("integration_exists", "There is already a " + kind.label()
                    + " integration named " + label + ".");
        }
        String secret = "llci_" + Secrets.alphanumeric(40);
        CiIntegration saved = integrations.save(new CiIntegration(kind, label, kind.signed() ? null : sha256(secret),
                kind.signed() ? box.seal(secret) : null, CurrentActor.get().displayName(), clock.instant()));
        events.publishEvent(new PipelineEvents.IntegrationCreated(saved.getId(), kind.apiName(), label));
        return new Created(saved, secret);
    }

    @Transactional(readOnly = true)
    public List<CiIntegration> list() {
        return integrations.findAllByOrderByKindAscNameAsc();
    }

    /** Removes an integration (its deliveries go with it); its secret is refused from now on. Audited. */
    @PreAuthorize(Role.ADMIN_ONLY)
    public void delete(long id) {
        CiIntegration integration = integrations.findById(id)
                .orElseThrow(() -> new DomainException.NotFound("Integration", id));
        integrations.delete(integration);
        events.publishEvent(new PipelineEvents.IntegrationDeleted(id, integration.getKind().apiName(),
                integration.getName()));
    }

    /** The latest accepted, ignored and duplicate deliveries of every receiver, newest first. */
    @Transactional(readOnly = true)
    public List<CiDelivery> recentDeliveries(int limit) {
        return deliveries.findByOutcomeNotOrderByReceivedAtDescIdDesc(CiDelivery.Outcome.REFUSED,
                PageRequest.of(0, limit));
    }

    /** The latest refused deliveries of every receiver, repeats collapsed, most recently seen first. */
    @Transactional(readOnly = true)
    public List<CiDelivery> recentRefusals(int limit) {
        return deliveries.findByOutcomeOrderByReceivedAtDescIdDesc(CiDelivery.Outcome.REFUSED,
                PageRequest.of(0, limit));
    }

    /** The enabled integration of this kind whose token this is. */
    @Transactional(readOnly = true)
    Optional<CiIntegration> byToken(CiKind kind, String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return integrations.findByKindAndSecretHashAndEnabledTrue(kind, sha256(token.trim())).stream().findFirst();
    }

    /**
     * The enabled GitHub integration whose key signed {@code body}, given GitHub's {@code sha256=<hex>} header.
     * Compared in constant time.
     */
    @Transactional(readOnly = true)
    Optional<CiIntegration> bySignature(byte[] body, String signatureHeader) {
        if (signatureHeader == null || !signatureHeader.startsWith("sha256=")) {
            return Optional.empty();
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signatureHeader.substring("sha256=".length()).trim());
        }
        catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return integrations.findByKindAndEnabledTrue(CiKind.GITHUB).stream()
                .filter(i -> MessageDigest.isEqual(hmacSha256(box.open(i.getSecretEncrypted()), body), given))
                .findFirst();
    }

    /** Whether this integration already accepted the delivery with this key (a redelivery). */
    @Transactional(readOnly = true)
    boolean alreadyAccepted(long integrationId, String deliveryKey) {
        return deliveryKey != null && deliveries.existsByIntegrationIdAndDeliveryKeyAndOutcome(integrationId,
                deliveryKey, CiDelivery.Outcome.ACCEPTED);
    }

    /**
     * Logs a delivery. A refusal like one logged before (same kind, integration, status and reason) is counted on that
     * entry instead of adding one. Keeps the log of its kind to {@value #DELIVERIES_KEPT} deliveries and
     * {@value #REFUSALS_KEPT} refusals, each trimmed on its own.
     */
    void log(CiKind kind, CiIntegration integration, String deliveryKey, String event, CiDelivery.Outcome outcome,
            int statusCode, String reason, Long buildId) {
        Long integrationId = integration == null ? null : integration.getId();
        boolean refused = outcome == CiDelivery.Outcome.REFUSED;
        if (refused) {
            var same = deliveries.findFirstByKindAndOutcomeAndStatusCodeAndIntegrationIdAndReasonOrderByReceivedAtDescIdDesc(
                    kind, outcome, statusCode, integrationId, CiDelivery.storedReason(reason));
            if (same.isPresent() && deliveries.repeated(same.get().getId(), clock.instant()) == 1) {
                return;
            }
        }
        deliveries.save(new CiDelivery(kind, integrationId, deliveryKey, event, outcome, statusCode, reason, buildId,
                clock.instant()));
        long surplus = refused ? deliveries.countByKindAndOutcome(kind, outcome) - REFUSALS_KEPT
                : deliveries.countByKindAndOutcomeNot(kind, CiDelivery.Outcome.REFUSED) - DELIVERIES_KEPT;
        if (surplus > 0) {
            var oldest = PageRequest.of(0, (int) Math.min(surplus, 100));
            deliveries.deleteAll(refused ? deliveries.findByKindAndOutcomeOrderByReceivedAtAscIdAsc(kind, outcome, oldest)
                    : deliveries.findByKindAndOutcomeNotOrderByReceivedAtAscIdAsc(kind, CiDelivery.Outcome.REFUSED,
                            oldest));
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("This Java has no SHA-256", e);
        }
    }

    /** GitHub's signature: HMAC-SHA256 of the raw body with the secret as key. */
    static byte[] hmacSha256(String key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("This Java has no HmacSHA256", e);
        }
    }
}
