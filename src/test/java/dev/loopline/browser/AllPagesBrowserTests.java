package dev.loopline.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.browser.pages.LoginPage;
import dev.loopline.support.IntegrationTest;

/**
 * Every page at 375, 800 and 1400 px: nothing scrolls sideways, the navigation collapses below 1200 px, no raw
 * codes, byte counts or ISO instants are on screen, and axe-core finds no serious or critical accessibility
 * violation. Screenshots of each go to {@code target/screenshots/pages/}, or to the directory named by
 * {@code -Dloopline.screenshots} ({@code docs/screenshots} refreshes the README's).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AllPagesBrowserTests extends AbstractBrowserTest {

    private static final int[] WIDTHS = {375, 800, 1400};
    /** An ISO-8601 instant, a snake_case code or a bare dotted action, in text people read. */
    private static final Pattern RAW = Pattern.compile(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d|\\b[a-z]+_[a-z_]+\\b|\\b(user|iteration|branch|database|deploy_request)\\.[a-z_]+\\b|\\b\\d{5,} bytes\\b");

    private final Map<String, String> pages = new LinkedHashMap<>();

    @org.springframework.beans.factory.annotation.Autowired
    dev.loopline.pipeline.IntegrationService integrations;

    @BeforeAll
    void aDatabaseWithEverything() throws Exception {
        String db = "pages-" + UUID.randomUUID().toString().substring(0, 6);
        asAdmin(post("/api/v1/databases"), "{\"name\": \"" + db + "\"}").andExpect(status().isCreated());
        asAdmin(post("/api/v1/databases/" + db + "/branches/main/safe-migrations"), null);
        asAdmin(post("/api/v1/databases/" + db + "/branches"), "{\"name\": \"add-tracking\"}").andExpect(status().isCreated());
        sqlAsAdmin(db, "add-tracking", "CREATE TABLE tracking_events (id BIGINT PRIMARY KEY, parcel_id BIGINT NOT NULL, "
                + "seen_at TIMESTAMP WITH TIME ZONE)");
        String developer = tokenWithRoles("developer");
        as(developer, post("/api/v1/databases/" + db + "/deploy-requests"),
                "{\"branch\": \"add-tracking\", \"notes\": \"Tracking events for parcels.\"}").andExpect(status().isCreated());
        as(tokenWithRoles("operator"), post("/api/v1/databases/" + db + "/deploy-requests/1/reviews"),
                "{\"state\": \"approved\", \"body\": \"Looks safe.\"}");
        asAdmin(post("/api/v1/databases/" + db + "/deploy-requests/1/deploy?wait=true"), null);
        asAdmin(post("/api/v1/databases/" + db + "/branches/main/backups?wait=true"), "{}").andExpect(status().isCreated());
        String iteration = bodyOf(asAdmin(post("/api/v1/iterations"), "{\"name\": \"Parcel tracking\", \"goal\": "
                + "\"Customers see where their parcel is.\", \"starts_on\": \"" + LocalDate.now(ZoneOffset.UTC)
                + "\", \"ends_on\": \"" + LocalDate.now(ZoneOffset.UTC).plusDays(13) + "\"}"));
        long id = ((Number) JsonPath.read(iteration, "$.id")).longValue();
        asAdmin(post("/api/v1/iterations/" + id + "/work-items"), "{\"title\": \"Show tracking on the order page\", \"points\": 3}");
        asAdmin(post("/api/v1/iterations/" + id + "/work-items"), "{\"title\": \"Store scan events\", \"points\": 5, \"status\": \"in_progress\"}");

        String backlogItem = bodyOf(asAdmin(post("/api/v1/work-items"), "{\"title\": \"Webhook endpoints for customers\", "
                + "\"type\": \"story\", \"points\": 3, \"labels\": [\"api\"], \"description\": \"Customers register "
                + "*endpoints* that receive parcel events.\"}"));
        long itemId = ((Number) JsonPath.read(backlogItem, "$.id")).longValue();
        asAdmin(post("/api/v1/work-items"), "{\"title\": \"Label printer drops jobs\", \"type\": \"bug\", \"points\": 1}");
        String build = bodyOf(asAdmin(post("/api/v1/builds"), "{\"pipeline\": \"pages-ci\", \"number\": 1, \"status\": "
                + "\"success\", \"iteration_id\": " + id + ", \"commit_sha\": \"c6d86dc7\", \"artifacts\": [{\"name\": "
                + "\"shop.jar\", \"size_bytes\": 2048}]}"));
        try (InputStream report = getClass().getResourceAsStream("/junit/surefire-rerun.xml")) {
            mvc.perform(post("/api/v1/builds/" + JsonPath.read(build, "$.id") + "/test-reports")
                    .header("Authorization", bearer(adminToken())).contentType(org.springframework.http.MediaType.APPLICATION_XML)
                    .content(report.readAllBytes())).andExpect(status().isCreated());
        }

        pages.put("dashboard", "/");
        pages.put("iterations", "/iterations");
        pages.put("iteration", "/iterations/" + id);
        pages.put("iteration-form", "/iterations/new");
        pages.put("backlog", "/backlog");
        pages.put("work-item", "/work-items/" + itemId);
        pages.put("plan", "/iterations/" + id + "/plan");
        pages.put("report", "/iterations/" + id + "/report");
        pages.put("velocity", "/velocity");
        pages.put("test-history", "/test-cases/history?class_name=com.example.PaymentsIT&name=settles");
        pages.put("build-tests", "/builds/" + JsonPath.read(build, "$.id") + "/tests");
        pages.put("databases", "/databases");
        pages.put("database", "/databases/" + db);
        pages.put("branch", "/databases/" + db + "/branches/main");
        pages.put("console", "/databases/" + db + "/branches/add-tracking/console");
        pages.put("backups", "/databases/" + db + "/backups");
        pages.put("insights", "/databases/" + db + "/branches/main/insights");
        pages.put("insights-query", "/databases/" + db + "/branches/main/insights/queries/" + sampledPattern(db));
        pages.put("deploy-requests", "/deploy-requests?state=deployed");
        pages.put("deploy-request", "/databases/" + db + "/deploy-requests/1");
        pages.put("jobs", "/jobs");
        pages.put("audit-log", "/audit");
        pages.put("admin-users", "/admin/users");
        pages.put("admin-tokens", "/admin/tokens");
        pages.put("admin-webhooks", "/admin/webhooks");
        pages.put("admin-webhook", "/admin/webhooks/" + JsonPath.read(bodyOf(asAdmin(post("/api/v1/webhooks"), "{\"url\": \"http://127.0.0.1:9/hook\", \"events\": [\"*\"], \"description\": \"CI\", \"enabled\": false}")), "$.id"));
        pages.put("event-catalogue", "/events");
        pages.put("notifications", "/notifications");
        pages.put("build", "/builds/" + JsonPath.read(build, "$.id"));
        // the integrations page with its table (an empty page hides it)
        var admin = org.springframework.security.core.context.SecurityContextHolder.createEmptyContext();
        admin.setAuthentication(org.springframework.security.authentication.UsernamePasswordAuthenticationToken
                .authenticated("admin", null, List.of(new org.springframework.security.core.authority.SimpleGrantedAuthority("ROLE_ADMIN"))));
        org.springframework.security.core.context.SecurityContextHolder.setContext(admin);
        try {
            integrations.create(dev.loopline.pipeline.CiKind.GITHUB, "pages-" + db);
        }
        finally {
            org.springframework.security.core.context.SecurityContextHolder.clearContext();
        }
        pages.put("admin-integrations", "/admin/integrations");
        String env = "staging-" + db;
        asAdmin(post("/api/v1/environments"), "{\"name\": \"" + env + "\", \"tier\": \"staging\", \"strategy\": \"blue_green\", "
                + "\"database_branch\": \"" + db + "/main\"}").andExpect(status().isCreated());
        long live = ((Number) com.jayway.jsonpath.JsonPath.read(bodyOf(asAdmin(post("/api/v1/deployments"), "{\"environment\": \""
                + env + "\", \"version\": \"1.4.0\", \"commit_sha\": \"4f2a9c1\", \"status\": \"success\", \"iteration_id\": " + id
                + ", \"deploy_requests\": [{\"database\": \"" + db + "\", \"number\": 1}]}")), "$.id")).longValue();
        asAdmin(post("/api/v1/deployments/" + live + "/promote"), null);
        asAdmin(post("/api/v1/deployments"), "{\"environment\": \"" + env + "\", \"version\": \"1.5.0\", \"status\": \"success\"}");
        asAdmin(post("/api/v1/environments/" + env + "/freezes"), "{\"kind\": \"recurring\", \"cron\": \"0 18 * * 5\", "
                + "\"duration_minutes\": 3840, \"time_zone\": \"Europe/Berlin\", \"reason\": \"Weekend\"}");
        pages.put("environments", "/environments");
        pages.put("environment", "/environments/" + env);
        pages.put("deployment", "/deployments/" + live);
        pages.put("freeze-calendar", "/environments/freezes");
        pages.put("dora", "/metrics/dora?environment=" + env);
    }

    private void atWidth(int width) {
        driver.manage().window().setSize(new Dimension(width, 1000));
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    @Test
    void everyPageFitsEveryWidthReadsInWordsAndPassesAxe() throws IOException {
        LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        List<String> problems = new ArrayList<>();
        try {
            for (int width : WIDTHS) {
                atWidth(width);
                for (var page : pages.entrySet()) {
                    driver.get(baseUrl() + page.getValue());
                    check(page.getKey(), width, problems);
                }
            }
            driver.manage().deleteAllCookies();
            for (int width : WIDTHS) {
                atWidth(width);
                driver.get(baseUrl() + "/login");
                check("login", width, problems);
            }
        }
        finally {
            atWidth(1400);
        }
        assertThat(problems).isEmpty();
    }

    /** Tables with too many columns for a phone: each row reads as a block, a line per cell. */
    @Test
    void atThreeHundredSeventyFivePixelsWideTablesReadAsBlocksNotSqueezedColumns() {
        LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        try {
            atWidth(375);
            for (String path : List.of(pages.get("jobs"), pages.get("audit-log"), pages.get("deploy-requests"),
                    pages.get("backups"))) {
                driver.get(baseUrl() + path);
                @SuppressWarnings("unchecked")
                List<Number> widths = (List<Number>) js("return [...document.querySelectorAll('main table tbody td')]"
                        + ".filter(td => td.offsetParent !== null).map(td => td.getBoundingClientRect().width);");
                assertThat(widths).as(path).isNotEmpty();
                assertThat(widths.stream().mapToDouble(Number::doubleValue).min().orElseThrow())
                        .as(path + ": the narrowest cell spans the card").isGreaterThan(300);
                assertThat(((Number) js("return document.documentElement.scrollWidth;")).intValue()).as(path)
                        .isLessThanOrEqualTo(375);
                assertThat(js("return [...document.querySelectorAll('main table tbody td')].filter(td => "
                        + "td.offsetParent !== null && td.scrollWidth > td.clientWidth + 1).map(td => td.textContent.trim());"))
                        .as(path + ": cells whose content sticks out").asList().isEmpty();
                Browser.screenshot(driver, "narrow" + path.replaceAll("[^a-z]+", "-"));
            }
        }
        finally {
            atWidth(1400);
        }
    }

    @Test
    void atEightHundredPixelsTheMenuOpensAndLeadsToEveryPage() {
        LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        try {
            atWidth(800);
            driver.get(baseUrl() + "/");
            var link = driver.findElement(By.cssSelector("#main-nav a[href$='/deploy-requests']"));
            assertThat(link.isDisplayed()).isFalse();
            driver.findElement(By.cssSelector("[data-testid='nav-toggle']")).click();
            new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(10))
                    .until(d -> link.isDisplayed());
            link.click();
            new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(10))
                    .until(d -> d.getCurrentUrl().endsWith("/deploy-requests"));
            assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Deploy requests");
        }
        finally {
            atWidth(1400);
        }
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    /** A query pattern of main as the sampler records one (a long one: it must wrap on a phone); its id. */
    private long sampledPattern(String db) {
        String sql = "SELECT id, parcel_id, seen_at FROM tracking_events WHERE parcel_id = 42 AND seen_at > "
                + "TIMESTAMP '2026-11-30 08:00:00+00' ORDER BY seen_at DESC";
        String pattern = "SELECT ID, PARCEL_ID, SEEN_AT FROM TRACKING_EVENTS WHERE PARCEL_ID = ? AND SEEN_AT > ? ORDER BY SEEN_AT DESC";
        var now = java.sql.Timestamp.from(java.time.Instant.now());
        jdbc.sql("INSERT INTO insight_pattern (database_name, branch_name, fingerprint, pattern, sample_sql, tables_touched, "
                + "first_seen, last_seen) VALUES (?, 'main', 'pages', ?, ?, 'TRACKING_EVENTS', ?, ?)")
                .params(db, pattern, sql, now, now).update();
        long id = jdbc.sql("SELECT id FROM insight_pattern WHERE database_name = ? AND fingerprint = 'pages'").params(db)
                .query(Long.class).single();
        jdbc.sql("INSERT INTO insight_sample (pattern_id, sampled_at, executions, total_nanos, max_nanos, rows_count) "
                + "VALUES (?, ?, 12, 36000000, 9000000, 30)").params(id, now).update();
        return id;
    }

    private void check(String name, int width, List<String> problems) throws IOException {
        String where = name + " at " + width + " px";
        long overflow = ((Number) js("return document.documentElement.scrollWidth - document.documentElement.clientWidth;"))
                .longValue();
        if (overflow > 0) {
            problems.add(where + " scrolls sideways by " + overflow + " px: " + js("""
                    var w = document.documentElement.clientWidth, out = [];
                    document.querySelectorAll('body *').forEach(function (e) {
                      var r = e.getBoundingClientRect();
                      if (r.right > w + 1 && out.length < 3) { out.push(e.tagName + '.' + e.className); }
                    });
                    return out.join(', ');"""));
        }
        if (!name.equals("login")) {
            boolean toggle = driver.findElement(By.cssSelector("[data-testid='nav-toggle']")).isDisplayed();
            if (toggle != width < 1200) {
                problems.add(where + ": the navigation " + (toggle ? "collapses" : "does not collapse"));
            }
        }
        String text = (String) js("""
                var body = document.body.cloneNode(true);
                body.querySelectorAll('.mono, pre, code, textarea, input, select, script, style, .diff-lines, .ll-free-text, [hidden]')
                    .forEach(function (e) { e.remove(); });
                return body.innerText;""");
        Matcher raw = RAW.matcher(text);
        while (raw.find()) {
            problems.add(where + " shows a raw code or time: '" + raw.group() + "'");
        }
        if (width == 1400) {
            problems.addAll(axe(where));
        }
        screenshot(name, width);
    }

    @SuppressWarnings("unchecked")
    private List<String> axe(String where) throws IOException {
        js(axeSource());
        Object result = ((JavascriptExecutor) driver).executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']}).then(function (r) {
                  done(r.violations.filter(function (v) { return v.impact === 'serious' || v.impact === 'critical'; })
                    .map(function (v) {
                      return v.impact + ' ' + v.id + ': ' + v.help + ' — ' + v.nodes.slice(0, 3).map(function (n) {
                        return n.target.join(' '); }).join(' | ');
                    }));
                }, function (e) { done(['axe failed: ' + e]); });""");
        return ((List<Object>) result).stream().map(v -> where + ": " + v).toList();
    }

    private static String axeSourceCache;

    private static String axeSource() throws IOException {
        if (axeSourceCache == null) {
            try (InputStream in = AllPagesBrowserTests.class.getResourceAsStream("/axe/axe.min.js")) {
                axeSourceCache = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        return axeSourceCache;
    }

    private void screenshot(String name, int width) throws IOException {
        Path dir = Path.of(System.getProperty("loopline.screenshots", "target/screenshots/pages"));
        Files.createDirectories(dir);
        Path png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, dir.resolve(name + "-" + width + ".png"), StandardCopyOption.REPLACE_EXISTING);
        if (width == 1400) {
            Files.copy(png, dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
