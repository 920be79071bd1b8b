package dev.loopline.insights;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.loopline.common.DomainException;
import dev.loopline.common.Quantities;
import dev.loopline.database.Branch;
import dev.loopline.database.BranchService;
import dev.loopline.database.SqlConsole;
import dev.loopline.deployrequest.DeployRequest;
import dev.loopline.deployrequest.DeployRequestService;
import dev.loopline.engine.ScriptResult;
import dev.loopline.insights.InsightStore.StoredRecommendation;
import dev.loopline.iteration.PlanningService;
import dev.loopline.iteration.WorkItem;
import dev.loopline.iteration.WorkItemChanges;
import dev.loopline.iteration.WorkItemPriority;
import dev.loopline.iteration.WorkItemType;
import dev.loopline.schema.DdlRenderer;
import dev.loopline.schema.SchemaSnapshot;
import dev.loopline.schema.SqlNames;

/**
 * What to change, from the evidence: {@code add_index} for a pattern that reads a large table whole while filtering
 * on columns no index starts with; {@code drop_redundant_index} for an index that another index (or the primary key)
 * already covers; {@code unused_table} for a table no sampled pattern named for N days. A recommendation with DDL
 * opens as a development branch carrying the change and a deploy request into the branch — the normal review and
 * deploy path, never a change to production itself. Patterns and recommendations can be filed into the backlog.
 */
@Service
public class Recommendations {

    private final InsightsService insights;
    private final InsightStore store;
    private final InsightsProperties properties;
    private final BranchService branches;
    private final SqlConsole console;
    private final DeployRequestService deployRequests;
    private final PlanningService planning;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Recommendations(InsightsService insights, InsightStore store, InsightsProperties properties, BranchService branches,
            SqlConsole console, DeployRequestService deployRequests, PlanningService planning,
            ApplicationEventPublisher events, Clock clock) {
        this.insights = insights;
        this.store = store;
        this.properties = properties;
        this.branches = branches;
        this.console = console;
        this.deployRequests = deployRequests;
        this.planning = planning;
        this.events = events;
        this.clock = clock;
    }

    /**
     * One recommendation.
     *
     * @param kind              {@code add_index}, {@code drop_redundant_index} or {@code unused_table}
     * @param columns           the index's columns (add_index), the redundant index's columns, or empty
     * @param ddl               the change, or {@code null} when there is nothing to run (unused_table)
     * @param estimatedRowsRead add_index: rows the pattern read in the retention period (executions × table rows)
     * @param patternId         the pattern the evidence comes from (add_index)
     * @param openedBranch      the development branch it was opened as, if it was
     * @param deployRequest     the deploy request it was opened as, if it was
     * @param workItemId        the backlog item filed for it, if any
     */
    public record Recommendation(long id, String kind, String table, List<String> columns, String reason, String ddl,
            Long estimatedRowsRead, Long patternId, String openedBranch, Integer deployRequest, Long workItemId) {
    }

    /** The branch's recommendations as of now (patterns of the retention period, the schema as it is now). */
    public List<Recommendation> list(String database, String branchName) {
        Branch branch = branches.get(database, branchName);
        branch.requireReady();
        SchemaSnapshot schema = branches.schema(branch);
        Instant now = clock.instant();
        InsightsService.Range range = new InsightsService.Range(now.minus(properties.retention()), now.plus(Duration.ofMinutes(1)));
        List<Draft> drafts = new ArrayList<>();
        drafts.addAll(indexes(branch, schema, insights.overview(database, branchName, range).patterns()));
        drafts.addAll(redundantIndexes(schema));
        drafts.addAll(unusedTables(database, branchName, schema, now));
        List<Recommendation> result = new ArrayList<>();
        for (Draft d : drafts) {
            long id = store.saveRecommendation(database, branchName, d.key(), d.kind(), d.table(), d.columns(), d.reason(),
                    d.ddl(), d.patternId(), now);
            StoredRecommendation stored = store.recommendation(database, branchName, id).orElseThrow();
            result.add(new Recommendation(id, d.kind(), d.table(), d.columns(), d.reason(), d.ddl(), d.estimatedRowsRead(),
                    d.patternId(), stored.openedBranch(), stored.deployRequest(), stored.workItemId()));
        }
        return result;
    }

