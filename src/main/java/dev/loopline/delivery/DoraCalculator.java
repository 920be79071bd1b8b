package dev.loopline.delivery;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The DORA figures from Loopline's own records, as pure arithmetic (the page documents the same rules in words).
 * <ul>
 * <li>A <b>production deployment</b> is one that went live (a rolling deployment when it succeeded, a blue/green one
 *     when promoted) in a production environment. A <b>change</b> is one that is not a rollback.</li>
 * <li><b>Deployment frequency</b>: changes live in the period ÷ the period's length in weeks.</li>
 * <li><b>Change lead time</b>: median of (live − commit time) over the period's changes with a commit time, in hours.</li>
 * <li>A change D <b>failed</b> when, within the failure window after it went live: a rollback undid it
 *     ({@code rollback_of = D}); or a schema revert or restore hit the environment's database while D was the latest
 *     change; or a hotfix deployment went live as the next change after D.
 *     <b>Change fail rate</b>: failed changes ÷ changes.</li>
 * <li><b>Failed deployment recovery time</b>: median of (first recovery − D live) over failed changes, in hours, the
 *     recovery being the rollback, the revert or restore, or the hotfix.</li>
 * <li><b>Deployment rework rate</b>: rollbacks and hotfixes ÷ all production deployments (rollbacks included).</li>
 * </ul>
 * Medians of an even count are the mean of the middle two; a figure without data is {@code null}.
 */
public final class DoraCalculator {

    private DoraCalculator() {
    }

    /** A production deployment that went live at {@code liveAt}. */
    public record Deployment(long id, String environment, String version, Instant liveAt, Instant committedAt,
            boolean hotfix, Long rollbackOf) {

        public boolean change() {
            return rollbackOf == null;
        }
    }

    /** A schema revert or restore into an environment's database. */
    public record Recovery(String environment, String kind, String reference, Instant at) {
    }

    /** One change's verdict: why it failed (or {@code null}) and when it was recovered. */
    public record Verdict(Deployment deployment, Double leadTimeHours, String failure, Instant recoveredAt,
            Double recoveryHours, boolean rework) {
    }

    /** The figures for a span of time, and the deployments behind them. */
    public record Figures(Instant from, Instant to, int deployments, int failedDeployments, int reworkDeployments,
            int allDeployments, Double frequencyPerWeek, Double leadTimeHoursMedian, Double changeFailRate,
            Double recoveryHoursMedian, Double reworkRate, List<Verdict> verdicts) {
    }

    /** The period's figures and one {@link Figures} per ISO week (Monday 00:00 UTC) overlapping it. */
    public record Report(Figures period, List<Figures> weeks) {
    }

    static Report report(List<Deployment> all, List<Recovery> recoveries, Instant from, Instant to, Duration window) {
        List<Verdict> verdicts = all.stream().sorted(Comparator.comparing(Deployment::liveAt).thenComparing(Deployment::id))
                .map(d -> verdict(d, all, recoveries, window)).toList();
        List<Figures> weeks = new ArrayList<>();
        Instant week = from.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toInstant();
        for (; week.isBefore(to); week = week.plus(Duration.ofDays(7))) {
            Instant end = week.plus(Duration.ofDays(7));
            weeks.add(figures(verdicts, week.isBefore(from) ? from : week, end.isAfter(to) ? to : end));
        }
        return new Report(figures(verdicts, from, to), weeks);
    }

    private static Figures figures(List<Verdict> verdicts, Instant from, Instant to) {
        List<Verdict> live = verdicts.stream().filter(v -> !v.deployment().liveAt().isBefore(from)
                && v.deployment().liveAt().isBefore(to)).toList();
        List<Verdict> changes = live.stream().filter(v -> v.deployment().change()).toList();
        List<Verdict> failed = changes.stream().filter(v -> v.failure() != null).toList();
        long rework = live.stream().filter(Verdict::rework).count();
        double weeks = Duration.between(from, to).toSeconds() / (7 * 86400.0);
        return new Figures(from, to, changes.size(), failed.size(), (int) rework, live.size(),
                changes.size() / weeks,
                median(changes.stream().map(Verdict::leadTimeHours).filter(h -> h != null).toList()),
                changes.isEmpty() ? null : (double) failed.size() / changes.size(),
                median(failed.stream().map(Verdict::recoveryHours).filter(h -> h != null).toList()),
                live.isEmpty() ? null : (double) rework / live.size(), live);
    }

    private static Verdict verdict(Deployment d, List<Deployment> all, List<Recovery> recoveries, Duration window) {
        boolean rework = !d.change() || d.hotfix();
        if (!d.change()) {
            return new Verdict(d, null, null, null, null, rework);
        }
        Double lead = d.committedAt() == null ? null : hours(d.committedAt(), d.liveAt());
        Instant until = d.liveAt().plus(window);
        Predicate<Instant> inWindow = at -> !at.isBefore(d.liveAt()) && !at.isAfter(until);
        List<Deployment> changes = all.stream().filter(x -> x.environment().equals(d.environment()) && x.change())
                .sorted(Comparator.comparing(Deployment::liveAt).thenComparing(Deployment::id)).toList();
        List<Cause> causes = new ArrayList<>();
        all.stream().filter(x -> d.id() == (x.rollbackOf() == null ? -1 : x.rollbackOf()) && inWindow.test(x.liveAt()))
                .forEach(r -> causes.add(new Cause("rolled back by deployment " + r.id(), r.liveAt())));
        recoveries.stream().filter(r -> r.environment().equals(d.environment()) && inWindow.test(r.at())
                && latestChangeAt(changes, r.at()).map(x -> x.id() == d.id()).orElse(false))
                .forEach(r -> causes.add(new Cause(r.kind() + " of " + r.reference(), r.at())));
        int index = changes.indexOf(d);
        if (index >= 0 && index + 1 < changes.size()) {
            Deployment next = changes.get(index + 1);
            if (next.hotfix() && next.liveAt().isAfter(d.liveAt()) && !next.liveAt().isAfter(until)) {
                causes.add(new Cause("hotfix deployment " + next.id(), next.liveAt()));
            }
        }
        Optional<Cause> first = causes.stream().min(Comparator.comparing(Cause::at));
        return new Verdict(d, lead, first.map(Cause::what).orElse(null), first.map(Cause::at).orElse(null),
                first.map(c -> hours(d.liveAt(), c.at())).orElse(null), rework);
    }

    private record Cause(String what, Instant at) {
    }

    private static Optional<Deployment> latestChangeAt(List<Deployment> changes, Instant at) {
        return changes.stream().filter(x -> !x.liveAt().isAfter(at)).reduce((a, b) -> b);
    }

    private static double hours(Instant from, Instant to) {
        return Duration.between(from, to).toSeconds() / 3600.0;
    }

    static Double median(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
