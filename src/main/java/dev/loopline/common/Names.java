package dev.loopline.common;

import java.util.regex.Pattern;

/** The one place name rules live. Names that may reach SQL are checked here first. */
public final class Names {

    /** Databases and branches (API.md). */
    public static final Pattern RESOURCE_NAME = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");

    /** Names people give to tokens and passwords. */
    public static final Pattern LABEL = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$");

    /** User names. */
    public static final Pattern USERNAME = Pattern.compile("^[a-z0-9][a-z0-9._-]{1,63}$");

    private Names() {
    }

    public static String requireResourceName(String kind, String value) {
        if (value == null || !RESOURCE_NAME.matcher(value).matches()) {
            throw new DomainException.InvalidInput("invalid_name", "'" + TextLimits.quoted(value) + "' is not a valid " + kind
                    + " name: use 1–63 lower-case letters, digits and dashes, starting with a letter or digit.");
        }
        return value;
    }

    /**
     * Parses an enum constant from the API's lower-case spelling, case-insensitively; an unknown value is a
     * {@code 400} with {@code code} that lists the accepted values.
     */
    public static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String code, String what) {
        if (value != null) {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equalsIgnoreCase(value.trim())) {
                    return constant;
                }
            }
        }
        throw new DomainException.InvalidInput(code, "Unknown " + what + " '" + TextLimits.quoted(value) + "'. Use one of: "
                + String.join(", ", java.util.Arrays.stream(type.getEnumConstants())
                        .map(c -> c.name().toLowerCase(java.util.Locale.ROOT)).toList()) + ".");
    }

    /** A lower-case, dash-separated slug of free text, at most {@code max} characters. */
    public static String slug(String text, int max) {
        String slug = text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > max) {
            slug = slug.substring(0, max).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "x" : slug;
    }
}
