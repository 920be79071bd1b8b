package dev.loopline.pipeline.web;

import java.util.ArrayList;
import java.util.List;

import dev.loopline.common.Quantities;
import dev.loopline.pipeline.testreport.TestCaseHistory;

/**
 * A test's history as a small inline SVG bar chart: one bar per build, oldest left, coloured by status, as tall as
 * the test was slow (relative to its slowest run; never lower than a sliver, so a 0 ms pass still shows).
 *
 * @param width  the SVG's width in pixels
 * @param height the SVG's height in pixels
 * @param label  what the chart says to a screen reader
 */
public record Sparkline(int width, int height, String label, List<Bar> bars) {

    static final int BAR = 6;
    static final int GAP = 2;
    static final int HEIGHT = 24;
    static final int MIN_BAR = 4;

    /** One build: {@code status} is {@code passed}, {@code failed}, {@code error} or {@code skipped}. */
    public record Bar(int x, int y, int width, int height, String status, boolean flaky, String title) {
    }

    static Sparkline of(TestCaseHistory history) {
        long slowest = history.history().stream().mapToLong(TestCaseHistory.Point::durationMs).max().orElse(0);
        List<Bar> bars = new ArrayList<>();
        int x = 0;
        for (TestCaseHistory.Point p : history.history()) {
            int h = slowest == 0 ? HEIGHT / 2
                    : (int) Math.max(MIN_BAR, Math.round((double) HEIGHT * p.durationMs() / slowest));
            bars.add(new Bar(x, HEIGHT - h, BAR, h, p.status(), p.flaky() != null, p.pipeline() + "#" + p.number()
                    + ": " + p.status() + (p.flaky() != null ? " (flaky)" : "") + ", "
                    + Quantities.millis(p.durationMs())));
            x += BAR + GAP;
        }
        long broken = history.brokenCount();
        String label = "History of " + history.name() + " over " + Quantities.count(bars.size(), "build") + ": "
                + (broken == 0 ? "no failures" : Quantities.count(broken, "failure")) + ".";
        return new Sparkline(Math.max(BAR, x - GAP), HEIGHT, label, bars);
    }
}
