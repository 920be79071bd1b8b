package dev.loopline.pipeline.api;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.loopline.pipeline.BuildGateSettings;
import dev.loopline.pipeline.BuildGates;

/**
 * {@code /api/v1/iterations/{id}/build-gates}: the release gates on builds and tests of an iteration
 * ({@code latest_build_green}, {@code no_failing_tests}); planners change them.
 */
@RestController
class BuildGateApiController {

    private final BuildGates gates;

    BuildGateApiController(BuildGates gates) {
        this.gates = gates;
    }

    record BuildGatesJson(long iterationId, boolean latestBuildGreen, boolean noFailingTests) {
        static BuildGatesJson of(BuildGateSettings s) {
            return new BuildGatesJson(s.getIterationId(), s.isLatestBuildGreen(), s.isNoFailingTests());
        }
    }

    record BuildGatesRequest(Boolean latestBuildGreen, Boolean noFailingTests) {
    }

    @GetMapping("/api/v1/iterations/{id}/build-gates")
    BuildGatesJson get(@PathVariable long id) {
        return BuildGatesJson.of(gates.of(id));
    }

    /** Absent fields keep their value. */
    @PutMapping("/api/v1/iterations/{id}/build-gates")
    BuildGatesJson put(@PathVariable long id, @RequestBody BuildGatesRequest request) {
        BuildGateSettings current = gates.of(id);
        return BuildGatesJson.of(gates.update(id,
                request.latestBuildGreen() == null ? current.isLatestBuildGreen() : request.latestBuildGreen(),
                request.noFailingTests() == null ? current.isNoFailingTests() : request.noFailingTests()));
    }
}
