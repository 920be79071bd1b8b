package dev.loopline.web;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;

import dev.loopline.common.DomainException;

/**
 * The one translator of database integrity failures into what a person or client is told. Services check for a
 * duplicate name before inserting, but two requests can both pass that check; the unique key then refuses the
 * second insert, and that race is a {@code 409} with the same code the service's own check uses — never a 500.
 * Used by the API and the page exception handlers alike.
 */
final class DataIntegrityErrors {

    private static final Logger log = LoggerFactory.getLogger(DataIntegrityErrors.class);

    /** Unique constraints (names from the Flyway migrations) and what their violation means. */
    private static final Map<String, DomainException.Conflict> UNIQUE_KEYS = Map.of(
            "uk_managed_database_name", conflict("database_exists", "A database with this name already exists."),
            "uk_branch_name", conflict("branch_exists", "A branch with this name already exists in this database."),
            "uk_service_token_name", conflict("token_name_taken", "A token with this name already exists."),
            "uk_branch_password_name", conflict("password_exists", "The branch already has a password with this name."),
            "uk_app_user_username", conflict("username_taken", "A user with this name already exists."),
            "uk_environment_name", conflict("environment_exists", "An environment with this name already exists."),
            "uk_backup_policy_database", conflict("concurrent_update",
                    "Someone else changed this policy at the same moment; read it again and retry."));

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String VALUE_TOO_LONG = "22001";

    private DataIntegrityErrors() {
    }

    static DomainException translate(DataIntegrityViolationException e) {
        String state = sqlState(e);
        String text = messages(e);
        if (UNIQUE_VIOLATION.equals(state) || e instanceof org.springframework.dao.DuplicateKeyException) {
            return UNIQUE_KEYS.entrySet().stream().filter(key -> text.contains(key.getKey())).map(Map.Entry::getValue)
                    .findFirst().orElseGet(() -> conflict("already_exists",
                            "This already exists: a request at the same moment created it first. Read it again."));
        }
        if (VALUE_TOO_LONG.equals(state)) {
            // every text field is checked against TextLimits first; reaching here means a field was missed
            log.warn("A value too long for its column reached the database: {}", e.getMostSpecificCause().getMessage());
            return new DomainException.InvalidInput("value_too_long", "A value is longer than its field allows.");
        }
        log.warn("Integrity violation: {}", e.getMostSpecificCause().getMessage());
        return conflict("integrity_conflict", "This conflicts with other data that changed at the same moment; "
                + "read it again and retry.");
    }

    private static DomainException.Conflict conflict(String code, String message) {
        return new DomainException.Conflict(code, message);
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString().toLowerCase(Locale.ROOT);
    }
}
