package dev.loopline.deployrequest;

import java.util.List;
import java.util.Optional;

/** Asks every {@link DeployWindow} about one request: the first closure found wins. */
final class DeployWindows {

    private DeployWindows() {
    }

    static Optional<DeployWindow.Closure> closure(List<DeployWindow> windows, DeployRequest request) {
        for (DeployWindow window : windows) {
            Optional<DeployWindow.Closure> closed = window.closure(request.getDatabase(), request.getIntoBranch(),
                    request.getNumber());
            if (closed.isPresent()) {
                return closed;
            }
        }
        return Optional.empty();
    }
}
