/**
 * What every module shares: the domain exceptions the web layers turn into status codes, the acting principal,
 * the contract of auditable events, name rules and Loopline's own settings. Nothing here knows about a feature.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package dev.loopline.common;
