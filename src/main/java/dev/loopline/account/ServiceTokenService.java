package dev.loopline.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.loopline.common.Actor;
import dev.loopline.common.CurrentActor;
import dev.loopline.common.DomainException;
import dev.loopline.common.Names;
import dev.loopline.common.Secrets;
import dev.loopline.common.Role;

/** Creates, lists, deletes and checks service tokens. Secrets are shown once and stored as SHA-256. */
@Service
@Transactional
public class ServiceTokenService {

    static final String PREFIX = "llt_";

    private final ServiceTokenRepository tokens;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ServiceTokenService(ServiceTokenRepository tokens, ApplicationEventPublisher events, Clock clock) {
        this.tokens = tokens;
        this.events = events;
        this.clock = clock;
    }

    /** A new token and its secret; the secret is not kept anywhere and cannot be shown again. */
    public record CreatedToken(ServiceToken token, String plainText) {
    }

    @PreAuthorize(Role.ADMIN_ONLY)
    public CreatedToken create(String name, Set<Role> roles) {
        String trimmed = name == null ? "" : name.trim();
        if (!Names.LABEL.matcher(trimmed).matches()) {
            throw new DomainException.InvalidInput("invalid_name",
                    "Name the token with 1–64 letters, digits, spaces, dots, dashes or underscores.");
        }
        dev.loopline.common.TextLimits.require("name", trimmed, dev.loopline.common.TextLimits.TOKEN_NAME);
        if (roles == null || roles.isEmpty()) {
            throw new DomainException.InvalidInput("invalid_roles", "Give the token at least one role.");
        }
        if (tokens.existsByName(trimmed)) {
            throw new DomainException.Conflict("token_name_taken", "A token named " + trimmed + " already exists.");
        }
        String plain = newSecret();
        ServiceToken token = tokens.save(new ServiceToken(trimmed, hash(plain), roles,
                CurrentActor.get().displayName(), clock.instant()));
        events.publishEvent(new AccountEvents.ServiceTokenCreated(token.getId(), token.getName(), roles));
        return new CreatedToken(token, plain);
    }

    @PreAuthorize(Role.ADMIN_ONLY)
    @Transactional(readOnly = true)
    public List<ServiceToken> findAll() {
        return tokens.findAllByOrderByCreatedAtDescIdDesc();
    }

    @PreAuthorize(Role.ADMIN_ONLY)
    public void delete(long id) {
        ServiceToken token = tokens.findById(id).orElseThrow(() -> new DomainException.NotFound("Service token", id));
        tokens.delete(token);
        events.publishEvent(new AccountEvents.ServiceTokenDeleted(id, token.getName()));
    }

    /** The actor a presented secret stands for, if it is a known token. Records when it was last used. */
    public Optional<Actor> authenticate(String plainText) {
        if (plainText == null || plainText.isBlank()) {
            return Optional.empty();
        }
        return tokens.findByTokenHash(hash(plainText.trim())).map(token -> {
            var now = clock.instant();
            if (token.getLastUsedAt() == null || Duration.between(token.getLastUsedAt(), now).toSeconds() >= 60) {
                tokens.touch(token.getId(), now);
            }
            return token.toActor();
        });
    }

    /** Registers (or re-keys) the admin token named {@code bootstrap} from {@code LOOPLINE_BOOTSTRAP_TOKEN}. */
    void registerBootstrapToken(String plainText) {
        Set<Role> roles = Set.of(Role.ADMIN);
        Optional<ServiceToken> existing = tokens.findByName("bootstrap");
        if (existing.isPresent()) {
            existing.get().rotate(hash(plainText), roles);
            return;
        }
        ServiceToken token = tokens.save(new ServiceToken("bootstrap", hash(plainText), roles, "system", clock.instant()));
        events.publishEvent(new AccountEvents.ServiceTokenCreated(token.getId(), token.getName(), roles));
    }

    private static String newSecret() {
        return PREFIX + Secrets.alphanumeric(40);
    }

    static String hash(String plainText) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(plainText.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
