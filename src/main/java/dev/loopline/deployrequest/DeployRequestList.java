package dev.loopline.deployrequest;

import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Service;

import dev.loopline.common.DomainException;
import dev.loopline.database.DatabaseService;

/**
 * The deploy-requests list across databases: by tab (open, deployed, closed), database and author, each request
 * with its approvals and, while open, its lint and conflicts.
 */
@Service
public class DeployRequestList {

    private final DeployRequestRepository requests;
    private final DeployRequestService requestService;
    private final DatabaseService databases;

    DeployRequestList(DeployRequestRepository requests, DeployRequestService requestService, DatabaseService databases) {
        this.requests = requests;
        this.requestService = requestService;
        this.databases = databases;
    }

    /** The list's tabs. A request in its revert window is deployed (and still open for Revert). */
    public enum Tab {
        OPEN, DEPLOYED, CLOSED;

        /** {@code open}, {@code deployed} or {@code closed}; blank is {@code open}; anything else {@code 400}. */
        public static Tab of(String value) {
            if (value == null || value.isBlank()) {
                return OPEN;
            }
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            }
            catch (IllegalArgumentException e) {
                throw new DomainException.InvalidInput("invalid_state", "state is open, deployed or closed.");
            }
        }

        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }

        boolean holds(DeployRequest request) {
            boolean deployed = request.getDeploymentState() == DeploymentState.COMPLETE
                    || request.getDeploymentState() == DeploymentState.COMPLETE_PENDING_REVERT;
            return switch (this) {
                case OPEN -> request.isOpen() && !deployed;
                case DEPLOYED -> deployed;
                case CLOSED -> !request.isOpen() && !deployed;
            };
        }
    }

    /**
     * One row of the list.
     *
     * @param approvals         standing approvals
     * @param requiredApprovals what the database requires
     * @param lintErrors        lint errors now ({@code null}: not measured, the request is not open or its branch is gone)
     * @param lintWarnings      lint warnings now (as above)
     * @param conflicts         conflicts with the target now (as above)
     */
    public record Row(DeployRequest request, int approvals, int requiredApprovals, Integer lintErrors,
            Integer lintWarnings, Integer conflicts) {

        public boolean approved() {
            return approvals >= requiredApprovals;
        }
    }

    /** Requests in {@code tab}, newest first; {@code database} and {@code author} filter when not blank. */
    public List<Row> rows(Tab tab, String database, String author) {
        return requests.findByDatabaseAndAuthor(blankToNull(database), blankToNull(author)).stream()
                .filter(tab::holds).map(this::row).toList();
    }

    /**
     * The Database filter's choices, by name: every database (whether or not it has requests yet) and any deleted
     * database whose requests are still listed.
     */
    public List<String> databases() {
        java.util.SortedSet<String> names = new java.util.TreeSet<>(requests.distinctDatabases());
        databases.list().forEach(database -> names.add(database.getName()));
        return List.copyOf(names);
    }

    public List<String> authors() {
        return requests.distinctAuthors();
    }

    private Row row(DeployRequest request) {
        int approvals = requestService.approvers(request).size();
        int required;
        try {
            required = databases.get(request.getDatabase()).getRequiredApprovals();
        }
        catch (DomainException.NotFound gone) {
            return new Row(request, approvals, 0, null, null, null);
        }
        if (!request.isOpen() || request.getDeploymentState() != DeploymentState.READY) {
            return new Row(request, approvals, required, null, null, null);
        }
        try {
            DeployAnalysis analysis = requestService.analyseQuickly(request);
            return new Row(request, approvals, required, analysis.errors().size(), analysis.warnings().size(),
                    analysis.conflicts().size());
        }
        catch (DomainException e) {
            return new Row(request, approvals, required, null, null, null);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
