package dev.loopline.engine.h2;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.loopline.engine.AdminCredential;

/**
 * Loopline's own non-admin engine users in every branch database, one per purpose, so that nothing a person writes
 * runs with engine-admin rights:
 * <ul>
 * <li>{@value #OWNER}: the schema owner — {@code ALTER ANY SCHEMA} plus data rights. Console scripts on development
 * branches and the DDL of deploys run as this user.</li>
 * <li>{@value #DATA}: data rights only. Console scripts on branches with safe migrations run as this user.</li>
 * </ul>
 * Neither may run host functions, Java, {@code SCRIPT}/{@code RUNSCRIPT}/{@code BACKUP}, linked tables, database
 * settings, {@code SHUTDOWN} or user management: H2 keeps those for admins. Their passwords are derived from the
 * branch's admin password (HMAC-SHA-256 keyed with it, per user name), so they need no storage of their own, differ
 * from each other and from the admin's, and reveal nothing about it.
 */
final class H2ServiceUsers {

    static final String OWNER = "LOOPLINE_OWNER";
    static final String DATA = "LOOPLINE_DATA";

    private H2ServiceUsers() {
    }

    /** The password of a service user of the database whose admin is {@code admin}. */
    static String passwordOf(String user, AdminCredential admin) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(admin.password().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(user.getBytes(StandardCharsets.UTF_8)));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }

    /**
     * Creates the service users where missing and (re)sets their passwords and rights; run with the admin's
     * statement at creation, after a restore, and for databases made before these users existed.
     */
    static void provision(Statement admin, AdminCredential credential) throws SQLException {
        for (String user : new String[] {OWNER, DATA}) {
            String password = dev.loopline.schema.SqlNames.literal(passwordOf(user, credential));
            admin.execute("CREATE USER IF NOT EXISTS " + user + " PASSWORD " + password);
            admin.execute("ALTER USER " + user + " SET PASSWORD " + password);
        }
        grantData(admin);
        admin.execute("GRANT ALTER ANY SCHEMA TO " + OWNER);
    }

    /**
     * Gives both service users data rights on every {@linkplain #userSchemas user schema}; run again after DDL that
     * may have created a schema (a script of the schema owner, a schema copy), so the data-only user reaches it too.
     */
    static void grantData(Statement admin) throws SQLException {
        for (String schema : userSchemas(admin)) {
            for (String user : new String[] {OWNER, DATA}) {
                admin.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON SCHEMA " + MirrorTrigger.quote(schema) + " TO " + user);
            }
        }
    }

    /**
     * The schemas whose data people work with: {@code PUBLIC} and every other schema but H2's and Loopline's own.
     * Data rights are given per schema, so a schema created later is reached by users provisioned (or passwords
     * created) after it.
     */
    static java.util.List<String> userSchemas(Statement statement) throws SQLException {
        java.util.List<String> schemas = new java.util.ArrayList<>();
        try (java.sql.ResultSet rows = statement.executeQuery("SELECT SCHEMA_NAME FROM INFORMATION_SCHEMA.SCHEMATA "
                + "WHERE SCHEMA_NAME NOT IN ('INFORMATION_SCHEMA', 'LOOPLINE') ORDER BY SCHEMA_NAME")) {
            while (rows.next()) {
                schemas.add(rows.getString(1));
            }
        }
        return schemas;
    }
}
