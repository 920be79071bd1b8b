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
                i = QueryShape.skipQuoted(text, i, '\'');
            }
            else if (c == '$' && i + 1 < n && text.charAt(i + 1) == '$') {
                int end = text.indexOf("$$", i + 2);
                out.append('?');
                i = end < 0 ? n : end + 2;
            }
            else if (Character.isDigit(c) && (i == 0 || !isWordPart(text.charAt(i - 1)))) {
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

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
