package dev.loopline.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.loopline.support.AbstractIntegrationTest;

/** Review probes: /api answers that are still 500 or HTML, and the HTML error page a new user sees. */
class ReviewApiProbeTests extends AbstractIntegrationTest {

    private String raw(String requestLine, String... headers) throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder request = new StringBuilder(requestLine).append("\r\nHost: localhost\r\nAuthorization: Bearer ")
                    .append(adminToken()).append("\r\nConnection: close\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(all);
            return all.toString(StandardCharsets.UTF_8);
        }
    }

    private static void assertJsonClientError(String response, String what) {
        assertThat(response).as(what + "\n" + response).startsWith("HTTP/1.1 4");
        assertThat(response).as(what + "\n" + response).containsIgnoringCase("content-type: application/json");
    }

    @Test
    void aBadlyEncodedQueryParameterIsA400NotA500() throws Exception {
        assertJsonClientError(raw("GET /api/v1/databases?page=%ZZ HTTP/1.1"), "?page=%ZZ");
    }

    /** Any API error (404, 409, invalid page) asked for with Accept: text/html (a browser) turns into a 500. */
    @Test
    void apiErrorsAskedForAsHtmlKeepTheirStatus() throws Exception {
        assertJsonClientError(raw("GET /api/v1/databases/no-such-db HTTP/1.1", "Accept: text/html"), "404 as text/html");
        assertJsonClientError(raw("GET /api/v1/databases?page=0 HTTP/1.1", "Accept: text/html"), "invalid page as text/html");
    }

    @Test
    void aDoubleSlashBeforeApiStillGetsJson() throws Exception {
        assertJsonClientError(raw("GET //api/v1/databases HTTP/1.1"), "//api");
    }

    /** The error page's fragment parameter "title" shadows the model's title: the page shows template markup. */
    @Test
    void theHtmlErrorPageShowsItsTitleNotTemplateMarkup() throws Exception {
        var session = (org.springframework.mock.web.MockHttpSession) mvc.perform(formLogin("/login").user("admin")
                .password(dev.loopline.support.IntegrationTest.ADMIN_PASSWORD)).andReturn().getRequest().getSession();
        String body = mvc.perform(get("/databases/no-such-db").session(session))
                .andReturn().getResponse().getContentAsString();
        assertThat(body).contains("404").doesNotContain("th:text");
    }
}
