package dev.loopline.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.browser.pages.EnvironmentsPage;
import dev.loopline.browser.pages.LoginPage;
import dev.loopline.support.IntegrationTest;

/** What an operator sees and does on the environments page: what runs where, promote, roll back, the freeze banner. */
class DeliveryBrowserTests extends AbstractBrowserTest {

    private long deploy(String env, String version) throws Exception {
        return ((Number) JsonPath.read(bodyOf(asAdmin(post("/api/v1/deployments"), "{\"environment\": \"" + env
                + "\", \"version\": \"" + version + "\", \"status\": \"success\"}").andExpect(status().isCreated())), "$.id"))
                .longValue();
    }

    @Test
    void anOperatorPromotesTheIdleSlotAndRollsBack() throws Exception {
        String env = "shop-" + UUID.randomUUID().toString().substring(0, 6);
        asAdmin(post("/api/v1/environments"), "{\"name\": \"" + env + "\", \"tier\": \"staging\", \"strategy\": \"blue_green\"}")
                .andExpect(status().isCreated());
        asAdmin(post("/api/v1/deployments/" + deploy(env, "1.0.0") + "/promote"), null).andExpect(status().isOk());
        deploy(env, "1.1.0");
        String user = "ops-" + UUID.randomUUID().toString().substring(0, 6);
        createUser(user, "operator-password-1", "OPERATOR");
        driver.manage().deleteAllCookies();
        LoginPage.open(driver, baseUrl()).signInAs(user, "operator-password-1");

        EnvironmentsPage page = EnvironmentsPage.open(driver, baseUrl());
        assertThat(page.live(env)).contains("1.0.0").contains("in the blue slot").contains("token:bootstrap");
        assertThat(page.slot(env, "green")).contains("1.1.0").contains("idle").contains("success");

        page = page.press(env, "promote");
        assertThat(page.notice()).contains("Promoted 1.1.0");
        assertThat(page.live(env)).contains("1.1.0").contains("in the green slot").contains(user);
        assertThat(page.slot(env, "blue")).contains("1.0.0").contains("idle");

        page = page.press(env, "rollback");
        assertThat(page.notice()).contains("Rolled back to 1.0.0");
        assertThat(page.live(env)).contains("1.0.0").contains("in the blue slot");
        assertThat(page.slot(env, "green")).contains("1.1.0").contains("idle");
    }

    @Test
    void everyPageShowsTheBannerWhileProductionIsFrozen() throws Exception {
        String env = "prod-" + UUID.randomUUID().toString().substring(0, 6);
        asAdmin(post("/api/v1/environments"), "{\"name\": \"" + env + "\", \"tier\": \"production\"}").andExpect(status().isCreated());
        Instant now = Instant.now();
        long first = ((Number) JsonPath.read(bodyOf(asAdmin(post("/api/v1/environments/" + env + "/freezes"), "{\"kind\": \"once\", "
                + "\"starts_at\": \"" + now.minus(5, ChronoUnit.MINUTES) + "\", \"ends_at\": \"" + now.plus(1, ChronoUnit.HOURS)
                + "\", \"reason\": \"Release freeze\"}")), "$.id")).longValue();
        // overlaps the first: one banner until the later end
        long second = ((Number) JsonPath.read(bodyOf(asAdmin(post("/api/v1/environments/" + env + "/freezes"), "{\"kind\": \"once\", "
                + "\"starts_at\": \"" + now.plus(30, ChronoUnit.MINUTES) + "\", \"ends_at\": \"" + now.plus(3, ChronoUnit.HOURS)
                + "\", \"reason\": \"Audit\"}")), "$.id")).longValue();
        try {
            driver.manage().deleteAllCookies();
            LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
            for (String path : new String[] {"/", "/iterations", "/environments"}) {
                driver.get(baseUrl() + path);
                var banners = new EnvironmentsPage(driver, baseUrl()).banners().stream().filter(b -> b.contains(env)).toList();
                assertThat(banners).as(path).singleElement().asString()
                        .contains("Deploy freeze").contains("Release freeze; Audit").contains("in 2 h");
            }
        }
        finally {
            asAdmin(delete("/api/v1/environments/" + env + "/freezes/" + first), null);
            asAdmin(delete("/api/v1/environments/" + env + "/freezes/" + second), null);
        }
        driver.get(baseUrl() + "/");
        assertThat(new EnvironmentsPage(driver, baseUrl()).banners()).noneMatch(b -> b.contains(env));
    }
}
