package dev.loopline.account;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.session.SessionRegistryImpl;
import org.springframework.security.web.session.HttpSessionEventPublisher;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;

import dev.loopline.common.ApiError;

/**
 * Two filter chains: the API ({@code /api/**}) authenticates bearer service tokens and answers errors as JSON;
 * the pages use form login with CSRF protection (htmx sends the token as a header, see the layout), throttled
 * sign-in, and send htmx requests without a session to the login page as a whole page ({@link HtmxSignIn}).
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role("ADMIN").implies("PROJECT_MANAGER", "DEVELOPER", "OPERATOR")
                .build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    /** Tracks signed-in sessions so that disabling a user or changing their roles ends their sessions at once. */
    @Bean
    SessionRegistry sessionRegistry() {
        return new SessionRegistryImpl();
    }

    @Bean
    static HttpSessionEventPublisher httpSessionEventPublisher() {
        return new HttpSessionEventPublisher();
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, ServiceTokenService tokens) throws Exception {
        http.securityMatcher("/api/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new BearerTokenFilter(tokens), AnonymousAuthenticationFilter.class)
                // CI webhooks prove themselves with their integration's secret (pipeline.CiReceiver), not a token
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(org.springframework.http.HttpMethod.POST, "/api/v1/integrations/jenkins",
                                "/api/v1/integrations/github", "/api/v1/integrations/gitlab").permitAll()
                        .anyRequest().authenticated())
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> SecurityErrors.write(response,
                                HttpServletResponse.SC_UNAUTHORIZED, new ApiError("unauthenticated",
                                        "Send a service token as 'Authorization: Bearer <token>'.")))
                        .accessDeniedHandler((request, response, e) -> SecurityErrors.write(response,
                                HttpServletResponse.SC_FORBIDDEN, new ApiError("forbidden",
                                        "This token's roles do not allow this request."))));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain pageChain(HttpSecurity http, SessionRegistry sessionRegistry, UserDetailsService users,
            PasswordEncoder passwordEncoder, LoginThrottle throttle, AuthenticationEventPublisher authenticationEvents)
            throws Exception {
        var requestCache = new HtmxSignIn.PageRequestCache();
        http.authenticationManager(signIn(users, passwordEncoder, throttle, authenticationEvents))
                .requestCache(cache -> cache.requestCache(requestCache))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(DelegatingAuthenticationEntryPoint.builder()
                                .addEntryPointFor(new HtmxSignIn.EntryPoint(), HtmxSignIn.HTMX)
                                .defaultEntryPoint(new LoginUrlAuthenticationEntryPoint("/login")).build())
                        .accessDeniedHandler(new HtmxSignIn.CsrfAwareDeniedHandler(requestCache)))
                .sessionManagement(session -> session.maximumSessions(-1).sessionRegistry(sessionRegistry)
                        .expiredSessionStrategy(new HtmxSignIn.SessionExpired()))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/login", "/css/**", "/js/**", "/img/**", "/webjars/**", "/favicon.ico",
                                "/error", "/error/**")
                        .permitAll()
                        .requestMatchers("/admin/**").hasRole("ADMIN")
                        .anyRequest().authenticated())
                .formLogin(login -> login.loginPage("/login").defaultSuccessUrl("/", false)
                        .failureHandler(loginFailures()).permitAll())
                .logout(logout -> logout.logoutSuccessUrl("/login?logout").permitAll())
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                                + "script-src 'self'; frame-ancestors 'none'")));
        return http.build();
    }

    /**
     * Sign-in for the pages: passwords checked against the accounts, throttled per user name (see
     * {@link LoginThrottle}); success and failure events go to the audit as before.
     */
    private static AuthenticationManager signIn(UserDetailsService users, PasswordEncoder passwordEncoder,
            LoginThrottle throttle, AuthenticationEventPublisher authenticationEvents) {
        var passwords = new DaoAuthenticationProvider(users);
        passwords.setPasswordEncoder(passwordEncoder);
        var manager = new ProviderManager(new ThrottledAuthenticationProvider(passwords, throttle));
        manager.setAuthenticationEventPublisher(authenticationEvents);
        return manager;
    }

    /** A locked name goes to {@code /login?locked} (the page says how long to wait), other failures to {@code ?error}. */
    private static AuthenticationFailureHandler loginFailures() {
        var error = new SimpleUrlAuthenticationFailureHandler("/login?error");
        var locked = new SimpleUrlAuthenticationFailureHandler("/login?locked");
        return (request, response, e) -> (e instanceof LockedException ? locked : error)
                .onAuthenticationFailure(request, response, e);
    }
}
