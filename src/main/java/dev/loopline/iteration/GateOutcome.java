package dev.loopline.iteration;

/** One gate's verdict on a proposed move, for display and for the 409 message. */
public record GateOutcome(String gate, boolean passed, String reason) {
}