    private record Draft(String key, String kind, String table, List<String> columns, String reason, String ddl,
            Long estimatedRowsRead, Long patternId) {
    }

    private List<Draft> indexes(Branch branch, SchemaSnapshot schema, List<InsightsService.Pattern> patterns) {
        Map<String, Draft> drafts = new LinkedHashMap<>();
        for (InsightsService.Pattern pattern : patterns) {
            for (var scan : pattern.plan().fullScans().entrySet()) {
                long tableRows = scan.getValue();
                SchemaSnapshot.Table table = table(schema, scan.getKey());
                if (table == null || tableRows < properties.largeTableRows()) {
                    continue;
                }
                List<String> columns = indexColumns(QueryShape.of(pattern.stats().pattern()), table);
                if (columns.isEmpty() || startsAnIndex(table, columns)) {
                    continue;
                }
                String key = "add_index:" + table.name() + ":" + String.join(",", columns);
                if (drafts.containsKey(key)) {
                    continue;
                }
                long executions = pattern.stats().count();
                long estimated = executions * tableRows;
                String ddl = DdlRenderer.createIndex(table.name(), new SchemaSnapshot.Index(indexName(table.name(), columns),
                        columns, false));
                String reason = "\"" + abbreviate(pattern.stats().pattern()) + "\" ran " + Quantities.count(executions, "time")
                        + " in the last " + properties.retention().toDays() + " days and read all "
                        + Quantities.number(tableRows) + " rows of " + SqlNames.quote(table.name()) + " each time (≈ "
                        + Quantities.number(estimated) + " rows read, " + String.format(Locale.ROOT, "%.1f", pattern.stats().avgMs())
                        + " ms on average); it filters on " + SqlNames.list(columns) + ", which no index starts with.";
                drafts.put(key, new Draft(key, "add_index", table.name(), columns, reason, ddl, estimated,
                        pattern.stats().id()));
            }
        }
        return List.copyOf(drafts.values());
    }

    /**
     * The filtered columns of the table: equality ones, then the first range one (the order an index serves). A
     * column qualified with another table of a join is that table's, even when this table has one of that name.
     */
    static List<String> indexColumns(QueryShape shape, SchemaSnapshot.Table table) {
        Set<String> names = new java.util.HashSet<>();
        table.columns().forEach(c -> names.add(c.name()));
        List<String> columns = new ArrayList<>();
        String range = null;
        for (QueryShape.Filter filter : shape.filters()) {
            if (!filter.mayBeOn(table.name()) || !names.contains(filter.column()) || columns.contains(filter.column())) {
                continue;
            }
            if (filter.equality()) {
                columns.add(filter.column());
            }
            else if (range == null) {
                range = filter.column();
            }
        }
        if (range != null && !columns.contains(range)) {
            columns.add(range);
        }
        return columns;
    }

    /** Whether an index (or the primary key) starts with one of the columns: then the planner had one to use. */
    private static boolean startsAnIndex(SchemaSnapshot.Table table, List<String> columns) {
        if (!table.primaryKey().isEmpty() && columns.contains(table.primaryKey().get(0))) {
            return true;
        }
        return table.indexes().stream().anyMatch(i -> !i.columns().isEmpty() && columns.contains(i.columns().get(0)));
    }

    private static String indexName(String table, List<String> columns) {
        String name = ("IDX_" + table + "_" + String.join("_", columns)).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
        return name.length() > 60 ? name.substring(0, 60) : name;
    }

