package dev.loopline.common;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Markdown that people write (work item descriptions, notes) as HTML that is safe to put on a page: CommonMark
 * (commonmark-java), with raw HTML in the source escaped rather than passed through, and link and image URLs
 * other than {@code http}, {@code https}, {@code mailto} and relative ones removed ({@code javascript:} and
 * {@code data:} never reach the page).
 */
public final class Markdown {

    private static final Parser PARSER = Parser.builder().build();
    private static final java.util.regex.Pattern SCHEME = java.util.regex.Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");
    private static final java.util.Set<String> ALLOWED = java.util.Set.of("http", "https", "mailto");
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true)
            .urlSanitizer(new org.commonmark.renderer.html.UrlSanitizer() {
                @Override
                public String sanitizeLinkUrl(String url) {
                    return allowed(url);
                }

                @Override
                public String sanitizeImageUrl(String url) {
                    return allowed(url);
                }
            }).build();

    private Markdown() {
    }

    /** The URL when it is relative or uses an allowed scheme, else an empty one. */
    private static String allowed(String url) {
        String trimmed = url.strip();
        var scheme = SCHEME.matcher(trimmed);
        if (!scheme.find()) {
            return trimmed.replaceAll("[\\u0000-\\u001f]", "");
        }
        return ALLOWED.contains(scheme.group(1).toLowerCase(java.util.Locale.ROOT)) ? trimmed : "";
    }

    /** The HTML of {@code source}; empty for {@code null} or blank text. */
    public static String toSafeHtml(String source) {
        if (source == null || source.isBlank()) {
            return "";
        }
        return RENDERER.render(PARSER.parse(source));
    }
}
