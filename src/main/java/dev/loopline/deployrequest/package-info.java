/**
 * Deploy requests: a development branch's schema changes, diffed against its base and checked against the target,
 * linted, reviewed and approved; then (next) queued and applied online with a revert window.
 */
package dev.loopline.deployrequest;
