package dev.loopline.iteration.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.loopline.iteration.Iteration;
import dev.loopline.iteration.Phase;

/**
 * The eight phases laid out as a loop for the SVG on the iteration page: positions, state of each phase
 * (done, current, ahead) and the time spent in it.
 */
record PhaseLoop(List<Node> nodes, List<Arc> arcs, Phase current) {

    static final int SIZE = 420;
    private static final double CENTER = SIZE / 2.0;
    private static final double RADIUS = 150;
    private static final double NODE_RADIUS = 36;

    record Node(Phase phase, String state, double x, double y, Duration timeSpent) {

        public String label() {
            return phase.label();
        }

        public String cssClass() {
            return "phase-node phase-" + state;
        }
    }

    /** A path between two neighbouring nodes. */
    record Arc(String path, String state) {
    }

    static PhaseLoop of(Iteration iteration, Instant now) {
        Map<Phase, Duration> time = iteration.timeInPhases(now);
        Phase current = iteration.getPhase();
        Phase[] phases = Phase.values();
        List<Node> nodes = new ArrayList<>();
        for (Phase phase : phases) {
            double angle = Math.toRadians(-90 + 360.0 * phase.ordinal() / phases.length);
            String state = phase == current ? "current" : phase.ordinal() < current.ordinal() ? "done" : "ahead";
            nodes.add(new Node(phase, state, round(CENTER + RADIUS * Math.cos(angle)),
                    round(CENTER + RADIUS * Math.sin(angle)), time.get(phase)));
        }
        List<Arc> arcs = new ArrayList<>();
        for (int i = 0; i < phases.length; i++) {
            double from = Math.toRadians(-90 + 360.0 * i / phases.length) + NODE_RADIUS / RADIUS + 0.05;
            double to = Math.toRadians(-90 + 360.0 * (i + 1) / phases.length) - NODE_RADIUS / RADIUS - 0.08;
            String path = "M " + round(CENTER + RADIUS * Math.cos(from)) + " " + round(CENTER + RADIUS * Math.sin(from))
                    + " A " + RADIUS + " " + RADIUS + " 0 0 1 " + round(CENTER + RADIUS * Math.cos(to)) + " "
                    + round(CENTER + RADIUS * Math.sin(to));
            String state = i < current.ordinal() ? "done" : "ahead";
            arcs.add(new Arc(path, i == phases.length - 1 ? "closing" : state));
        }
        return new PhaseLoop(nodes, arcs, current);
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
