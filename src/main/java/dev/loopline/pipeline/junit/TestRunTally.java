package dev.loopline.pipeline.junit;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The counts of one test run, and which of its tests are flaky. One place for the rules:
 * <ul>
 * <li>{@code tests} is the number of {@code <testcase>} elements (a test reported twice counts twice);</li>
 * <li>a test is <b>flaky in the run</b> when it failed and then passed on a rerun: Surefire's {@code flakyFailure}
 * or {@code flakyError}, or the same class and name reported both broken and passed (Gradle's test-retry, a second
 * report of the same suite);</li>
 * <li>a test is <b>flaky by history</b> when its status flipped at least {@value #FLIPS} times (passed → broken →
 * passed…) over its last results in the iteration's builds (see {@link #flipped});</li>
 * <li>{@code failures}/{@code errors} count the broken results of tests that are not flaky in the run (a failure
 * rescued by a rerun is a flake, not a failure); a broken test that is flaky by history still counts as broken;</li>
 * <li>{@code flaky} counts distinct flaky tests, either kind;</li>
 * <li>{@code durationMs} is the sum of the test cases' times.</li>
 * </ul>
 */
public record TestRunTally(int tests, int failures, int errors, int skipped, int flaky, long durationMs,
        Set<String> flakyKeys) {

    /** Status changes over a test's recent results that make it flaky by history. */
    public static final int FLIPS = 2;

    /** The keys ({@link TestCaseResult#key()}) of the tests that are flaky within the run itself. */
    public static Set<String> flakyInRun(List<TestCaseResult> cases) {
        Map<String, int[]> seen = new HashMap<>();
        Set<String> flaky = new HashSet<>();
        for (TestCaseResult c : cases) {
            if (c.flakyRuns() > 0) {
                flaky.add(c.key());
            }
            int[] passedBroken = seen.computeIfAbsent(c.key(), k -> new int[2]);
            if (c.status() == TestStatus.PASSED) {
                passedBroken[0]++;
            }
            else if (c.status().broken()) {
                passedBroken[1]++;
            }
            if (passedBroken[0] > 0 && passedBroken[1] > 0) {
                flaky.add(c.key());
            }
        }
        return flaky;
    }

    /**
     * Tallies a run.
     *
     * @param byHistory keys of tests flaky by history (may be empty)
     */
    public static TestRunTally of(List<TestCaseResult> cases, Set<String> byHistory) {
        Set<String> inRun = flakyInRun(cases);
        Set<String> flaky = new HashSet<>(inRun);
        int failures = 0;
        int errors = 0;
        int skipped = 0;
        long millis = 0;
        for (TestCaseResult c : cases) {
            millis += c.durationMs();
            if (byHistory.contains(c.key())) {
                flaky.add(c.key());
            }
            if (c.status() == TestStatus.SKIPPED) {
                skipped++;
            }
            else if (c.status().broken() && !inRun.contains(c.key())) {
                if (c.status() == TestStatus.FAILED) {
                    failures++;
                }
                else {
                    errors++;
                }
            }
        }
        return new TestRunTally(cases.size(), failures, errors, skipped, flaky.size(), millis, Set.copyOf(flaky));
    }

    /**
     * Whether a test's results, oldest first, flipped between passed and broken at least {@value #FLIPS} times
     * (skipped results are left out): {@code passed, failed, passed} is flaky; {@code passed, failed, failed} is a
     * regression and {@code failed, passed} a fix, neither flaky.
     */
    public static boolean flipped(List<TestStatus> oldestFirst) {
        Boolean last = null;
        int flips = 0;
        for (TestStatus status : oldestFirst) {
            if (status == TestStatus.SKIPPED) {
                continue;
            }
            boolean broken = status.broken();
            if (last != null && last != broken) {
                flips++;
            }
            last = broken;
        }
        return flips >= FLIPS;
    }
}
