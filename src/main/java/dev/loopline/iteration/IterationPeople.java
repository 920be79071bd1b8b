package dev.loopline.iteration;

import java.util.List;

/**
 * Implemented by the module that owns user accounts, so work items are assigned only to real people without the
 * iteration module depending on that module.
 */
public interface IterationPeople {

    /** User names work may be assigned to (enabled users), sorted. */
    List<String> assignable();
}
