package dev.loopline.engine;

import java.util.Locale;

import dev.loopline.common.Names;

/** What a branch password may do (PlanetScale's model). */
public enum PasswordRole {
    /** Read only. */
    READER,
    /** Insert, update and delete (engines may need read rights for WHERE clauses). */
    WRITER,
    /** Read and write. */
    READWRITER,
    /** Read, write and change the schema — schema changes only where safe migrations are off. */
    ADMIN;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PasswordRole fromApiName(String value) {
        return Names.parseEnum(PasswordRole.class, value, "invalid_role", "password role");
    }
}
