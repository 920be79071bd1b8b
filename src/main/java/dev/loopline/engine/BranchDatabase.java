package dev.loopline.engine;

import dev.loopline.common.Names;

/**
 * The address of one branch's database inside an engine: the managed database's name and the branch's name. Both
 * are validated names (see {@link Names#RESOURCE_NAME}), so engines may use them in paths and identifiers.
 */
public record BranchDatabase(String database, String branch) {

    /**
     * Loopline's scratch restores (backup verification) live under this database name: no user database may take it,
     * and engines never serve it to clients (a restored copy carries the branch's users and passwords).
     */
    public static final String SCRATCH_DATABASE = "loopline-scratch";

    public BranchDatabase {
        Names.requireResourceName("database", database);
        Names.requireResourceName("branch", branch);
    }

    @Override
    public String toString() {
        return database + "/" + branch;
    }
}
