package dev.loopline.account;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.loopline.common.Actor;
import dev.loopline.common.ActorPrincipal;
import dev.loopline.common.ApiError;

/**
 * Authenticates API requests by {@code Authorization: Bearer <token>} (the scheme in any case, exactly one space,
 * nothing after the token). A bad token or a malformed bearer header ({@code "Bearer  x"}, {@code "Bearer x y"},
 * {@code "Bearer"}) is answered with 401 at once; a missing header, or another scheme, falls through to the entry
 * point, which also answers 401.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    /** RFC 6750 section 2.1 ({@code Bearer}, one space, a token68); tokens in query strings or forms are not read. */
    private static final DefaultBearerTokenResolver BEARER = new DefaultBearerTokenResolver();

    private final ServiceTokenService tokens;

    BearerTokenFilter(ServiceTokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token;
        try {
            token = BEARER.resolve(request);
        }
        catch (OAuth2AuthenticationException e) {
            SecurityErrors.write(response, HttpServletResponse.SC_UNAUTHORIZED, new ApiError("malformed_token",
                    "The Authorization header is malformed: send exactly 'Authorization: Bearer <token>', one space, "
                            + "nothing after the token."));
            return;
        }
        if (token != null) {
            var actor = tokens.authenticate(token);
            if (actor.isEmpty()) {
                SecurityErrors.write(response, HttpServletResponse.SC_UNAUTHORIZED,
                        new ApiError("invalid_token", "The bearer token is not valid. Create a service token and send it as 'Authorization: Bearer <token>'."));
                return;
            }
            var context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(new TokenAuthentication(new TokenPrincipal(actor.get())));
            SecurityContextHolder.setContext(context);
        }
        chain.doFilter(request, response);
    }

    record TokenPrincipal(Actor actor) implements ActorPrincipal {
        @Override
        public String toString() {
            return actor.displayName();
        }
    }

    static final class TokenAuthentication extends AbstractAuthenticationToken {

        private final TokenPrincipal principal;

        TokenAuthentication(TokenPrincipal principal) {
            super(AccountPrincipal.authorities(principal.actor()));
            this.principal = principal;
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return principal;
        }
    }
}
