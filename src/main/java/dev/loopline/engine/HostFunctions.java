package dev.loopline.engine;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

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

    private HostFunctions() {
    }

    /**
     * The first host function that {@code sql} calls, by name, or empty. {@code sql} is SQL text — a statement, or
     * an expression as the engine stores it. It is read token by token the way H2's lexer does: string literals
     * ({@code '…'}, {@code $$…$$}) and comments ({@code --}, {@code //}, {@code /* … *}{@code /}) are skipped, quoted
     * identifiers ({@code "…"} with {@code ""}, and {@code `…`} with {@code ``}) count by their content in any case
     * (H2 upper-cases a name in back quotes), and a host function's name followed — after any white space or comments
     * — by {@code (} is a call, whatever qualifies it. A Unicode-escaped literal ({@code U&'…'}) is a literal; a
     * Unicode-escaped name ({@code U&"…"}) counts by what its escapes spell (H2 writes every name and literal holding
     * a character outside printable ASCII so), except with a {@code UESCAPE} clause, which counts as a call (reported
     * as {@code U&}). So does a JDBC escape ({@code {fn …}}: the driver turns braces and their keyword into spaces
     * before H2 reads the text, reported as <code>JDBC escape {</code>), and text the reader cannot finish (an unclosed
     * quote or comment, a malformed escape), reported as {@code unreadable SQL}.
     */
    public static Optional<String> calledIn(String sql) {
        if (sql == null || sql.isEmpty()) {
            return Optional.empty();
        }
        Lexer lexer = new Lexer(sql);
        String pendingName = null;
        while (true) {
            Lexer.Token token = lexer.next();
            switch (token.kind()) {
                case END:
                    return Optional.empty();
                case UNREADABLE:
                    return Optional.of("unreadable SQL");
                case UNICODE:
                    return Optional.of("U&");
                case JDBC_ESCAPE:
                    return Optional.of("JDBC escape {");
                case OPEN_PARENTHESIS:
                    if (pendingName != null && NAMES.contains(pendingName)) {
                        return Optional.of(pendingName);
                    }
                    pendingName = null;
                    break;
                case IDENTIFIER:
                    pendingName = token.text().toUpperCase(Locale.ENGLISH);
                    break;
                case QUOTED_IDENTIFIER:
                    pendingName = token.text().toUpperCase(Locale.ENGLISH);
                    break;
                default:
                    pendingName = null;
            }
        }
    }

    /** A small SQL lexer: just enough of H2's to tell names, literals, comments and parentheses apart. */
    private static final class Lexer {

        enum Kind { IDENTIFIER, QUOTED_IDENTIFIER, OPEN_PARENTHESIS, OTHER, UNICODE, JDBC_ESCAPE, UNREADABLE, END }

        record Token(Kind kind, String text) {
        }

        private final String sql;
        private int at;

        Lexer(String sql) {
            this.sql = sql;
        }

        Token next() {
            if (!skipSpaceAndComments()) {
                return new Token(Kind.UNREADABLE, null);
            }
            if (at >= sql.length()) {
                return new Token(Kind.END, null);
            }
            char c = sql.charAt(at);
            if ((c == 'U' || c == 'u') && sql.startsWith("&", at + 1) && at + 2 < sql.length()
                    && (sql.charAt(at + 2) == '"' || sql.charAt(at + 2) == '\'')) {
                at += 2;
                return unicode(sql.charAt(at));
            }
            if (c == '{') {
                return new Token(Kind.JDBC_ESCAPE, null);
            }
            if (c == '\'') {
                return skipQuoted('\'') ? new Token(Kind.OTHER, null) : new Token(Kind.UNREADABLE, null);
            }
            if (c == '"' || c == '`') { // H2 quotes names with back quotes too, in every mode
                int start = at;
                if (!skipQuoted(c)) {
                    return new Token(Kind.UNREADABLE, null);
                }
                String doubled = String.valueOf(c) + c;
                return new Token(Kind.QUOTED_IDENTIFIER, sql.substring(start + 1, at - 1).replace(doubled, String.valueOf(c)));
            }
            if (sql.startsWith("$$", at)) {
                int end = sql.indexOf("$$", at + 2);
                if (end < 0) {
                    return new Token(Kind.UNREADABLE, null);
                }
                at = end + 2;
                return new Token(Kind.OTHER, null);
            }
            if (Character.isLetter(c) || c == '_') {
                int start = at;
                while (at < sql.length() && (Character.isLetterOrDigit(sql.charAt(at)) || sql.charAt(at) == '_'
                        || sql.charAt(at) == '$')) {
                    at++;
                }
                return new Token(Kind.IDENTIFIER, sql.substring(start, at));
            }
            at++;
            return new Token(c == '(' ? Kind.OPEN_PARENTHESIS : Kind.OTHER, null);
        }

        /** Moves past white space and comments; false when a comment never closes or nests. */
        private boolean skipSpaceAndComments() {
            while (at < sql.length()) {
                char c = sql.charAt(at);
                if (isSpace(c)) {
                    at++;
                }
                else if (sql.startsWith("--", at) || sql.startsWith("//", at)) {
                    // H2 ends a line comment at a carriage return as well as a line feed
                    while (at < sql.length() && sql.charAt(at) != '\n' && sql.charAt(at) != '\r') {
                        at++;
                    }
                }
                else if (sql.startsWith("/*", at)) {
                    if (!skipBlockComment()) {
                        return false;
                    }
                }
                else {
                    break;
                }
            }
            return true;
        }

        /**
         * A Unicode-escaped literal or name, {@code at} on its opening quote. A literal is skipped like any other; a
         * name is decoded with H2's default escape character, unless a {@code UESCAPE} clause follows (then it is not
         * guessed at).
         */
        private Token unicode(char quote) {
            int start = at;
            if (!skipQuoted(quote)) {
                return new Token(Kind.UNREADABLE, null);
            }
            if (quote == '\'') {
                return new Token(Kind.OTHER, null);
            }
            String escaped = sql.substring(start + 1, at - 1).replace("\"\"", "\"");
            int after = at;
            boolean readable = skipSpaceAndComments();
            boolean uescape = readable && sql.regionMatches(true, at, "UESCAPE", 0, 7);
            at = after;
            if (!readable || uescape) {
                return new Token(Kind.UNICODE, null);
            }
            String name = decode(escaped);
            return name == null ? new Token(Kind.UNREADABLE, null) : new Token(Kind.QUOTED_IDENTIFIER, name);
        }

        /** {@code \\}, {@code \XXXX} and {@code \+XXXXXX} as H2 reads them; null when malformed. */
        private static String decode(String escaped) {
            StringBuilder decoded = new StringBuilder(escaped.length());
            for (int i = 0; i < escaped.length();) {
                char c = escaped.charAt(i++);
                if (c != '\\') {
                    decoded.append(c);
                    continue;
                }
                if (i < escaped.length() && escaped.charAt(i) == '\\') {
                    decoded.append('\\');
                    i++;
                    continue;
                }
                boolean wide = i < escaped.length() && escaped.charAt(i) == '+';
                int digits = wide ? 6 : 4;
                int from = wide ? i + 1 : i;
                if (from + digits > escaped.length()) {
                    return null;
                }
                try {
                    decoded.appendCodePoint(Integer.parseInt(escaped.substring(from, from + digits), 16));
                }
                catch (IllegalArgumentException e) {
                    return null;
                }
                i = from + digits;
            }
            return decoded.toString();
        }

        /**
         * White space as H2's tokenizer takes it (any character up to U+0020 and any Unicode space, the no-break
         * spaces too), and Java's white space besides: a character read as space here that H2 reads otherwise only
         * makes the reader find more calls, never fewer.
         */
        private static boolean isSpace(char c) {
            return c <= ' ' || Character.isSpaceChar(c) || Character.isWhitespace(c);
        }

        /** Skips a quoted token whose quote is doubled inside; false when it never closes. */
        private boolean skipQuoted(char quote) {
            at++;
            while (at < sql.length()) {
                if (sql.charAt(at) == quote) {
                    if (at + 1 < sql.length() && sql.charAt(at + 1) == quote) {
                        at += 2;
                        continue;
                    }
                    at++;
                    return true;
                }
                at++;
            }
            return false;
        }

        /**
         * Skips a block comment; false when it never closes or holds another {@code /*} — whether such a comment
         * nests is where lexers differ, so it is not guessed at.
         */
        private boolean skipBlockComment() {
            at += 2;
            while (at < sql.length()) {
                if (sql.startsWith("/*", at)) {
                    return false;
                }
                if (sql.startsWith("*/", at)) {
                    at += 2;
                    return true;
                }
                at++;
            }
            return false;
        }
    }
}
