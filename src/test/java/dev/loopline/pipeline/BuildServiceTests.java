package dev.loopline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.loopline.common.DomainException;
import dev.loopline.support.AbstractIntegrationTest;

class BuildServiceTests extends AbstractIntegrationTest {

    @Autowired
    BuildService builds;

    private static BuildReport report(String pipeline, long number, BuildStatus status, Long iteration) {
        return new BuildReport(pipeline, number, status, "a1b2c3d", "Ship it", null, "main", null,
                Instant.parse("2026-11-20T10:00:00Z"), status.isFinal() ? Instant.parse("2026-11-20T10:05:00Z") : null,
                iteration, null, List.of(new BuildArtifact("app.jar", "https://ci/app.jar", null, 1024L)), null, null);
    }

    @Test
    void createsThenUpdatesTheSameBuildAndListsAnIterationsBuildsNewestFirst() throws Exception {
        long iteration = createIteration("Builds " + UUID.randomUUID());
        String pipeline = "svc-" + UUID.randomUUID();
        var first = builds.record(report(pipeline, 1, BuildStatus.RUNNING, iteration));
        var again = builds.record(report(pipeline, 1, BuildStatus.SUCCESS, null));
        var second = builds.record(report(pipeline, 2, BuildStatus.QUEUED, iteration));

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.build().getId()).isEqualTo(first.build().getId());
        Build stored = builds.get(first.build().getId());
        assertThat(stored.getStatus()).isEqualTo(BuildStatus.SUCCESS);
        assertThat(stored.getIterationId()).isEqualTo(iteration);
        assertThat(stored.getArtifacts()).extracting(BuildArtifact::name).containsExactly("app.jar");
        assertThat(builds.ofIteration(iteration)).extracting(Build::getId)
                .containsExactly(second.build().getId(), first.build().getId());
    }

    @Test
    void answersNotFoundForAnUnknownBuild() {
        assertThatThrownBy(() -> builds.get(987654321L)).isInstanceOf(DomainException.NotFound.class);
    }
}
