package dev.loopline.insights;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Service;

import dev.loopline.common.CurrentActor;
import dev.loopline.common.DomainException;
import dev.loopline.database.Branch;
import dev.loopline.database.BranchService;
import dev.loopline.database.BranchStatistics;
import dev.loopline.deployrequest.DeployRequest;
import dev.loopline.deployrequest.DeployRequestService;
import dev.loopline.deployrequest.DeployService;
import dev.loopline.deployrequest.Deployment;
import dev.loopline.deployrequest.DeploymentState;
import dev.loopline.engine.DatabaseEngine.QueryPlan;
import dev.loopline.engine.EngineException;

/**
 * What a branch's queries did: patterns over a time range with their full-scan flags, the per-minute series, the
 * deploy request cutovers and reverts on that branch, and one pattern's plan. Reads are open to every signed-in role;
 * nothing here changes a branch.
 */
@Service
public class InsightsService {

    /** The longest range a page or API call may ask for. */
    static final Duration MAX_RANGE = Duration.ofDays(31);
    private static final Duration PLAN_CACHE = Duration.ofMinutes(1);

    private final BranchService branches;
    private final BranchStatistics statistics;
    private final InsightStore store;
    private final InsightsProperties properties;
    private final DeployRequestService deployRequests;
    private final DeployService deploys;
    private final Clock clock;
    private final Map<Long, CachedPlan> plans = new ConcurrentHashMap<>();

    InsightsService(BranchService branches, BranchStatistics statistics, InsightStore store,
            InsightsProperties properties, DeployRequestService deployRequests, DeployService deploys, Clock clock) {
        this.branches = branches;
        this.statistics = statistics;
        this.store = store;
        this.properties = properties;
        this.deployRequests = deployRequests;
        this.deploys = deploys;
        this.clock = clock;
    }

    /** A time range, {@code from} inclusive, {@code to} exclusive. */
    public record Range(Instant from, Instant to) {

        /** The last {@code hours} hours up to now (to the next minute, so the current minute is in). */
        static Range last(Clock clock, Duration length) {
            Instant to = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
            return new Range(to.minus(length), to);
        }
    }

