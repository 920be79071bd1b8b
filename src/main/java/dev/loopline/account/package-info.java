/**
 * Users, roles, sign-in and the service tokens that authenticate API clients. The root package is the module's
 * API ({@link dev.loopline.account.UserService}, {@link dev.loopline.account.ServiceTokenService}); security wiring
 * lives in {@code internal}.
 */
package dev.loopline.account;
