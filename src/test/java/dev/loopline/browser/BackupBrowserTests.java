package dev.loopline.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.loopline.browser.pages.BackupsPage;
import dev.loopline.browser.pages.BranchPage;
import dev.loopline.browser.pages.ConsolePage;
import dev.loopline.browser.pages.DatabasesPage;
import dev.loopline.browser.pages.JobsPage;
import dev.loopline.browser.pages.LoginPage;
import dev.loopline.support.IntegrationTest;

/** Backing up from the branch page, restoring into a new branch, and the jobs page, in headless Chromium. */
class BackupBrowserTests extends AbstractBrowserTest {

    @Test
    void backUpABranchRestoreItIntoANewBranchAndSeeItsRows() {
        String db = "depot-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        DatabasesPage database = DatabasesPage.open(driver, baseUrl()).createDatabase(db);
        assertThat(database.heading()).isEqualTo(db);
        Browser.screenshot(driver, "database-with-backups-link");
        BranchPage branch = database.createBranch("stock");
        branch.openConsole().run("""
                CREATE TABLE parcels (id BIGINT PRIMARY KEY, city VARCHAR(40) NOT NULL);
                INSERT INTO parcels VALUES (1, 'Lyon'), (2, 'Porto'), (3, 'Gdansk');""");

        BackupsPage backups = BranchPage.open(driver, baseUrl(), db, "stock").backUpNow();
        assertThat(backups.awaitNewestFinished()).isEqualTo("success");
        assertThat(backups.newestRow()).contains("by admin");
        Browser.screenshot(driver, "backups");

        BranchPage restored = backups.restoreNewestInto("stock-copy").awaitReady();
        assertThat(restored.heading()).isEqualTo("stock-copy");
        assertThat(restored.restoredFrom()).contains("Restored from backup").contains("stock");
        Browser.screenshot(driver, "branch-restored");
        ConsolePage console = restored.openConsole().run("SELECT id, city FROM parcels ORDER BY id;");
        assertThat(console.lastTable()).containsExactly(List.of("1", "Lyon"), List.of("2", "Porto"), List.of("3", "Gdansk"));
    }

    @Test
    void thePolicyFormShowsTheNextFiveBackupsInUtcAndTheBrowsersZoneAndRefusesImpossibleSchedules() {
        String db = "nightly-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        ((org.openqa.selenium.chromium.ChromiumDriver) driver).executeCdpCommand("Emulation.setTimezoneOverride",
                java.util.Map.of("timezoneId", "Asia/Tokyo"));
        LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        DatabasesPage.open(driver, baseUrl()).createDatabase(db);

        BackupsPage backups = BackupsPage.open(driver, baseUrl(), db).saveSchedule("0 2 * * 1-5");
        List<String> next = backups.nextBackups();
        assertThat(next).hasSize(5).allSatisfy(line -> assertThat(line)
                .matches("(Mon|Tue|Wed|Thu|Fri) \\d{4}-\\d{2}-\\d{2} 02:00 UTC \\| (Mon|Tue|Wed|Thu|Fri) \\d{4}-\\d{2}-\\d{2} 11:00 Asia/Tokyo"));
        assertThat(next.stream().map(line -> line.substring(0, 3)).distinct()).hasSize(5);
        Browser.screenshot(driver, "backup-policy-next-fires");

        BackupsPage refused = backups.saveSchedule("0 0 0 30 2 ?");
        assertThat(refused.scheduleError()).contains("never fires");
        assertThat(refused.scheduleField()).isEqualTo("0 0 0 30 2 ?");
        assertThat(refused.nextBackups()).hasSize(5).allSatisfy(line -> assertThat(line).contains("02:00 UTC"));
        Browser.screenshot(driver, "backup-policy-refused");
    }

    @Test
    void verifyShowsItsResultWithoutAReloadAndOnlyOperatorsMayVerify() throws Exception {
        String db = "verify-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        asAdmin(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/databases"),
                "{\"name\": \"" + db + "\", \"allow_data_branching\": true}");
        asAdmin(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(
                "/api/v1/databases/" + db + "/branches/main/backups?wait=true"), "{}");

        LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        BackupsPage backups = BackupsPage.open(driver, baseUrl(), db).verifyNewest();
        assertThat(backups.notice()).contains("Test-restoring backup");
        backups.markWindow();
        assertThat(backups.awaitNewestVerification()).isEqualTo("passed");
        assertThat(backups.windowStillMarked()).as("the result appeared without a reload").isTrue();
        assertThat(backups.awaitNoNotice()).as("\"Test-restoring…\" goes once the result is there").isTrue();
        Browser.screenshot(driver, "backup-verified");

        createUser("verify-dev", "verify-dev-password", "DEVELOPER");
        LoginPage.open(driver, baseUrl()).signInAs("verify-dev", "verify-dev-password");
        assertThat(BackupsPage.open(driver, baseUrl(), db).newestOffersVerify()).as("developers may not verify").isFalse();
    }

    @Test
    void pauseAndResumeAJob() {
        LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        JobsPage jobs = JobsPage.open(driver, baseUrl());
        assertThat(jobs.heading()).isEqualTo("Scheduled jobs");
        assertThat(jobs.groupHeadings()).as("groups as words, not module names")
                .contains("Backups", "Deploy requests", "Databases and branches").doesNotContain("deployrequest");
        assertThat(jobs.rowText("backup/retention")).contains("Every hour at minute 15").contains("0 15 * * * ?");
        assertThat(jobs.state("backup/retention")).isEqualTo("Normal");

        JobsPage paused = jobs.pause("backup/retention");
        assertThat(paused.notice()).contains("Paused the job retention (Backups)");
        assertThat(paused.state("backup/retention")).isEqualTo("Paused");
        Browser.screenshot(driver, "jobs");

        JobsPage resumed = paused.resume("backup/retention");
        assertThat(resumed.state("backup/retention")).isEqualTo("Normal");
    }
}
