/**
 * The audit log: who did what, to which object, when and from where. It listens to every module's
 * {@link dev.loopline.common.AuditableEvent}s and never calls back into them.
 */
package dev.loopline.audit;
