package dev.loopline.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownTests {

    @Test
    void rendersCommonMark() {
        assertThat(Markdown.toSafeHtml("As a *customer* I see **my parcel**.\n\n- one\n- two"))
                .contains("<em>customer</em>", "<strong>my parcel</strong>", "<li>one</li>");
        assertThat(Markdown.toSafeHtml("[docs](https://example.com/a)")).contains("href=\"https://example.com/a\"");
        assertThat(Markdown.toSafeHtml(null)).isEmpty();
    }

    @Test
    void scriptCannotBeInjected() {
        String html = Markdown.toSafeHtml("<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n"
                + "[click](javascript:alert(3)) ![i](data:text/html;base64,PHNjcmlwdD4=) <a href=\"javascript:x\">a</a>");
        assertThat(html).doesNotContain("<script", "<img src=x", "href=\"javascript", "src=\"data:", "<a href=\"javascript");
        assertThat(html).contains("&lt;script&gt;");
    }
}
