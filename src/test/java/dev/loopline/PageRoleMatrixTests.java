package dev.loopline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;

import dev.loopline.support.IntegrationTest;
import dev.loopline.support.AbstractIntegrationTest;

/**
 * The main pages as each role's browser session sees them: allowed pages render (200), refused ones answer 403,
 * and a stranger is sent to sign in. Forms a role cannot submit are refused up front, as their buttons are hidden.
 */
class PageRoleMatrixTests extends AbstractIntegrationTest {

    enum Who { ADMIN, PROJECT_MANAGER, DEVELOPER, OPERATOR, NONE }

    private static final Set<Who> ALL = EnumSet.of(Who.ADMIN, Who.PROJECT_MANAGER, Who.DEVELOPER, Who.OPERATOR);
    private static final Set<Who> PLANNERS = EnumSet.of(Who.ADMIN, Who.PROJECT_MANAGER);
    private static final Set<Who> ADMINS = EnumSet.of(Who.ADMIN);

    @Test
    void everyMainPageAnswersEachRolesSessionAsTheMatrixSays() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String db = "pm-" + suffix;
        mvc.perform(post("/api/v1/databases").header("Authorization", bearer(adminToken()))
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"" + db + "\"}"));
        mvc.perform(post("/api/v1/databases/" + db + "/branches").header("Authorization", bearer(adminToken()))
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"dev\"}"));
        long iteration = createIteration("Page matrix");

        Map<String, Set<Who>> pages = new LinkedHashMap<>();
        pages.put("/", ALL);
        pages.put("/iterations", ALL);
        pages.put("/iterations/" + iteration, ALL);
        pages.put("/iterations/new", PLANNERS);
        pages.put("/iterations/" + iteration + "/edit", PLANNERS);
        pages.put("/iterations/" + iteration + "/delete", PLANNERS);
        pages.put("/databases", ALL);
        pages.put("/databases/" + db, ALL);
        pages.put("/databases/" + db + "/branches/main", ALL);
        pages.put("/databases/" + db + "/branches/dev/console", ALL);
        pages.put("/databases/" + db + "/backups", ALL);
        pages.put("/databases/" + db + "/branches/main/insights", ALL);
        pages.put("/deploy-requests", ALL);
        pages.put("/jobs", ALL);
        pages.put("/environments", ALL);
        pages.put("/environments/freezes", ALL);
        pages.put("/metrics/dora", ALL);
        pages.put("/audit", ALL);
        pages.put("/account", ALL);
        pages.put("/admin/users", ADMINS);
        pages.put("/admin/tokens", ADMINS);
        pages.put("/admin/integrations", ADMINS);

        Map<Who, MockHttpSession> sessions = new EnumMap<>(Who.class);
        MockHttpSession admin = signIn("admin", IntegrationTest.ADMIN_PASSWORD);
        sessions.put(Who.ADMIN, admin);
        for (Who who : List.of(Who.PROJECT_MANAGER, Who.DEVELOPER, Who.OPERATOR)) {
            String username = who.name().toLowerCase().replace('_', '-') + "-" + suffix;
            mvc.perform(post("/admin/users").session(admin).with(csrf()).param("username", username)
                    .param("password", username + "-password").param("roles", who.name()));
            sessions.put(who, signIn(username, username + "-password"));
        }

        List<String> wrong = new ArrayList<>();
        StringBuilder table = new StringBuilder();
        for (var page : pages.entrySet()) {
            table.append(page.getKey());
            for (Who who : Who.values()) {
                var request = get(page.getKey());
                if (who != Who.NONE) {
                    request.session(sessions.get(who));
                }
                var response = mvc.perform(request).andReturn().getResponse();
                int status = response.getStatus();
                table.append(" | ").append(who).append(' ').append(status);
                int expected = who == Who.NONE ? 302 : page.getValue().contains(who) ? 200 : 403;
                if (status != expected || expected == 302 && !String.valueOf(response.getRedirectedUrl()).endsWith("/login")) {
                    wrong.add(page.getKey() + " as " + who + ": " + status + ", expected " + expected);
                }
            }
            table.append('\n');
        }
        assertThat(wrong).as("pages that break the matrix:\n" + table).isEmpty();
    }

    @Test
    void theNewBranchFormOffersDataOnlyToThoseWhoMayRestore() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String db = "pm-seed-" + suffix;
        mvc.perform(post("/api/v1/databases").header("Authorization", bearer(adminToken()))
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"" + db + "\", \"allow_data_branching\": false}"));
        MockHttpSession admin = signIn("admin", IntegrationTest.ADMIN_PASSWORD);
        Map<Who, MockHttpSession> sessions = new EnumMap<>(Who.class);
        for (Who who : List.of(Who.DEVELOPER, Who.OPERATOR)) {
            String username = "seed-" + who.name().toLowerCase() + "-" + suffix;
            mvc.perform(post("/admin/users").session(admin).with(csrf()).param("username", username)
                    .param("password", username + "-password").param("roles", who.name()));
            sessions.put(who, signIn(username, username + "-password"));
        }
        String asDeveloper = mvc.perform(get("/databases/" + db).session(sessions.get(Who.DEVELOPER)))
                .andReturn().getResponse().getContentAsString();
        assertThat(asDeveloper).contains("data-testid=\"create-branch\"").doesNotContain("data-testid=\"seed-data\"");
        String asOperator = mvc.perform(get("/databases/" + db).session(sessions.get(Who.OPERATOR)))
                .andReturn().getResponse().getContentAsString();
        assertThat(asOperator).contains("data-testid=\"create-branch\"").contains("data-testid=\"seed-data\"");

        // the operator's restore is not refused for its role; it only lacks a backup to restore
        var flash = mvc.perform(post("/databases/" + db + "/branches").session(sessions.get(Who.OPERATOR)).with(csrf())
                .param("branchName", "seeded").param("seedData", "true")).andReturn().getFlashMap();
        assertThat(String.valueOf(flash.get("branchError"))).contains("no successful backup");
    }

    private MockHttpSession signIn(String username, String password) throws Exception {
        var session = (MockHttpSession) mvc.perform(formLogin("/login").user(username).password(password))
                .andReturn().getRequest().getSession();
        assertThat(session).isNotNull();
        return session;
    }
}