    private static List<Draft> redundantIndexes(SchemaSnapshot schema) {
        List<Draft> drafts = new ArrayList<>();
        for (SchemaSnapshot.Table table : schema.tables()) {
            for (SchemaSnapshot.Index index : table.indexes()) {
                if (index.unique() || index.constraint()) {
                    continue; // enforces a rule, not only speed
                }
                String coveredBy = null;
                if (isPrefix(index.columns(), table.primaryKey())) {
                    coveredBy = "the primary key (" + SqlNames.list(table.primaryKey()) + ")";
                }
                for (SchemaSnapshot.Index other : table.indexes()) {
                    if (coveredBy == null && other != index && isPrefix(index.columns(), other.columns())
                            && (other.columns().size() > index.columns().size() || other.unique()
                                    || other.name().compareTo(index.name()) < 0)) {
                        coveredBy = (other.columns().equals(index.columns()) ? "its duplicate " : "the index ")
                                + SqlNames.quote(other.name()) + " (" + SqlNames.list(other.columns()) + ")";
                    }
                }
                if (coveredBy != null) {
                    String key = "drop_redundant_index:" + table.name() + ":" + index.name();
                    drafts.add(new Draft(key, "drop_redundant_index", table.name(), index.columns(), "The index "
                            + SqlNames.quote(index.name()) + " on " + SqlNames.quote(table.name()) + " ("
                            + SqlNames.list(index.columns()) + ") is covered by " + coveredBy
                            + ": every lookup it serves, that one serves too, and each write maintains both.",
                            "DROP INDEX " + SqlNames.quote(index.name()) + ";", null, null));
                }
            }
        }
        return drafts;
    }

    private static boolean isPrefix(List<String> columns, List<String> of) {
        return !columns.isEmpty() && of.size() >= columns.size() && of.subList(0, columns.size()).equals(columns);
    }

    private List<Draft> unusedTables(String database, String branch, SchemaSnapshot schema, Instant now) {
        Instant since = now.minus(Duration.ofDays(properties.unusedTableDays()));
        var sampledSince = store.sampledSince(database, branch);
        if (sampledSince.isEmpty() || sampledSince.get().isAfter(since)) {
            return List.of(); // not sampled long enough to tell
        }
        Set<String> read = store.tablesReadSince(database, branch, since);
        List<Draft> drafts = new ArrayList<>();
        for (SchemaSnapshot.Table table : schema.tables()) {
            if (!read.contains(table.name())) {
                drafts.add(new Draft("unused_table:" + table.name(), "unused_table", table.name(), List.of(),
                        "No sampled query named " + SqlNames.quote(table.name()) + " in the last "
                                + properties.unusedTableDays() + " days. Check with its owners before dropping it.",
                        null, null, null));
            }
        }
        return drafts;
    }

    private static SchemaSnapshot.Table table(SchemaSnapshot schema, String name) {
        return schema.tables().stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }

    static String abbreviate(String text) {
        return abbreviate(text, 120);
    }

    static String abbreviate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    // --- opening as a deploy request

    /** What opening a recommendation made: the deploy request (API.md's {@code deploy_request} fields) and its branch. */
    public record Opened(int number, String branch, String intoBranch, String state, String deploymentState,
            String notes, String createdBy, Instant createdAt, long recommendationId) {
    }

