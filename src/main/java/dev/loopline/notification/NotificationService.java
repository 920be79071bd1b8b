package dev.loopline.notification;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.loopline.account.UserService;
import dev.loopline.common.Actor;
import dev.loopline.common.AuditableEvent;
import dev.loopline.common.DomainException;
import dev.loopline.common.Role;
import dev.loopline.iteration.IterationEvents;
import dev.loopline.iteration.IterationService;

/**
 * In-app notifications: each person chooses on their account page what concerns them — deploy requests waiting for
 * their approval (operators) and phase changes of iterations they plan or have work in — and finds them behind the
 * bell. Nobody is told about what they did themselves. No email server is involved.
 */
@Service
@Transactional
public class NotificationService {

    /** How many notifications the list shows. */
    public static final int LIST_SIZE = 50;

    private final NotificationRepository notifications;
    private final NotificationPreferenceRepository preferences;
    private final UserService users;
    private final IterationService iterations;
    private final Clock clock;

    NotificationService(NotificationRepository notifications, NotificationPreferenceRepository preferences,
            UserService users, IterationService iterations, Clock clock) {
        this.notifications = notifications;
        this.preferences = preferences;
        this.users = users;
        this.iterations = iterations;
        this.clock = clock;
    }

    /** What {@code username} chose; both off until they choose. */
    @Transactional(readOnly = true)
    public NotificationPreference preferencesOf(String username) {
        return preferences.findById(username).orElseGet(() -> new NotificationPreference(username, false, false));
    }

    public NotificationPreference choose(String username, boolean approvals, boolean phaseChanges) {
        NotificationPreference preference = preferences.findById(username)
                .orElseGet(() -> new NotificationPreference(username, approvals, phaseChanges));
        preference.choose(approvals, phaseChanges);
        return preferences.save(preference);
    }

    @Transactional(readOnly = true)
    public long unreadCount(String username) {
        return notifications.countByUsernameAndReadAtIsNull(username);
    }

    /** The newest {@value #LIST_SIZE} notifications of {@code username}, newest first. */
    @Transactional(readOnly = true)
    public List<Notification> recent(String username) {
        return notifications.findByUsernameOrderByIdDesc(username, PageRequest.of(0, LIST_SIZE));
    }

    /** Marks one of {@code username}'s notifications read and returns where it leads; 404 for anyone else's. */
    public Optional<String> open(String username, long id) {
        Notification notification = notifications.findById(id).filter(n -> n.getUsername().equals(username))
                .orElseThrow(() -> new DomainException.NotFound("Notification", id));
        notification.markRead(clock.instant());
        return Optional.ofNullable(notification.getLink());
    }

    public int markAllRead(String username) {
        return notifications.markAllRead(username, clock.instant());
    }

    /**
     * Deletes the notifications, read or unread, created before {@code before}: the bell and the list only ever show
     * the newest, and a notice nobody opened in months no longer calls for anyone. Returns how many went.
     */
    int pruneCreatedBefore(java.time.Instant before) {
        return notifications.deleteCreatedBefore(before);
    }

    /** Called for every catalogued event, inside its transaction. */
    void announce(EventCatalogue.EventType type, AuditableEvent event, Actor actor, String path) {
        switch (type.type()) {
            case "deploy_request.opened" -> preferences.findByApprovalsTrue().forEach(p -> users.activeUser(p.getUsername())
                    .filter(person -> person.has(Role.OPERATOR))
                    .filter(person -> !person.standsBehind(actor))
                    .ifPresent(person -> notify(person, type, "Deploy request " + event.targetId()
                            + " waits for your approval: " + event.details(), path)));
            case "iteration.phase_changed" -> {
                if (event instanceof IterationEvents.PhaseChanged changed && changed.iterationId() != null) {
                    List<String> assignees = iterations.assignees(changed.iterationId());
                    preferences.findByPhaseChangesTrue().forEach(p -> users.activeUser(p.getUsername())
                            .filter(person -> person.has(Role.PROJECT_MANAGER) || assignees.contains(person.name()))
                            .filter(person -> !person.standsBehind(actor))
                            .ifPresent(person -> notify(person, type, event.details(), path)));
                }
            }
            default -> {
            }
        }
    }

    private void notify(Actor person, EventCatalogue.EventType type, String title, String path) {
        notifications.save(new Notification(person.name(), type.type(), title, path, clock.instant()));
    }
}
