package dev.loopline.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.loopline.audit.AuditLog;
import dev.loopline.browser.pages.IterationPage;
import dev.loopline.browser.pages.LoginPage;
import dev.loopline.support.IntegrationTest;

/** Editing, reassigning and deleting work items on the board, in headless Chromium. */
class WorkItemBrowserTests extends AbstractBrowserTest {

    @Autowired
    AuditLog auditLog;

    @Test
    void aPlannerEditsReassignsAndDeletesAWorkItemAfterConfirming() throws Exception {
        createUser("wi-alice", "wi-alice-password", "DEVELOPER");
        createUser("wi-bob", "wi-bob-password", "DEVELOPER");
        long id = createIteration("Board edits");
        LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        IterationPage board = IterationPage.open(driver, baseUrl(), id);
        assertThat(board.assigneeChoices()).startsWith("").contains("wi-alice", "wi-bob", "admin")
                .doesNotContain("nobody-here");
        board.markWindow();
        board.addWorkItem("Add tracking table", "wi-alice", 3);
        assertThat(board.assigneeOf("Add tracking table")).isEqualTo("wi-alice");

        board.startEditing("Add tracking table");
        Browser.screenshot(driver, "work-item-edit");
        board.saveEdit("Add the tracking_events table", "wi-bob", 5);
        assertThat(board.column("todo")).containsExactly("Add the tracking_events table");
        assertThat(board.assigneeOf("Add the tracking_events table")).isEqualTo("wi-bob");
        assertThat(board.boardProgress()).startsWith("0 / 5 points done");

        board.startEditing("Add the tracking_events table");
        assertThat(board.deleteEditedCard(false)).contains("Delete \"Add the tracking_events table\"?");
        assertThat(board.editFormOffersDelete()).as("answering no keeps the card and its form").isTrue();
        assertThat(board.deleteEditedCard(true)).contains("cannot be undone");
        assertThat(board.cards()).isEmpty();
        assertThat(board.windowStillMarked()).as("edits happen in place, without a reload").isTrue();
        assertThat(auditLog.latest(20)).anySatisfy(e -> assertThat(e.getAction()).isEqualTo("work_item.deleted"))
                .anySatisfy(e -> assertThat(e.getDetails()).contains("assigned to wi-bob"));
    }

    @Test
    void aDeveloperReassignsButCannotDelete() throws Exception {
        createUser("wi-dev", "wi-dev-password", "DEVELOPER");
        long id = createIteration("Developer board");
        LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        IterationPage.open(driver, baseUrl(), id).addWorkItem("Index shipments", "admin", 2);

        LoginPage.open(driver, baseUrl()).signInAs("wi-dev", "wi-dev-password");
        IterationPage board = IterationPage.open(driver, baseUrl(), id);
        assertThat(board.canEdit("Index shipments")).isTrue();
        board.startEditing("Index shipments");
        assertThat(board.editFormOffersDelete()).isFalse();
        board.saveEdit("Index shipments", "wi-dev", 2);
        assertThat(board.assigneeOf("Index shipments")).isEqualTo("wi-dev");
    }
}
