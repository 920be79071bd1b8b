package dev.loopline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpSession;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.common.Role;
import dev.loopline.support.AbstractIntegrationTest;

/**
 * Every page, as each role sees it, offers only the forms and htmx actions that role may submit: no button the
 * server would then refuse. The rules below mirror the services' role checks.
 */
class PageActionsMatrixTests extends AbstractIntegrationTest {

    private static final Set<Role> EVERYONE = EnumSet.of(Role.PROJECT_MANAGER, Role.DEVELOPER, Role.OPERATOR);

    /** What each action (a POST address, ids replaced) needs; the first matching rule wins. */
    private static final List<Map.Entry<Pattern, Set<Role>>> RULES = List.of(
            rule("/logout|/account/password|/databases/[^/]+/deploy-requests/\\d+/reviews", EVERYONE),
            rule("/iterations/\\d+/branch", EnumSet.of(Role.PROJECT_MANAGER, Role.OPERATOR)),
            rule("/work-items/\\d+(/status)?", EnumSet.of(Role.PROJECT_MANAGER, Role.DEVELOPER)),
            rule("/iterations(/\\d+(/delete|/phase|/work-items|/build-gates)?)?|/work-items/\\d+/delete", EnumSet.of(Role.PROJECT_MANAGER)),
            rule("/databases/[^/]+/deploy-requests(/\\d+/close)?", EnumSet.of(Role.DEVELOPER)),
            rule("/databases/[^/]+/branches/main/(passwords.*|console|delete)", EnumSet.of(Role.OPERATOR)),
            rule("/databases/[^/]+/branches/[^/]+/(passwords.*|console|delete)", EnumSet.of(Role.DEVELOPER)),
            rule("/databases/[^/]+/branches", EnumSet.of(Role.DEVELOPER, Role.OPERATOR)),
            // the database below allows data branching: developers restore backups into new branches too
            rule("/databases/[^/]+/backups/\\d+/restore", EnumSet.of(Role.DEVELOPER, Role.OPERATOR)),
            rule("/databases/[^/]+/branches/[^/]+/insights/(queries|recommendations)/\\d+/work-item",
                    EnumSet.of(Role.PROJECT_MANAGER, Role.OPERATOR)),
            rule("/databases/[^/]+/branches/[^/]+/insights/recommendations/\\d+/open", EnumSet.of(Role.DEVELOPER)),
            rule("/databases(/.*)?", EnumSet.of(Role.OPERATOR)),
            rule("/jobs/.*", EnumSet.of(Role.OPERATOR)));

    private static Map.Entry<Pattern, Set<Role>> rule(String regex, Set<Role> roles) {
        return Map.entry(Pattern.compile(regex), roles);
    }

    @Test
    void noPageOffersARoleAnActionTheServerWouldRefuse() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String db = "acts-" + suffix;
        asAdmin(post("/api/v1/databases"), "{\"name\": \"" + db + "\", \"allow_data_branching\": true}");
        asAdmin(post("/api/v1/databases/" + db + "/branches"), "{\"name\": \"dev\"}");
        sqlAsAdmin(db, "dev", "CREATE TABLE parcels (id BIGINT PRIMARY KEY);");
        asAdmin(post("/api/v1/databases/" + db + "/branches/main/backups?wait=true"), "{}");
        int number = JsonPath.read(bodyOf(asAdmin(post("/api/v1/databases/" + db + "/deploy-requests"),
                "{\"branch\": \"dev\"}")), "$.number");
        long iteration = createIteration("Actions matrix");
        asAdmin(post("/api/v1/iterations/" + iteration + "/work-items"), "{\"title\": \"A card\"}");

        List<String> pages = List.of("/", "/iterations", "/iterations/" + iteration, "/databases", "/databases/" + db,
                "/databases/" + db + "/branches/main", "/databases/" + db + "/branches/dev",
                "/databases/" + db + "/branches/main/console", "/databases/" + db + "/branches/dev/console",
                "/databases/" + db + "/backups", "/databases/" + db + "/branches/main/insights", "/deploy-requests", "/databases/" + db + "/deploy-requests/" + number,
                "/jobs", "/audit", "/account");

        MockHttpSession admin = signIn("admin", dev.loopline.support.IntegrationTest.ADMIN_PASSWORD);
        Map<Role, MockHttpSession> sessions = new EnumMap<>(Role.class);
        for (Role role : EVERYONE) {
            String username = "acts-" + role.apiName().replace('_', '-') + "-" + suffix;
            mvc.perform(post("/admin/users").session(admin).with(csrf()).param("username", username)
                    .param("password", username + "-password").param("roles", role.name()));
            sessions.put(role, signIn(username, username + "-password"));
        }

        List<String> wrong = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String page : pages) {
            for (Role role : EVERYONE) {
                var response = mvc.perform(get(page).session(sessions.get(role))).andReturn().getResponse();
                assertThat(response.getStatus()).as(page + " as " + role).isEqualTo(200);
                for (String action : postActions(Jsoup.parse(response.getContentAsString()))) {
                    String path = action.replaceAll("\\?.*$", "");
                    seen.add(path.replace(db, "{db}") + " (" + role + ")");
                    Set<Role> allowed = RULES.stream().filter(r -> r.getKey().matcher(path).matches())
                            .map(Map.Entry::getValue).findFirst().orElse(null);
                    if (allowed == null || !allowed.contains(role)) {
                        wrong.add(page + " offers " + role + " " + path + (allowed == null ? " (no rule)" : ""));
                    }
                }
            }
        }
        assertThat(seen).as("the pages were rich enough to offer actions").hasSizeGreaterThan(20);
        assertThat(wrong).as("actions offered to a role the server refuses").isEmpty();
    }

    /** The addresses a page's POST forms and htmx posts send to. */
    private static List<String> postActions(Document page) {
        List<String> actions = new ArrayList<>();
        page.select("form[method=post]").forEach(form -> actions.add(form.attr("action")));
        page.select("[hx-post]").forEach(element -> actions.add(element.attr("hx-post")));
        page.select("[formaction]").forEach(element -> actions.add(element.attr("formaction")));
        return actions;
    }

    private MockHttpSession signIn(String username, String password) throws Exception {
        return (MockHttpSession) mvc.perform(formLogin("/login").user(username).password(password))
                .andReturn().getRequest().getSession();
    }
}