    /**
     * The range asked for: default the last 24 hours; {@code 400 invalid_range} when {@code from} is not before
     * {@code to} or the range is longer than 31 days.
     */
    public Range range(Instant from, Instant to) {
        Range range = Range.last(clock, Duration.ofHours(24));
        Instant end = to == null ? range.to() : to;
        Instant start = from == null ? end.minus(Duration.ofHours(24)) : from;
        if (!start.isBefore(end)) {
            throw new DomainException.InvalidInput("invalid_range", "from must be before to.");
        }
        if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            throw new DomainException.InvalidInput("invalid_range", "A range may cover at most 31 days; samples are "
                    + "kept " + properties.retention().toDays() + " days.");
        }
        return new Range(start, end);
    }

    /** A pattern with its full-scan flag (and the scanned tables' row counts). */
    public record Pattern(PatternStats stats, Plan plan) {

        public boolean fullTableScan() {
            return plan != null && !plan.fullScans().isEmpty();
        }

        /** Rows of the tables the plan reads whole, together. */
        public long scannedRows() {
            return plan == null ? 0 : plan.fullScans().values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * A pattern's plan: the engine's text, the tables read whole with their row counts, or why there is none.
     *
     * @param error the engine's reason when the sample could not be planned (a table dropped since), else null
     */
    public record Plan(String text, Map<String, Long> fullScans, String error) {

        /**
         * The plan with the statement's values as {@code ?} (H2's plans repeat them), for any reader of insights; in
         * an error, the values and the statement the engine quotes (Loopline's own words stay as they are; see
         * {@code StatementValues.hideInMessage}).
         */
        public Plan withoutValues() {
            return new Plan(StatementValues.hide(text), fullScans, StatementValues.hideInMessage(error));
        }
    }

    /** A marker on the time chart: a deploy request's cutover or revert on this branch. */
    public record Marker(String kind, int deployRequest, Instant at) {
    }

    public record Overview(Branch branch, Range range, List<Pattern> patterns, List<MinuteSample> series,
            List<Marker> events, boolean collecting) {
    }

    public Overview overview(String database, String branchName, Range range) {
        Branch branch = branches.get(database, branchName);
        List<Pattern> patterns = new ArrayList<>();
        for (PatternStats stats : store.patterns(database, branchName, range.from(), range.to())) {
            patterns.add(visible(branch, new Pattern(stats, plan(branch, stats))));
        }
        return new Overview(branch, range, patterns, store.series(database, branchName, null, range.from(), range.to()),
                markers(database, branchName, range), branch.isProduction());
    }

    public record PatternDetail(Branch branch, Range range, Pattern pattern, List<MinuteSample> series) {
    }

    public PatternDetail pattern(String database, String branchName, long id, Range range) {
        Branch branch = branches.get(database, branchName);
        PatternStats stats = store.pattern(database, branchName, id, range.from(), range.to())
                .orElseThrow(() -> new DomainException.NotFound("Query pattern", id));
        plans.remove(id);
        return new PatternDetail(branch, range, visible(branch, new Pattern(stats, plan(branch, stats))),
                store.series(database, branchName, id, range.from(), range.to()));
    }

    /**
     * What the current reader may see of a pattern: the sample statement and the plan with the statement's values
     * (an email address, an order number) only for those who may use the SQL console on the branch, whose data they
     * may read anyway (operators on production, developers on development branches); others get no sample and the
     * plan with its values as {@code ?}. Loopline's own work (no signed-in actor) sees everything.
     */
    private Pattern visible(Branch branch, Pattern pattern) {
        if (CurrentActor.find().isEmpty() || branches.mayWorkOn(branch)) {
            return pattern;
        }
        PatternStats s = pattern.stats();
        return new Pattern(new PatternStats(s.id(), s.pattern(), null, s.tables(), s.count(), s.totalMs(), s.maxMs(),
                s.rows(), s.firstSeen(), s.lastSeen(), s.workItemId()), pattern.plan() == null ? null
                : pattern.plan().withoutValues());
    }

    Branch branch(String database, String branchName) {
        return branches.get(database, branchName);
    }

    /** Cutovers and reverts of deploy requests into the branch within the range, oldest first. */
    public List<Marker> markers(String database, String branchName, Range range) {
        List<Marker> markers = new ArrayList<>();
        for (DeployRequest request : deployRequests.list(database, null, null)) {
            if (!request.getIntoBranch().equals(branchName)) {
                continue;
            }
            deploys.deploymentOf(request).ifPresent(deployment -> {
                add(markers, "cutover", request.getNumber(), deployment.getCutoverAt(), range);
                if (request.getDeploymentState() == DeploymentState.COMPLETE_REVERT) {
                    add(markers, "revert", request.getNumber(), deployment.getFinishedAt(), range);
                }
            });
        }
        markers.sort(Comparator.comparing(Marker::at));
        return markers;
    }

    private static void add(List<Marker> markers, String kind, int number, Instant at, Range range) {
        if (at != null && !at.isBefore(range.from()) && at.isBefore(range.to())) {
            markers.add(new Marker(kind, number, at));
        }
    }

    /** The pattern's plan, asked of the engine with a real sample's literals; cached for a minute. */
    Plan plan(Branch branch, PatternStats stats) {
        CachedPlan cached = plans.get(stats.id());
        Instant now = clock.instant();
        if (cached != null && cached.at.plus(PLAN_CACHE).isAfter(now)) {
            return cached.plan;
        }
        String database = branch.getDatabase().getName();
        Plan plan;
        if (InsightStore.isCut(stats.sampleSql())) {
            plan = new Plan(null, Map.of(), "every statement of this shape sampled so far was longer than "
                    + dev.loopline.common.Quantities.number(InsightStore.MAX_SAMPLE) + " characters; Loopline keeps only "
                    + "the start of such a statement, which cannot be planned.");
            plans.put(stats.id(), new CachedPlan(database, plan, now));
            return plan;
        }
        try {
            QueryPlan engine = statistics.explain(branch, stats.sampleSql());
            plan = new Plan(engine.text(), scannedRows(branch, engine.fullScans()), null);
        }
        catch (EngineException | DomainException e) {
            plan = new Plan(null, Map.of(), Recommendations.abbreviate(e.getMessage(), 400));
        }
        plans.put(stats.id(), new CachedPlan(database, plan, now));
        return plan;
    }

    /**
     * A cutover or revert changes the tables the database's plans read (an index shipped, one dropped): its cached
     * plans are forgotten, so the scan flag follows the deploy at once rather than up to a minute later.
     */
    @org.springframework.context.event.EventListener
    void on(dev.loopline.deployrequest.DeployRequestEvents.DeploymentStep step) {
        if (step.step().equals("cut_over") || step.step().equals("reverted")) {
            plans.values().removeIf(cached -> cached.database.equals(step.database()));
        }
    }

    /** Row counts of the tables a plan reads whole, keyed as the plan names them ({@code schema.table} outside the default). */
    private Map<String, Long> scannedRows(Branch branch, Set<String> scanned) {
        Set<String> inDefault = new TreeSet<>();
        Map<String, Set<String>> bySchema = new java.util.TreeMap<>();
        for (String name : scanned) {
            int dot = name.indexOf('.');
            if (dot < 0) {
                inDefault.add(name);
            }
            else {
                bySchema.computeIfAbsent(name.substring(0, dot), s -> new TreeSet<>()).add(name.substring(dot + 1));
            }
        }
        Map<String, Long> rows = new java.util.TreeMap<>();
        if (!inDefault.isEmpty()) {
            rows.putAll(branches.rowCounts(branch, inDefault));
        }
        bySchema.forEach((schema, tables) -> branches.rowCounts(branch, schema, tables)
                .forEach((table, count) -> rows.put(schema + "." + table, count)));
        return rows;
    }

    private record CachedPlan(String database, Plan plan, Instant at) {
    }

    /**
     * Deletes samples older than the retention; for the retention job. A pattern not seen since is kept as long as
     * the unused-table window is longer: it is the evidence that its tables were read.
     */
    String applyRetention() {
        Instant now = clock.instant();
        Instant before = now.minus(properties.retention());
        Instant unusedWindow = now.minus(Duration.ofDays(properties.unusedTableDays()));
        int deleted = store.deleteBefore(before, unusedWindow.isBefore(before) ? unusedWindow : before);
        return "Deleted " + dev.loopline.common.Quantities.count(deleted, "query sample") + " older than "
                + properties.retention().toDays() + " days.";
    }

    /** The deployment of a request, for the post-deploy comparison. */
    java.util.Optional<Deployment> deploymentOf(DeployRequest request) {
        return deploys.deploymentOf(request);
    }

    InsightsProperties properties() {
        return properties;
    }
}
