package dev.loopline.engine;

import java.util.List;

/**
 * Loopline refused to work on a database with its engine-admin credential because the schema holds expressions that
 * would then run with admin rights: calls of {@link HostFunctions host functions} or user-defined Java functions in
 * views, defaults, generated columns, checks or domains. API answers map it to {@code 422 host_function_in_schema}.
 */
public class UnsafeSchemaException extends EngineException {

    private final List<HostFunctionUse> uses;

    /** @param what what Loopline was asked to do, as a verb phrase ("copy the schema of shop/main") */
    public UnsafeSchemaException(String what, List<HostFunctionUse> uses) {
        super("Loopline will not " + what + ": the schema calls functions that reach outside the database ("
                + String.join("; ", uses.stream().map(HostFunctionUse::describe).toList())
                + "). Drop or change these objects, then try again.", null);
        this.uses = List.copyOf(uses);
    }

    public List<HostFunctionUse> uses() {
        return uses;
    }
}
