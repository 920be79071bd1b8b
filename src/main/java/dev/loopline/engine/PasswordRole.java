package dev.loopline.engine;

import java.util.Arrays;
import java.util.Locale;

import dev.loopline.common.DomainException;

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
        if (value != null) {
            for (PasswordRole role : values()) {
                if (role.name().equalsIgnoreCase(value.trim())) {
                    return role;
                }
            }
        }
        throw new DomainException.InvalidInput("invalid_role", "Unknown password role '" + value + "'. Use one of: "
                + String.join(", ", Arrays.stream(values()).map(PasswordRole::apiName).toList()) + ".");
    }
}
