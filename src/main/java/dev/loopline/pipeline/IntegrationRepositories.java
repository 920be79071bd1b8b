package dev.loopline.pipeline;

import java.util.List;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface CiIntegrationRepository extends JpaRepository<CiIntegration, Long> {

    List<CiIntegration> findAllByOrderByKindAscNameAsc();

    List<CiIntegration> findByKindAndEnabledTrue(CiKind kind);

    List<CiIntegration> findByKindAndSecretHashAndEnabledTrue(CiKind kind, String secretHash);
}

interface CiDeliveryRepository extends JpaRepository<CiDelivery, Long> {

    List<CiDelivery> findByOrderByReceivedAtDescIdDesc(Pageable page);

    boolean existsByIntegrationIdAndDeliveryKeyAndOutcome(Long integrationId, String deliveryKey,
            CiDelivery.Outcome outcome);

    long countByKind(CiKind kind);

    List<CiDelivery> findByKindOrderByReceivedAtAscIdAsc(CiKind kind, Pageable page);
}
