/**
 * Query insights: the engine's query statistics of production branches sampled every minute into patterns (one per
 * query shape), their plans and full-scan flags, index and cleanup recommendations that open as deploy requests,
 * the comparison of patterns before and after a deploy's cutover, and work items filed from the evidence.
 */
package dev.loopline.insights;
