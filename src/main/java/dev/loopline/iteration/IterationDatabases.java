package dev.loopline.iteration;

import java.util.List;

/**
 * Implemented by the module that owns managed databases, so an iteration is linked only to a database that exists
 * without the iteration module depending on that module.
 */
public interface IterationDatabases {

    /** Whether a managed database named {@code name} exists. */
    boolean exists(String name);

    /** The names of every managed database, sorted, for the iteration form's suggestions. */
    List<String> names();
}