    /**
     * Creates the development branch {@code insights-<id>-<table>} from the branch, runs the recommendation's DDL on
     * it (as the branch's schema owner, like the console) and opens a deploy request back into the branch. Developers
     * (and admins) may; {@code 409} when it has no DDL or was opened already.
     */
    public Opened open(String database, String branchName, long id) {
        dev.loopline.common.CurrentActor.require(dev.loopline.common.Role.DEVELOPER, "open recommendations as deploy requests");
        StoredRecommendation rec = store.recommendation(database, branchName, id)
                .orElseThrow(() -> new DomainException.NotFound("Recommendation", id));
        if (rec.ddl() == null) {
            throw new DomainException.Conflict("nothing_to_open", "This recommendation has no change to deploy: "
                    + rec.reason());
        }
        if (rec.openedBranch() != null) {
            throw new DomainException.Conflict("already_opened", "This recommendation was opened already as branch "
                    + rec.openedBranch() + " and deploy request #" + rec.deployRequest() + ".");
        }
        String slug = rec.table().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        String devBranch = ("insights-" + id + "-" + slug);
        devBranch = devBranch.length() > 63 ? devBranch.substring(0, 63).replaceAll("-+$", "") : devBranch;
        branches.create(database, devBranch, branchName);
        ScriptResult result = console.run(database, devBranch, rec.ddl());
        if (result.failed()) {
            throw new DomainException.Conflict("change_failed", "The change failed on branch " + devBranch + ": "
                    + result.error().message() + " Delete the branch, or fix it there and open a deploy request yourself.");
        }
        DeployRequest request = deployRequests.open(database, devBranch, branchName,
                "From query insights, recommendation " + id + " (" + rec.kind() + "): " + abbreviate(rec.reason()), false);
        store.markOpened(id, devBranch, request.getNumber());
        events.publishEvent(new InsightEvents.RecommendationOpened(database, branchName, id, rec.kind(), rec.table(),
                devBranch, request.getNumber()));
        return new Opened(request.getNumber(), request.getBranch(), request.getIntoBranch(),
                request.isOpen() ? "open" : "closed", request.getDeploymentState().apiName(), request.getNotes(),
                request.getOpenedBy(), request.getCreatedAt(), id);
    }

    // --- filing into the backlog

    /** A link from a work item to its evidence. */
    public record Link(String kind, String ref, String url) {
    }

    /** The work item filed (API.md's {@code work_item} fields that matter here) with its link to the evidence. */
    public record Filed(long id, String title, String description, String type, String priority, List<String> labels,
            Long iterationId, String status, List<Link> links, Instant createdAt) {
        static Filed of(WorkItem item, Link link) {
            return new Filed(item.getId(), item.getTitle(), item.getDescription(), item.getType().apiName(),
                    item.getPriority().apiName(), item.getLabels(), item.getIterationId(), item.getStatus().apiName(),
                    List.of(link), item.getCreatedAt());
        }
    }

    /** Files a pattern into the backlog: a bug when it reads a table whole, else a chore, with the evidence. */
    @org.springframework.security.access.prepost.PreAuthorize(dev.loopline.common.Role.PLANNERS_AND_OPERATORS)
    @Transactional
    public Filed fileQuery(String database, String branchName, long id) {
        InsightsService.Range range = InsightsService.Range.last(clock, properties.retention());
        InsightsService.PatternDetail detail = insights.pattern(database, branchName, id, range);
        PatternStats stats = detail.pattern().stats();
        Long filed = store.lockPatternWorkItem(id).orElse(null); // a second click at once waits here, then sees the item
        if (filed != null) {
            throw new DomainException.Conflict("already_filed", "This query pattern is in the backlog already as work item "
                    + filed + ".");
        }
        String url = patternUrl(database, branchName, id);
        boolean scan = detail.pattern().fullTableScan();
        StringBuilder text = new StringBuilder();
        text.append("Query pattern on ").append(database).append('/').append(branchName).append(" ([pattern ")
                .append(id).append("](").append(url).append(")):\n\n```sql\n").append(stats.pattern()).append("\n```\n\n")
                .append("In the last ").append(properties.retention().toDays()).append(" days: ")
                .append(Quantities.count(stats.count(), "execution")).append(", ")
                .append(String.format(Locale.ROOT, "%.1f ms on average, %.1f ms at most, %.0f ms in total, %s rows",
                        stats.avgMs(), stats.maxMs(), stats.totalMs(), Quantities.number(stats.rows())))
                .append(". Tables: ").append(stats.tables().isEmpty() ? "none" : String.join(", ", stats.tables())).append(".\n");
        detail.pattern().plan().fullScans().forEach((table, rows) -> text.append("\n**Full table scan** of ")
                .append(table).append(" (").append(Quantities.number(rows)).append(" rows).\n"));
        if (detail.pattern().plan().text() != null) {
            // the backlog is read by everyone: the plan without the statement's values
            text.append("\nPlan:\n\n```\n").append(detail.pattern().plan().withoutValues().text()).append("\n```\n");
        }
        String title = (scan ? "Full table scan: " : "Query: ") + abbreviate(stats.pattern());
        WorkItem item = planning.fileIntoBacklog(new WorkItemChanges(cut(title, dev.loopline.common.TextLimits.WORK_ITEM_TITLE),
                null, null, null, cut(text.toString(), 20000), scan ? WorkItemType.BUG : WorkItemType.CHORE,
                scan ? WorkItemPriority.HIGH : WorkItemPriority.MEDIUM, List.of("insights")));
        store.linkWorkItem(id, item.getId());
        events.publishEvent(new InsightEvents.AddedToBacklog(database, branchName, "query pattern " + id, item.getId()));
        return Filed.of(item, new Link("query_pattern", database + "/" + branchName + "#" + id, url));
    }

