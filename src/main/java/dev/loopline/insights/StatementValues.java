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
                int end = closing(text, i, '"');
                out.append(text, i, end);
                i = end;
            }
            else if (c == '\'') {
                out.append('?');
                i = closing(text, i, '\'');
            }
            else if (c == '$' && i + 1 < n && text.charAt(i + 1) == '$') {
                int end = text.indexOf("$$", i + 2);
                out.append('?');
                i = end < 0 ? n : end + 2;
            }
            else if (Character.isDigit(c) && (i == 0 || !isWordPart(text.charAt(i - 1)))) {
                out.append('?');
                i = afterNumber(text, i);
            }
            else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Where a quoted run that starts at {@code start} ends (after its closing quote; a doubled quote is inside). */
    private static int closing(String text, int start, char quote) {
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

    /** After a number's digits, hex digits, decimal point, exponent and type suffix letters. */
    private static int afterNumber(String text, int start) {
        int i = start;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c) || c == '.' || c == '_') {
                i++;
            }
            else if ((c == '+' || c == '-') && (text.charAt(i - 1) == 'e' || text.charAt(i - 1) == 'E')
                    && !text.substring(start, i).toLowerCase(java.util.Locale.ROOT).startsWith("0x")) {
                i++;
            }
            else {
                break;
            }
        }
        return i;
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
