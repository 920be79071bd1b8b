package dev.loopline.engine;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Functions that reach outside the database — the server's files, other databases, other sessions, the JVM — and
 * therefore must never be evaluated by Loopline's engine-admin credential. On H2 these are the built-in functions
 * that call {@code User.checkAdmin()} (H2 2.5: {@code FileFunction}, {@code CSVReadFunction},
 * {@code CSVWriteFunction}, {@code LinkSchemaFunction}, {@code SessionControlFunction}, {@code SysInfoFunction}'s
 * memory functions, {@code DBObjectFunction}); user-defined Java functions are found by the engine itself.
 * <p>
 * A non-admin engine user may still <em>store</em> such a call in a view, a default, a generated column or a check
 * (H2 checks the right only when the expression is evaluated). So every path on which Loopline's admin would evaluate
 * expressions copied from a branch first asks the engine for such uses and refuses ({@link UnsafeSchemaException}).
 */
public final class HostFunctions {

    /** Upper-case names of the host functions. */
    public static final Set<String> NAMES = Set.of("FILE_READ", "FILE_WRITE", "CSVREAD", "CSVWRITE", "LINK_SCHEMA",
            "ABORT_SESSION", "CANCEL_SESSION", "MEMORY_FREE", "MEMORY_USED", "DB_OBJECT_ID", "DB_OBJECT_SQL",
            "DB_OBJECT_SIZE", "DB_OBJECT_TOTAL_SIZE", "DB_OBJECT_APPROXIMATE_SIZE", "DB_OBJECT_APPROXIMATE_TOTAL_SIZE");

    private static final Pattern CALL = Pattern.compile("(?<![A-Za-z0-9_$])\"?([A-Za-z_][A-Za-z0-9_]*)\"?\\s*\\(");
    /**
     * Character string literals ('it''s'), including N'…' and X'…' forms; their content is data, not a call.
     * Possessive, so a 100 KB literal is one step rather than one stack frame per character (StackOverflowError).
     */
    private static final Pattern STRING_LITERAL = Pattern.compile("'(?:[^']++|'')*+'");
    /** Unicode-escaped identifiers (U&amp;"…") are refused outright: they could spell a host function's name. */
    private static final Pattern UNICODE_IDENTIFIER = Pattern.compile("(?i)U&\"");

    private HostFunctions() {
    }

    /**
     * The first host function that {@code sql} calls, by name, or empty. {@code sql} is SQL text — a statement, or
     * an expression as the engine stores it; string literals are skipped, quoted names ({@code "FILE_READ"(…)})
     * count, and a Unicode-escaped identifier counts as a call (reported as {@code U&"…"}).
     */
    public static Optional<String> calledIn(String sql) {
        if (sql == null || sql.isEmpty()) {
            return Optional.empty();
        }
        String code = STRING_LITERAL.matcher(sql).replaceAll("''");
        if (UNICODE_IDENTIFIER.matcher(code).find()) {
            return Optional.of("U&\"…\"");
        }
        Matcher call = CALL.matcher(code);
        while (call.find()) {
            String name = call.group(1).toUpperCase(Locale.ROOT);
            if (NAMES.contains(name)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }
}
