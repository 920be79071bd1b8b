/**
 * Iterations (sprints), their work items and board, the eight phases with their history, and phase gates.
 * Other modules take part by registering {@link dev.loopline.iteration.PhaseGate} beans.
 */
package dev.loopline.iteration;
