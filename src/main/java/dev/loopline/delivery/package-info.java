/**
 * Delivery: environments and what runs where, application deployments (rolling or blue/green slots, promote,
 * rollback, deploy requests cut over on promote), releases of an iteration, freeze windows and DORA metrics.
 */
package dev.loopline.delivery;
