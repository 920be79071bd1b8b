package dev.loopline.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders;

import dev.loopline.deployrequest.DeployRequestEvents;
import dev.loopline.support.IntegrationTest;
import dev.loopline.support.AbstractIntegrationTest;

/** People get what they chose: approvals for operators, phase changes for planners and assignees; never their own acts. */
class InAppNotificationTests extends AbstractIntegrationTest {

    @Autowired
    NotificationService notifications;

    @Autowired
    ApplicationEventPublisher events;

    private final String suffix = UUID.randomUUID().toString().substring(0, 6);

    private MockHttpSession signIn(String username, String password) throws Exception {
        return (MockHttpSession) mvc.perform(SecurityMockMvcRequestBuilders.formLogin("/login").user(username)
                .password(password)).andReturn().getRequest().getSession();
    }

    private String user(String name, String... roles) throws Exception {
        String username = name + "-" + suffix;
        var request = post("/admin/users").session(signIn("admin", IntegrationTest.ADMIN_PASSWORD)).with(csrf())
                .param("username", username).param("password", "password-123456");
        for (String role : roles) {
            request.param("roles", role);
        }
        mvc.perform(request);
        return username;
    }

    @Test
    void operatorsWhoChoseItHearOfDeployRequestsWaitingForThem() throws Exception {
        String operator = user("olivia", "OPERATOR");
        String quiet = user("oscar", "OPERATOR");
        String developer = user("dev", "DEVELOPER");
        notifications.choose(operator, true, false);
        notifications.choose(developer, true, true);

        events.publishEvent(new DeployRequestEvents.Opened("shop", 7, "add-tracking", "main", 1));

        assertThat(notifications.recent(operator)).singleElement().satisfies(n -> {
            assertThat(n.getTitle()).startsWith("Deploy request shop#7 waits for your approval");
            assertThat(n.getLink()).isEqualTo("/databases/shop/deploy-requests/7");
        });
        assertThat(notifications.recent(quiet)).as("did not choose it").isEmpty();
        assertThat(notifications.recent(developer)).as("cannot approve").isEmpty();

        MockHttpSession session = signIn(operator, "password-123456");
        String page = bodyOf(mvc.perform(get("/notifications").session(session)));
        assertThat(page).contains("Deploy request shop#7 waits for your approval").contains("data-testid=\"bell-count\"");
        long id = notifications.recent(operator).get(0).getId();
        mvc.perform(post("/notifications/" + id + "/open").session(session).with(csrf()))
                .andExpect(redirectedUrl("/databases/shop/deploy-requests/7"));
        assertThat(notifications.unreadCount(operator)).isZero();
        mvc.perform(post("/notifications/" + id + "/open").session(signIn(quiet, "password-123456")).with(csrf()))
                .andExpect(status().isNotFound());
    }

    @Test
    void plannersAndAssigneesHearOfTheirIterationsPhaseChanges() throws Exception {
        String planner = user("pam", "PROJECT_MANAGER");
        String assignee = user("ada", "DEVELOPER");
        String bystander = user("bob", "DEVELOPER");
        for (String person : new String[] {planner, assignee, bystander}) {
            notifications.choose(person, false, true);
        }
        long iteration = createIteration("Parcel tracking " + suffix);
        asAdmin(post("/api/v1/iterations/" + iteration + "/work-items"), "{\"title\": \"Scan events\", \"assignee\": \""
                + assignee + "\"}").andExpect(status().isCreated());

        asAdmin(post("/api/v1/iterations/" + iteration + "/phase"), "{\"phase\": \"code\"}").andExpect(status().isOk());

        assertThat(notifications.recent(planner)).singleElement()
                .satisfies(n -> assertThat(n.getTitle()).contains("to Code"))
                .satisfies(n -> assertThat(n.getLink()).isEqualTo("/iterations/" + iteration));
        assertThat(notifications.recent(assignee)).hasSize(1);
        assertThat(notifications.recent(bystander)).isEmpty();
    }

    @Test
    void theAccountPageOffersTheChoicesAndSavesThem() throws Exception {
        String operator = user("ops", "OPERATOR");
        MockHttpSession session = signIn(operator, "password-123456");
        assertThat(bodyOf(mvc.perform(get("/account").session(session)))).contains("data-testid=\"notification-choices\"");
        assertThat(bodyOf(mvc.perform(get("/notifications/preferences").session(session))))
                .contains("name=\"approvals\"").doesNotContain("checked");
        mvc.perform(post("/notifications/preferences").session(session).with(csrf()).param("approvals", "true"))
                .andExpect(redirectedUrl("/account"));
        assertThat(notifications.preferencesOf(operator).isApprovals()).isTrue();
        assertThat(notifications.preferencesOf(operator).isPhaseChanges()).isFalse();
    }
}
