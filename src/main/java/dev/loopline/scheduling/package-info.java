/**
 * Quartz wiring shared by every module (the job history listener), and the scheduled-jobs page and API: every
 * job and trigger with its schedule in words, next and previous fire time, state and last result; operators run,
 * pause and resume jobs. Each module defines its own jobs.
 */
package dev.loopline.scheduling;
