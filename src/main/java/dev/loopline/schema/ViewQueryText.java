package dev.loopline.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * A view's query text in a form that compares equal whenever H2 printed the same query twice. H2 stores a view's
 * query as the plan of the parsed query, and each time the view is compiled again (a branch copied by {@code SCRIPT},
 * a database reopened) it moves join conditions into the {@code WHERE} clause in another order: the Sakila views come
 * back with their {@code AND}ed conditions shuffled, and compiling again never reaches a fixed point. The comparable
 * form sorts the top-level conditions of every {@code WHERE} clause (of subqueries too) and folds runs of white space
 * (outside literals and quoted names) into one space; nothing else is touched, so any other change to a query still
 * compares unequal.
 */
final class ViewQueryText {

    private ViewQueryText() {
    }

    /** The comparable form of a query as H2 prints it; {@code null} stays {@code null}. */
    static String comparable(String query) {
        return query == null ? null : normalize(query.strip());
    }

    private static String normalize(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                int end = quoteEnd(text, i);
                out.append(text, i, end);
                i = end;
            }
            else if (Character.isWhitespace(c)) {
                while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                out.append(' ');
            }
            else if (text.startsWith("WHERE", i) && (i == 0 || !isWordChar(text.charAt(i - 1)))
                    && i + 5 < text.length() && Character.isWhitespace(text.charAt(i + 5))) {
                out.append("WHERE ");
                i = conditions(text, skipSpace(text, i + 5), out);
            }
            else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /**
     * Reads {@code (a) AND (b) AND …} from {@code start} (H2 puts each top-level condition in parentheses), appends it
     * with the conditions sorted, and returns where it ended. Anything else (a single condition, a top-level
     * {@code OR}) is left to the caller as it is.
     */
    private static int conditions(String text, int start, StringBuilder out) {
        List<String> found = new ArrayList<>();
        int i = start;
        int end = start;
        while (i < text.length() && text.charAt(i) == '(') {
            int close = closing(text, i);
            if (close < 0) {
                break;
            }
            found.add(normalize(text.substring(i, close + 1)));
            end = close + 1;
            int next = skipSpace(text, end);
            if (text.startsWith("AND", next) && next + 3 < text.length() && Character.isWhitespace(text.charAt(next + 3))) {
                i = skipSpace(text, next + 3);
            }
            else {
                break;
            }
        }
        int after = skipSpace(text, end);
        boolean or = text.startsWith("OR", after) && after + 2 < text.length() && Character.isWhitespace(text.charAt(after + 2));
        if (found.size() < 2 || or) {
            return start;
        }
        java.util.Collections.sort(found);
        out.append(String.join(" AND ", found));
        return end;
    }

    /** The index of the parenthesis closing the one at {@code open}, or -1. */
    private static int closing(String text, int open) {
        int depth = 0;
        int i = open;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                i = quoteEnd(text, i);
                continue;
            }
            if (c == '(') {
                depth++;
            }
            else if (c == ')' && --depth == 0) {
                return i;
            }
            i++;
        }
        return -1;
    }

    /** Just past the literal or quoted name starting at {@code start} (doubled quotes inside it). */
    private static int quoteEnd(String text, int start) {
        char quote = text.charAt(start);
        int i = start + 1;
        while (i < text.length()) {
            if (text.charAt(i) == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return text.length();
    }

    private static int skipSpace(String text, int i) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '"';
    }
}
