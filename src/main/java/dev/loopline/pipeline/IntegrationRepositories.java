package dev.loopline.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface CiIntegrationRepository extends JpaRepository<CiIntegration, Long> {

    List<CiIntegration> findAllByOrderByKindAscNameAsc();

    List<CiIntegration> findByKindAndEnabledTrue(CiKind kind);

    List<CiIntegration> findByKindAndSecretHashAndEnabledTrue(CiKind kind, String secretHash);
}

interface CiDeliveryRepository extends JpaRepository<CiDelivery, Long> {

    List<CiDelivery> findByOutcomeNotOrderByReceivedAtDescIdDesc(CiDelivery.Outcome outcome, Pageable page);

    List<CiDelivery> findByOutcomeOrderByReceivedAtDescIdDesc(CiDelivery.Outcome outcome, Pageable page);

    /** The latest entry a repeated refusal collapses into (a null integration matches entries without one). */
    Optional<CiDelivery> findFirstByKindAndOutcomeAndStatusCodeAndIntegrationIdAndReasonOrderByReceivedAtDescIdDesc(
            CiKind kind, CiDelivery.Outcome outcome, int statusCode, Long integrationId, String reason);

    /** Counts one more repeat of a refusal, atomically (two nodes may count the same one at once). */
    @Modifying
    @Query("update CiDelivery d set d.times = d.times + 1, d.receivedAt = :at where d.id = :id")
    int repeated(long id, Instant at);

    boolean existsByIntegrationIdAndDeliveryKeyAndOutcome(Long integrationId, String deliveryKey,
            CiDelivery.Outcome outcome);

    long countByKindAndOutcome(CiKind kind, CiDelivery.Outcome outcome);

    long countByKindAndOutcomeNot(CiKind kind, CiDelivery.Outcome outcome);

    List<CiDelivery> findByKindAndOutcomeOrderByReceivedAtAscIdAsc(CiKind kind, CiDelivery.Outcome outcome,
            Pageable page);

    List<CiDelivery> findByKindAndOutcomeNotOrderByReceivedAtAscIdAsc(CiKind kind, CiDelivery.Outcome outcome,
            Pageable page);
}
