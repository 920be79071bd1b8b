/**
 * Builds and their evidence: builds reported by CI (the API or native Jenkins, GitHub and GitLab receivers), test
 * reports, the integrations allowed to report, and the automatic moves of iterations through their phases as
 * evidence arrives. {@link dev.loopline.pipeline.BuildService} is the module's entry point.
 */
package dev.loopline.pipeline;
