/**
 * Notifications: the catalogue of events other systems and people may follow, outgoing webhooks (generic ones signed
 * the Standard Webhooks way, Slack and Teams messages) sent from a persistent outbox by a Quartz job, and in-app
 * notifications with a bell. Listens to every module's {@link dev.loopline.common.AuditableEvent}s by their
 * {@code action()}; no other module depends on it.
 */
package dev.loopline.notification;
