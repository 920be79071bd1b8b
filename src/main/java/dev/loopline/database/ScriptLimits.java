package dev.loopline.database;

import dev.loopline.common.DomainException;

/**
 * Bounds the work a console script may make the database's parser do before it reaches it. H2's parser recurses once
 * per nested parenthesis, so a few thousand of them overflow the request thread's stack; no real statement nests
 * anywhere near {@value #MAX_NESTING} deep. The scan is one pass over the characters, skipping string literals,
 * quoted identifiers and comments.
 */
final class ScriptLimits {

    static final int MAX_NESTING = 200;

    private ScriptLimits() {
    }

    /** Throws {@link DomainException.Refused} ({@code script_too_complex}) when parentheses nest too deeply. */
    static void check(String script) {
        int depth = 0;
        int length = script.length();
        for (int i = 0; i < length; i++) {
            char c = script.charAt(i);
            switch (c) {
                case '\'', '"', '`' -> i = skipQuoted(script, i, c);
                case '-' -> {
                    if (i + 1 < length && script.charAt(i + 1) == '-') {
                        i = endOf(script, "\n", i + 2);
                    }
                }
                case '/' -> {
                    if (i + 1 < length && script.charAt(i + 1) == '*') {
                        i = endOf(script, "*/", i + 2) + 1;
                    }
                }
                case '$' -> {
                    if (i + 1 < length && script.charAt(i + 1) == '$') {
                        i = endOf(script, "$$", i + 2) + 1;
                    }
                }
                case '(' -> {
                    if (++depth > MAX_NESTING) {
                        throw new DomainException.Refused("script_too_complex", "Parentheses in the script nest more "
                                + "than " + MAX_NESTING + " deep; split the expression or the statement.");
                    }
                }
                case ')' -> depth = Math.max(0, depth - 1);
                default -> {
                }
            }
        }
    }

    /** Index of the closing quote (a doubled quote is an escaped one and keeps the literal open). */
    private static int skipQuoted(String script, int start, char quote) {
        int end = script.indexOf(quote, start + 1);
        return end < 0 ? script.length() : end;
    }

    private static int endOf(String script, String marker, int from) {
        int end = script.indexOf(marker, from);
        return end < 0 ? script.length() : end;
    }
}
