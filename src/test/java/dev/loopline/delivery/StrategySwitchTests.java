package dev.loopline.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders;


import dev.loopline.support.AbstractIntegrationTest;
import dev.loopline.support.IntegrationTest;

/**
 * An environment's deployment strategy cannot change under a running deployment (it would lose its slot, or succeed
 * and never go live): {@code 409 deployment_running}, and the page's control is disabled with the reason.
 */
class StrategySwitchTests extends AbstractIntegrationTest {

    private String environment(String strategy) throws Exception {
        String name = "stg-" + UUID.randomUUID().toString().substring(0, 6);
        createEnvironment(name, "staging", strategy);
        return name;
    }

    private MockHttpSession admin() throws Exception {
        return (MockHttpSession) mvc.perform(SecurityMockMvcRequestBuilders.formLogin("/login").user("admin")
                .password(IntegrationTest.ADMIN_PASSWORD)).andReturn().getRequest().getSession();
    }

    private Document page(String env, MockHttpSession session) throws Exception {
        return Jsoup.parse(mvc.perform(get("/environments/" + env).session(session)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
    }

    @Test
    void aRollingDeploymentRunningRefusesTheSwitchToBlueGreenAndGoesLiveWhenItSucceeds() throws Exception {
        String env = environment("rolling");
        long running = recordDeployment(env, "2.0", "in_progress");

        asAdmin(patch("/api/v1/environments/" + env), "{\"strategy\": \"blue_green\"}").andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("deployment_running"))
                .andExpect(jsonPath("$.message").value(org.hamcrest.Matchers.containsString("Deployment " + running)));
        // what does not touch the strategy still changes
        asAdmin(patch("/api/v1/environments/" + env), "{\"tier\": \"testing\", \"strategy\": \"rolling\"}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.tier").value("testing"));

        asAdmin(patch("/api/v1/deployments/" + running), "{\"status\": \"success\"}").andExpect(status().isOk())
                .andExpect(jsonPath("$.live").value(true));
        asAdmin(get("/api/v1/environments/" + env), null).andExpect(jsonPath("$.strategy").value("rolling"))
                .andExpect(jsonPath("$.live.version").value("2.0"));
        asAdmin(patch("/api/v1/environments/" + env), "{\"strategy\": \"blue_green\"}").andExpect(status().isOk())
                .andExpect(jsonPath("$.strategy").value("blue_green")).andExpect(jsonPath("$.live_slot").value("blue"))
                .andExpect(jsonPath("$.slots.blue.version").value("2.0"));
    }

    @Test
    void aBlueGreenDeploymentRunningKeepsItsSlotAndCanBePromotedOnceItSucceeds() throws Exception {
        String env = environment("blue_green");
        long running = recordDeployment(env, "3.0", "in_progress");

        asAdmin(patch("/api/v1/environments/" + env), "{\"strategy\": \"rolling\"}").andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("deployment_running"));
        asAdmin(get("/api/v1/environments/" + env), null).andExpect(jsonPath("$.strategy").value("blue_green"))
                .andExpect(jsonPath("$.slots.blue.deployment_id").value(running));

        asAdmin(patch("/api/v1/deployments/" + running), "{\"status\": \"success\"}").andExpect(status().isOk());
        asAdmin(post("/api/v1/deployments/" + running + "/promote"), null).andExpect(status().isOk())
                .andExpect(jsonPath("$.live").value(true));
    }

    @Test
    void theEnvironmentPageDisablesTheStrategyControlWithTheReasonWhileADeploymentRuns() throws Exception {
        String env = environment("rolling");
        MockHttpSession session = admin();
        assertThat(page(env, session).select("[data-testid=strategy-form] select[name=strategy]").hasAttr("disabled"))
                .isFalse();

        long running = recordDeployment(env, "4.0", "in_progress");
        Document busy = page(env, session);
        assertThat(busy.select("[data-testid=strategy-form] select[name=strategy]").hasAttr("disabled")).isTrue();
        assertThat(busy.select("[data-testid=strategy-form] button[type=submit]").hasAttr("disabled")).isTrue();
        assertThat(busy.select("[data-testid=strategy-locked]").text()).contains("Deployment " + running)
                .contains("4.0").contains("running");

        // a form sent anyway (an old tab) is refused with the reason, and nothing changes
        String location = mvc.perform(post("/environments/" + env + "/strategy").param("strategy", "blue_green")
                .session(session).with(org.springframework.security.test.web.servlet.request
                        .SecurityMockMvcRequestPostProcessors.csrf()))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
        assertThat(location).isEqualTo("/environments/" + env);
        assertThat(page(env, session).select("[data-testid=error]").text()).contains("Deployment " + running);
        asAdmin(get("/api/v1/environments/" + env), null).andExpect(jsonPath("$.strategy").value("rolling"));

        asAdmin(patch("/api/v1/deployments/" + running), "{\"status\": \"success\"}").andExpect(status().isOk());
        Document idle = page(env, session);
        assertThat(idle.select("[data-testid=strategy-form] select[name=strategy]").hasAttr("disabled")).isFalse();
        assertThat(idle.select("[data-testid=strategy-locked]")).isEmpty();
        mvc.perform(post("/environments/" + env + "/strategy").param("strategy", "blue_green").session(session)
                .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf()))
                .andExpect(status().is3xxRedirection());
        asAdmin(get("/api/v1/environments/" + env), null).andExpect(jsonPath("$.strategy").value("blue_green"));
    }
}
