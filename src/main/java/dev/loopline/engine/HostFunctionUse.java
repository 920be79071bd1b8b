package dev.loopline.engine;

/**
 * One place in a schema whose evaluation would call a host function or Java code.
 *
 * @param kind     what holds the call, in words: {@code view}, {@code default of column}, {@code generated column},
 *                 {@code ON UPDATE of column}, {@code check constraint}, {@code default of domain},
 *                 {@code user-defined Java function}
 * @param object   the object's qualified name as the engine spells it, e.g. {@code PUBLIC.ORDERS.NOTE}
 * @param function the function called, e.g. {@code FILE_READ}; for a user-defined function its own name
 */
public record HostFunctionUse(String kind, String object, String function) {

    /** E.g. {@code view PUBLIC.BIG calls FILE_READ}. */
    public String describe() {
        return kind.startsWith("user-defined") ? kind + " " + object : kind + " " + object + " calls " + function;
    }
}