    /** Files a recommendation into the backlog as a chore with its reason and change. */
    @org.springframework.security.access.prepost.PreAuthorize(dev.loopline.common.Role.PLANNERS_AND_OPERATORS)
    @Transactional
    public Filed fileRecommendation(String database, String branchName, long id) {
        StoredRecommendation rec = store.recommendation(database, branchName, id)
                .orElseThrow(() -> new DomainException.NotFound("Recommendation", id));
        Long filed = store.lockRecommendationWorkItem(id).orElse(null); // a second click at once waits, then sees it
        if (filed != null) {
            throw new DomainException.Conflict("already_filed", "This recommendation is in the backlog already as work item "
                    + filed + ".");
        }
        String url = "/databases/" + database + "/branches/" + branchName + "/insights#recommendation-" + id;
        String text = "Recommendation from query insights on " + database + "/" + branchName + " ([recommendation " + id
                + "](" + url + ")):\n\n" + rec.reason() + (rec.ddl() == null ? "" : "\n\n```sql\n" + rec.ddl() + "\n```")
                + (rec.patternId() == null ? "" : "\n\nEvidence: [query pattern " + rec.patternId() + "]("
                        + patternUrl(database, branchName, rec.patternId()) + ").");
        String title = switch (rec.kind()) {
            case "add_index" -> "Add an index on " + rec.table() + " (" + String.join(", ", rec.columns()) + ")";
            case "drop_redundant_index" -> "Drop a redundant index on " + rec.table();
            default -> "Check whether table " + rec.table() + " is still used";
        };
        WorkItem item = planning.fileIntoBacklog(new WorkItemChanges(cut(title, dev.loopline.common.TextLimits.WORK_ITEM_TITLE),
                null, null, null, cut(text, 20000), WorkItemType.CHORE, WorkItemPriority.MEDIUM, List.of("insights")));
        store.linkRecommendationWorkItem(id, item.getId());
        events.publishEvent(new InsightEvents.AddedToBacklog(database, branchName, "recommendation " + id, item.getId()));
        return Filed.of(item, new Link("recommendation", database + "/" + branchName + "#recommendation-" + id, url));
    }

    /** A deleted work item no longer holds its pattern or recommendation: "Add to backlog" works again. */
    @EventListener
    void on(dev.loopline.iteration.IterationEvents.WorkItemDeleted deleted) {
        store.unlinkWorkItem(deleted.workItemId());
    }

    static String patternUrl(String database, String branch, long id) {
        return "/databases/" + database + "/branches/" + branch + "/insights/queries/" + id;
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
