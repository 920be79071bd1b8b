package dev.loopline.notification;

import java.util.List;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface WebhookRepository extends JpaRepository<Webhook, Long> {

    List<Webhook> findAllByOrderByIdDesc();

    List<Webhook> findByEnabledTrue();

    List<Webhook> findByEnabledFalseAndDisabledReasonNotNull();
}

interface NotificationRepository extends JpaRepository<Notification, Long> {

    List<Notification> findByUsernameOrderByIdDesc(String username, Pageable page);

    long countByUsernameAndReadAtIsNull(String username);

    @Modifying
    @Query("update Notification n set n.readAt = :at where n.username = :username and n.readAt is null")
    int markAllRead(String username, java.time.Instant at);

    @Modifying
    @Query("delete from Notification n where n.createdAt < :before")
    int deleteCreatedBefore(java.time.Instant before);
}

interface NotificationPreferenceRepository extends JpaRepository<NotificationPreference, String> {

    List<NotificationPreference> findByApprovalsTrue();

    List<NotificationPreference> findByPhaseChangesTrue();
}
