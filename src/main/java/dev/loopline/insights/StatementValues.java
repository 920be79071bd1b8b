package dev.loopline.insights;

/**
 * Hides the values a statement's text carries (string, number and {@code $$} literals, also inside comments, where
 * H2's plans repeat index conditions) behind {@code ?}, keeping everything else as it is: names, quoted identifiers,
 * keywords, comments, line breaks. For showing a real statement or its plan to people who may not read the branch's
 * data. Hand-written like {@link QueryShape}, and like it never fails: text it cannot read ends as it found it.
 */
final class StatementValues {

    private StatementValues() {
    }

    /** {@code text} with its literals as {@code ?}; {@code null} stays {@code null}. */
    static String hide(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '"') {
                int end = QueryShape.skipQuoted(text, i, '"');
                out.append(text, i, end);
                i = end;
            }
            else if (c == '\'') {
                out.append('?');
                i = isEscapeString(text, i) ? skipEscaped(text, i) : QueryShape.skipQuoted(text, i, '\'');
            }
            else if (c == '$' && i + 1 < n && text.charAt(i + 1) == '$') {
                int end = text.indexOf("$$", i + 2);
                out.append('?');
                i = end < 0 ? n : end + 2;
            }
            else if (Character.isDigit(c) && (i == 0 || !QueryShape.isWordPart(text.charAt(i - 1)))) {
                out.append('?');
                i = QueryShape.skipNumber(text, i);
            }
            else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /**
     * An engine's error about a statement with the values it may quote as {@code ?}: in double quotes, where H2 quotes
     * the value it could not convert ({@code Data conversion error converting "alice@example.com"}) or the whole
     * statement ({@code Syntax error in SQL statement "..."}), unless what is quoted is a plain upper-case name
     * ({@code Table "ORDERS" not found}); and the statement quoted after {@code SQL statement:} as {@link #hide}.
     * The words around them (Loopline's and the engine's) stay. {@code null} stays {@code null}.
     */
    static String hideInMessage(String message) {
        if (message == null) {
            return null;
        }
        int statement = message.indexOf("SQL statement:");
        String words = statement < 0 ? message : message.substring(0, statement);
        StringBuilder out = new StringBuilder(message.length());
        int i = 0;
        while (i < words.length()) {
            char c = words.charAt(i);
            if (c == '"') {
                int end = QueryShape.skipQuoted(words, i, '"');
                String quoted = words.substring(i, end);
                out.append(NAME.matcher(quoted).matches() ? quoted : "\"?\"");
                i = end;
            }
            else {
                out.append(c);
                i++;
            }
        }
        return statement < 0 ? out.toString() : out.append(hide(message.substring(statement))).toString();
    }

    /** A name as H2 quotes it in an error, possibly with its schema and table: {@code "PUBLIC.ORDERS.EMAIL"}. */
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile(
            "\"[A-Z_][A-Z0-9_$]*(\\.[A-Z_][A-Z0-9_$]*)*\"");

    /** Whether the quote at {@code quote} opens a PostgreSQL escape string ({@code E'It\\'s'}), where {@code \\'} is inside. */
    private static boolean isEscapeString(String text, int quote) {
        return quote > 0 && (text.charAt(quote - 1) == 'E' || text.charAt(quote - 1) == 'e')
                && (quote == 1 || !QueryShape.isWordPart(text.charAt(quote - 2)));
    }

    /** Just past the escape string starting at {@code start}: a backslash takes the next character with it. */
    private static int skipEscaped(String text, int start) {
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
            }
            else if (c == '\'' && i + 1 < text.length() && text.charAt(i + 1) == '\'') {
                i += 2;
            }
            else if (c == '\'') {
                return i + 1;
            }
            else {
                i++;
            }
        }
        return text.length();
    }
}
