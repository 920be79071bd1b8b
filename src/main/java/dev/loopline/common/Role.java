package dev.loopline.common;

import java.util.Locale;

/**
 * The roles a user or service token may hold. {@code ADMIN} implies every other role (see the role hierarchy in
 * the security configuration).
 */
public enum Role {
    ADMIN("Admin", "Everything, including users and tokens"),
    PROJECT_MANAGER("Project manager", "Iterations, work items and phases"),
    DEVELOPER("Developer", "Branches, development passwords, SQL console, opening deploy requests"),
    OPERATOR("Operator", "Approving and applying deploys, revert, backups, restores, scheduled jobs");

    /** Expressions for {@code @PreAuthorize}: the one place role checks are spelled. */
    public static final String ADMIN_ONLY = "hasRole('ADMIN')";
    public static final String PLANNERS = "hasRole('PROJECT_MANAGER')";
    public static final String PLANNERS_AND_DEVELOPERS = "hasAnyRole('PROJECT_MANAGER','DEVELOPER')";
    /** Who may ask again for an iteration's branch: its planners, and operators who own the scheduled jobs. */
    public static final String PLANNERS_AND_OPERATORS = "hasAnyRole('PROJECT_MANAGER','OPERATOR')";
    /** Who may report builds (CI tokens): developers and operators. */
    public static final String BUILD_REPORTERS = "hasAnyRole('DEVELOPER','OPERATOR')";

    private final String label;
    private final String description;

    Role(String label, String description) {
        this.label = label;
        this.description = description;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    public String authority() {
        return "ROLE_" + name();
    }

    /** The API's spelling: {@code project_manager}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the API's spelling, case-insensitively. */
    public static Role fromApiName(String value) {
        return Names.parseEnum(Role.class, value, "invalid_role", "role");
    }
}
