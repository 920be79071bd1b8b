package dev.loopline.account;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.loopline.common.Actor;
import dev.loopline.common.ActorPrincipal;
import dev.loopline.common.ApiError;

/**
 * Authenticates API requests by {@code Authorization: Bearer <token>}. A bad token is answered with 401 at once;
 * a missing one falls through to the entry point, which also answers 401.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    private final ServiceTokenService tokens;

    BearerTokenFilter(ServiceTokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            var actor = tokens.authenticate(header.substring(7));
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
