package dev.loopline.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ServiceTokenRepository extends JpaRepository<ServiceToken, Long> {

    Optional<ServiceToken> findByTokenHash(String tokenHash);

    Optional<ServiceToken> findByName(String name);

    boolean existsByName(String name);

    List<ServiceToken> findAllByOrderByCreatedAtDescIdDesc();

    @Modifying
    @Query("update ServiceToken t set t.lastUsedAt = :at where t.id = :id")
    void touch(@Param("id") long id, @Param("at") Instant at);
}
