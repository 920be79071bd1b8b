package dev.loopline.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.loopline.browser.pages.BranchPage;
import dev.loopline.browser.pages.ConsolePage;
import dev.loopline.browser.pages.DatabasesPage;
import dev.loopline.browser.pages.LoginPage;
import dev.loopline.support.IntegrationTest;

/** Creating a database, a branch, a password and running SQL, in real headless Chromium. */
class BranchBrowserTests extends AbstractBrowserTest {

    @Test
    void createADatabaseABranchAPasswordAndQueryIt() throws Exception {
        String db = "mechanica-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        DatabasesPage database = DatabasesPage.open(driver, baseUrl()).createDatabase(db);
        assertThat(database.heading()).isEqualTo(db);
        assertThat(database.branchTree()).contains("main").contains("production").contains("safe migrations");

        BranchPage branch = database.createBranch("add-tracking");
        assertThat(branch.heading()).isEqualTo("add-tracking");

        ConsolePage console = branch.openConsole().run("""
                CREATE TABLE shipments (id BIGINT PRIMARY KEY, city VARCHAR(40) NOT NULL);
                INSERT INTO shipments VALUES (1, 'Lyon'), (2, 'Porto');
                SELECT id, city FROM shipments ORDER BY id;""");
        assertThat(console.lastTable()).containsExactly(List.of("1", "Lyon"), List.of("2", "Porto"));
        Browser.screenshot(driver, "console");
        console.run("SELEC oops");
        assertThat(console.error()).contains("Statement 1 failed").contains("SELEC oops");

        BranchPage withPassword = BranchPage.open(driver, baseUrl(), db, "add-tracking")
                .createPassword("app", "reader");
        String secret = withPassword.newPassword();
        assertThat(secret).startsWith("llp_");
        assertThat(withPassword.newPasswordJdbcUrl()).contains("/" + db + "/add-tracking");
        Browser.screenshot(driver, "branch");
        try (Connection connection = DriverManager.getConnection(withPassword.newPasswordJdbcUrl(),
                withPassword.newPasswordUsername(), secret);
                ResultSet rows = connection.createStatement().executeQuery("SELECT COUNT(*) FROM shipments")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(2);
        }

        BranchPage reloaded = BranchPage.open(driver, baseUrl(), db, "add-tracking");
        assertThat(reloaded.showsNewPassword()).as("the password is shown once").isFalse();
        assertThat(reloaded.passwordsTable()).contains("app").contains("reader").doesNotContain(secret);
        assertThat(reloaded.activity()).contains("Created reader password app").contains("Ran 3 statements");

        DatabasesPage.open(driver, baseUrl());
        driver.get(baseUrl() + "/databases/" + db);
        Browser.screenshot(driver, "database");
    }

    @Test
    void theProductionConsoleRefusesSchemaChanges() {
        LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        String db = "guarded-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        DatabasesPage.open(driver, baseUrl()).createDatabase(db);
        ConsolePage console = BranchPage.open(driver, baseUrl(), db, "main").openConsole()
                .run("CREATE TABLE sneaky (id INT)");
        assertThat(console.error()).contains("safe migrations").contains("deploy request");
    }
}
