package dev.loopline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders;

import dev.loopline.support.AbstractIntegrationTest;
import dev.loopline.support.IntegrationTest;

/**
 * Requests with a wrong secret cannot crowd real deliveries out of the integrations log: repeats of one refusal
 * share an entry (counted, first and last seen), and refusals are kept and shown apart from deliveries.
 */
class CiDeliveryLogTests extends AbstractIntegrationTest {

    static final String WRONG_TOKEN = "The token matches no enabled Jenkins integration.";

    @Autowired
    IntegrationService integrations;

    @Autowired
    JdbcTemplate jdbc;

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private int timesRefused(String reason) {
        return integrations.recentRefusals(100).stream().filter(d -> reason.equals(d.getReason()))
                .mapToInt(CiDelivery::getTimes).findFirst().orElse(0);
    }

    @Test
    void aFloodOfRefusedRequestsLeavesTheAcceptedDeliveriesInTheLogAndOnThePage() throws Exception {
        String token = CiReceiverTests.asAdmin(() -> integrations.create(CiKind.JENKINS, "flood-" + unique()))
                .plainText();
        long iteration = createIteration("Flood " + unique());
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String job = "flooded-" + unique();
            jobs.add(job);
            mvc.perform(post("/api/v1/integrations/jenkins").param("token", token).contentType("application/json")
                    .content(CiReceiverTests.fixture("jenkins-started-old.json",
                            Map.of("job", job, "iteration", String.valueOf(iteration)))))
                    .andExpect(status().isAccepted());
        }
        int before = timesRefused(WRONG_TOKEN);
        long refusedRowsBefore = jdbc.queryForObject(
                "SELECT COUNT(*) FROM ci_delivery WHERE kind = 'JENKINS' AND outcome = 'REFUSED'", Long.class);

        int flood = IntegrationService.DELIVERIES_KEPT + 20;
        for (int i = 0; i < flood; i++) {
            var request = post("/api/v1/integrations/jenkins").contentType("application/json").content("{}")
                    .header("X-Jenkins-Event", "guess-" + i);
            mvc.perform(i % 2 == 0 ? request.param("token", "llci_guess_" + i) : request)
                    .andExpect(status().isUnauthorized());
        }

        assertThat(integrations.recentDeliveries(30)).extracting(CiDelivery::getReason)
                .anySatisfy(reason -> assertThat(reason).contains(jobs.get(0)))
                .anySatisfy(reason -> assertThat(reason).contains(jobs.get(2)));
        assertThat(timesRefused(WRONG_TOKEN)).as("each wrong token counted on one entry").isEqualTo(before + flood / 2);
        assertThat(jdbc.queryForObject(
                "SELECT COUNT(*) FROM ci_delivery WHERE kind = 'JENKINS' AND outcome = 'REFUSED'", Long.class))
                .as("two refusals (no token, wrong token), at most one new row each")
                .isLessThanOrEqualTo(refusedRowsBefore + 2);

        MockHttpSession admin = (MockHttpSession) mvc.perform(SecurityMockMvcRequestBuilders.formLogin("/login")
                .user("admin").password(IntegrationTest.ADMIN_PASSWORD)).andReturn().getRequest().getSession();
        String page = bodyOf(mvc.perform(get("/admin/integrations").session(admin)).andExpect(status().isOk()));
        String deliveries = page.substring(page.indexOf("data-testid=\"deliveries-table\""),
                page.indexOf("data-testid=\"refusals-table\""));
        assertThat(deliveries).contains(jobs.get(0)).contains(jobs.get(1)).contains(jobs.get(2))
                .doesNotContain("refused");
        String refusals = page.substring(page.indexOf("data-testid=\"refusals-table\""));
        assertThat(refusals).contains(WRONG_TOKEN).contains(String.format("%,d times", before + flood / 2));
    }
}
