package dev.loopline.account;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SimpleSavedRequest;
import org.springframework.security.web.session.SessionInformationExpiredEvent;
import org.springframework.security.web.session.SessionInformationExpiredStrategy;
import org.springframework.security.web.util.UrlUtils;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Sends a person whose session ended back to the login page as a whole page when the request came from htmx
 * ({@code HX-Request: true}). A plain redirect would be followed by htmx and the login page swapped into the
 * fragment; instead htmx gets {@code 401} with {@code HX-Redirect}, which makes it load the URL as a full page.
 * After signing in, the person lands on the page they were on (htmx's {@code HX-Current-URL}), not on the
 * fragment's URL.
 */
final class HtmxSignIn {

    static final RequestMatcher HTMX = new RequestHeaderRequestMatcher("HX-Request", "true");
    static final String CURRENT_URL = "HX-Current-URL";
    private static final String LOGIN = "/login";

    private HtmxSignIn() {
    }

    /** Answers an htmx request without a session with {@code 401} and {@code HX-Redirect: /login}. */
    static final class EntryPoint implements AuthenticationEntryPoint {
        @Override
        public void commence(HttpServletRequest request, HttpServletResponse response,
                AuthenticationException authException) {
            redirect(request, response, LOGIN);
        }
    }

    /**
     * An htmx form post whose session is gone fails the CSRF check before it reaches the entry point: without a
     * signed-in user it is sent to the login page too (the page is saved to return to). Everything else is
     * denied as before.
     */
    static final class CsrfAwareDeniedHandler implements AccessDeniedHandler {

        private final PageRequestCache requestCache;
        private final AccessDeniedHandler denied = new AccessDeniedHandlerImpl();

        CsrfAwareDeniedHandler(PageRequestCache requestCache) {
            this.requestCache = requestCache;
        }

        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
                throws IOException, ServletException {
            if (e instanceof CsrfException && HTMX.matches(request) && !signedIn()) {
                requestCache.saveRequest(request, response);
                redirect(request, response, LOGIN);
                return;
            }
            denied.handle(request, response, e);
        }

        private static boolean signedIn() {
            var authentication = SecurityContextHolder.getContext().getAuthentication();
            return authentication != null && authentication.isAuthenticated()
                    && !(authentication instanceof AnonymousAuthenticationToken);
        }
    }

    /** A session an admin ended (user disabled, roles changed): {@code /login?expired}, as a full page for htmx. */
    static final class SessionExpired implements SessionInformationExpiredStrategy {
        @Override
        public void onExpiredSessionDetected(SessionInformationExpiredEvent event) throws IOException {
            HttpServletRequest request = event.getRequest();
            HttpServletResponse response = event.getResponse();
            if (HTMX.matches(request)) {
                redirect(request, response, LOGIN + "?expired");
            }
            else {
                response.sendRedirect(request.getContextPath() + LOGIN + "?expired");
            }
        }
    }

    /**
     * Saves, for an htmx request, the page it came from rather than the fragment; other requests as Spring
     * Security does. Only the path and query of {@code HX-Current-URL} are kept, put on this server's own scheme,
     * host and port, so the header cannot send anyone elsewhere after sign-in.
     */
    static final class PageRequestCache extends HttpSessionRequestCache {

        private static final String SAVED_REQUEST = "SPRING_SECURITY_SAVED_REQUEST";
        private static final String CONTINUE = "continue";

        PageRequestCache() {
            setSessionAttrName(SAVED_REQUEST);
            setMatchingRequestParameterName(CONTINUE);
        }

        @Override
        public void saveRequest(HttpServletRequest request, HttpServletResponse response) {
            if (!HTMX.matches(request)) {
                super.saveRequest(request, response);
                return;
            }
            String page = pageUrl(request);
            if (page != null) {
                request.getSession().setAttribute(SAVED_REQUEST, new SimpleSavedRequest(page));
            }
        }

        private static String pageUrl(HttpServletRequest request) {
            String header = request.getHeader(CURRENT_URL);
            if (header == null || header.isBlank()) {
                return null;
            }
            URI uri;
            try {
                uri = URI.create(header.trim());
            }
            catch (IllegalArgumentException e) {
                return null;
            }
            String path = uri.getRawPath();
            if (path == null || !path.startsWith("/") || path.startsWith(request.getContextPath() + LOGIN)) {
                return null;
            }
            String query = uri.getRawQuery() == null ? CONTINUE : uri.getRawQuery() + "&" + CONTINUE;
            return UrlUtils.buildFullRequestUrl(request.getScheme(), request.getServerName(), request.getServerPort(),
                    path, query);
        }
    }

    private static void redirect(HttpServletRequest request, HttpServletResponse response, String path) {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("HX-Redirect", request.getContextPath() + path);
    }
}
