package dev.loopline.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import dev.loopline.browser.pages.AdminUsersPage;
import dev.loopline.browser.pages.DashboardPage;
import dev.loopline.browser.pages.IterationFormPage;
import dev.loopline.browser.pages.IterationPage;
import dev.loopline.browser.pages.LoginPage;
import dev.loopline.support.IntegrationTest;

/** What a project manager and a developer do on the iteration pages, in real headless Chromium. */
class IterationBrowserTests extends AbstractBrowserTest {

    @Test
    void planAnIterationMoveACardToDoneAndAdvanceThePhase() throws Exception {
        createUser("alice", "alice-password-1", "DEVELOPER");
        createUser("bob", "bob-password-12", "DEVELOPER");
        DashboardPage dashboard = LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        assertThat(dashboard.signedInAs()).contains("admin");
        Browser.screenshot(driver, "dashboard-empty");

        String database = "mechanica-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        try {
            mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/databases")
                    .header("Authorization", bearer(adminToken())).contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                    .content("{\"name\": \"" + database + "\"}"));
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
        IterationPage iteration = dashboard.newIteration()
                .fill("Sprint 14 — shipment tracking", "Customers follow their parcels live",
                        LocalDate.now().minusDays(2), LocalDate.now().plusDays(12), database)
                .create();
        assertThat(iteration.heading()).isEqualTo("Sprint 14 — shipment tracking");
        assertThat(iteration.loopCurrentPhase()).isEqualTo("plan");

        iteration.markWindow();
        iteration.addWorkItem("Add the tracking_events table", "alice", 5)
                .addWorkItem("Index shipments by customer", "bob", 3);
        assertThat(iteration.column("todo"))
                .containsExactly("Add the tracking_events table", "Index shipments by customer");

        iteration.moveCard("Index shipments by customer", "done");
        assertThat(iteration.column("done")).containsExactly("Index shipments by customer");
        assertThat(iteration.column("todo")).containsExactly("Add the tracking_events table");
        assertThat(iteration.boardProgress()).startsWith("3 / 8 points done");
        assertThat(iteration.windowStillMarked()).as("the board moved without a page reload").isTrue();

        iteration.advance();
        assertThat(iteration.loopCurrentPhase()).isEqualTo("code");
        assertThat(iteration.phaseStateInLoop("plan")).isEqualTo("done");
        assertThat(iteration.phaseStateInLoop("code")).isEqualTo("current");
        assertThat(iteration.phaseStateInLoop("build")).isEqualTo("ahead");
        assertThat(iteration.currentPhaseBadge()).isEqualTo("Code");
        assertThat(iteration.historyPhases()).containsExactly("Code", "Plan");
        Browser.screenshot(driver, "iteration");

        assertThat(DashboardPage.open(driver, baseUrl()).currentIterations())
                .anySatisfy(text -> assertThat(text).contains("Sprint 14").contains("Code").contains("3 / 8 points done"));
        Browser.screenshot(driver, "dashboard");
    }

    @Test
    void showsValidationErrorsNextToTheFields() {
        LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        IterationFormPage form = new DashboardPage(driver, baseUrl()).newIteration()
                .fill("Backwards", "", LocalDate.of(2026, 12, 10), LocalDate.of(2026, 12, 1), "")
                .createExpectingErrors();
        assertThat(form.fieldError("ends-on-error")).contains("before it starts");
        Browser.screenshot(driver, "iteration-form-error");
    }

    @Test
    void aDeveloperSeesNoPhaseControlsAndTheServerRefusesAForgedMove() {
        LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        IterationPage iteration = new DashboardPage(driver, baseUrl()).newIteration()
                .fill("Developer view", "", LocalDate.now(), LocalDate.now().plusDays(14), "").create();
        long id = iteration.id();
        AdminUsersPage users = AdminUsersPage.open(driver, baseUrl()).addUser("dana", "dana-password-1", "DEVELOPER");
        assertThat(users.usersTable()).contains("dana").contains("Developer");
        Browser.screenshot(driver, "admin-users");
        users.signOut();

        LoginPage.open(driver, baseUrl()).signInAs("dana", "dana-password-1");
        IterationPage asDeveloper = IterationPage.open(driver, baseUrl(), id);
        assertThat(asDeveloper.loopCurrentPhase()).isEqualTo("plan");
        assertThat(asDeveloper.canAdvance()).isFalse();
        assertThat(asDeveloper.canMoveBack()).isFalse();

        assertThat(asDeveloper.forgePhaseMove("code")).isEqualTo(403);
        assertThat(IterationPage.open(driver, baseUrl(), id).loopCurrentPhase()).isEqualTo("plan");
    }

    @Test
    void aWrongPasswordIsRefused() {
        LoginPage login = LoginPage.open(driver, baseUrl()).signInExpectingFailure("admin", "not-the-password");
        assertThat(login.error()).contains("do not match");
    }
}
