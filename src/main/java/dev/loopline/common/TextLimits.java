package dev.loopline.common;

/**
 * The one place text lengths live: each constant is the size of the column that stores the text (the entity's
 * {@code @Column(length = …)} uses it, the Flyway migration declares the same size), and {@link #require} is the
 * check every entry point runs before the text reaches the database, so an over-long value is a {@code 400} naming
 * the field and the limit instead of a database error.
 */
public final class TextLimits {

    public static final int ITERATION_NAME = 120;
    public static final int ITERATION_GOAL = 2000;
    public static final int OVERRIDE_REASON = 2000;
    public static final int WORK_ITEM_TITLE = 200;
    public static final int PERSON_NAME = 64;
    public static final int DISPLAY_NAME = 120;
    /** A token acts as {@code token:<name>}, which must fit the {@code created_by}-style columns of {@link #PERSON_NAME}. */
    public static final int TOKEN_NAME = PERSON_NAME - "token:".length();
    public static final int DEPLOY_REQUEST_NOTES = 4000;
    public static final int REVIEW_BODY = 4000;
    public static final int BACKUP_SCHEDULE = 120;
    public static final int BACKUP_POLICY_BRANCHES = 2000;
    public static final int APP_VERSION = 128;
    public static final int COMMIT_SHA = 64;
    public static final int FREEZE_REASON = 500;

    /** Every limit by its constant's name, for form templates ({@code th:maxlength="${limits.REVIEW_BODY}"}). */
    public static java.util.Map<String, Integer> asMap() {
        java.util.Map<String, Integer> limits = new java.util.TreeMap<>();
        for (java.lang.reflect.Field field : TextLimits.class.getFields()) {
            if (field.getType() == int.class) {
                try {
                    limits.put(field.getName(), field.getInt(null));
                }
                catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return java.util.Collections.unmodifiableMap(limits);
    }

    /** How much of a person's input an error message may quote. */
    private static final int QUOTED = 80;

    private TextLimits() {
    }

    /**
     * Returns {@code value} when it is at most {@code max} characters (null passes); otherwise throws
     * {@link DomainException.InvalidInput} with code {@code invalid_<field>} and a message that names the field and
     * the limit — never the value itself.
     */
    public static String require(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new DomainException.InvalidInput("invalid_" + field, "'" + field + "' is " + value.length()
                    + " characters long; the limit is " + max + ".");
        }
        return value;
    }

    /** A person's input as an error message may quote it: at most 80 characters, cut with an ellipsis. */
    public static String quoted(Object value) {
        String text = String.valueOf(value);
        return text.length() <= QUOTED ? text : text.substring(0, QUOTED - 1) + "…";
    }
}
