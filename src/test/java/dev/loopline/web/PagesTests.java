package dev.loopline.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.loopline.support.AbstractIntegrationTest;

/** What a browser gets for pages that go wrong: a finished page with the right status, never a stack trace. */
class PagesTests extends AbstractIntegrationTest {

    @Test
    void sendsStrangersToTheSignInPage() throws Exception {
        var response = httpGet("/iterations", null);
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        var login = httpGet("/login", null);
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("Sign in to Loopline").contains("name=\"_csrf\"");
    }

    @Test
    void servesTheProjectsOwnAssetsAndPinnedWebJars() throws Exception {
        assertThat(httpGet("/css/loopline.css", null).statusCode()).isEqualTo(200);
        assertThat(httpGet("/js/loopline.js", null).body()).contains("htmx:configRequest");
        assertThat(httpGet("/webjars/htmx.org/2.0.10/dist/htmx.min.js", null).statusCode()).isEqualTo(200);
        assertThat(httpGet("/webjars/bootstrap/5.3.8/dist/css/bootstrap.min.css", null).statusCode()).isEqualTo(200);
    }
}
