package dev.loopline.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;

import dev.loopline.support.AbstractIntegrationTest;
import dev.loopline.support.IntegrationTest;

/** The audit log reads as a person would say it: where from, which object (a link), who tried to sign in. */
class AuditPresentationTests extends AbstractIntegrationTest {

    @Autowired
    AuditLog auditLog;

    private Document auditPage(String query) throws Exception {
        MockHttpSession session = (MockHttpSession) mvc.perform(formLogin("/login").user("admin")
                .password(IntegrationTest.ADMIN_PASSWORD)).andReturn().getRequest().getSession();
        return Jsoup.parse(mvc.perform(get("/audit" + query).session(session)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
    }

    private Element rowAbout(Document page, String text) {
        return page.select("[data-testid='audit-table'] tbody tr").stream()
                .filter(row -> row.text().contains(text)).findFirst().orElseThrow();
    }

    @Test
    void showsTheLoopbackAddressAsThisMachineAndIgnoresAForwardedForHeaderWithoutAConfiguredProxy() throws Exception {
        String db = "from-" + UUID.randomUUID().toString().substring(0, 6);
        mvc.perform(post("/api/v1/databases").header("Authorization", bearer(adminToken()))
                .header("X-Forwarded-For", "203.0.113.9").contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": \"" + db + "\"}").with(request -> {
                    request.setRemoteAddr("0:0:0:0:0:0:0:1");
                    return request;
                })).andExpect(status().isCreated());

        assertThat(auditLog.forTarget("database", db)).first().extracting(AuditEntry::getRemoteAddress)
                .isEqualTo("0:0:0:0:0:0:0:1");
        Element row = rowAbout(auditPage("?action=database.created"), "Created database " + db);
        assertThat(row.selectFirst("[data-testid='audit-from']").text()).isEqualTo("this machine (localhost)");
        assertThat(row.text()).doesNotContain("203.0.113.9").doesNotContain("0:0:0:0");
        Element object = row.selectFirst("[data-testid='audit-object'] a");
        assertThat(object).isNotNull();
        assertThat(object.attr("href")).isEqualTo("/databases/" + db);
        assertThat(object.text()).isEqualTo("Database " + db);
        assertThat(row.text()).contains("Database created").doesNotContain("database.created");
    }

    @Test
    void linksDeployRequestsAndBranchesToTheirPages() throws Exception {
        String db = "links-" + UUID.randomUUID().toString().substring(0, 6);
        asAdmin(post("/api/v1/databases"), "{\"name\": \"" + db + "\"}").andExpect(status().isCreated());
        asAdmin(post("/api/v1/databases/" + db + "/branches"), "{\"name\": \"feature\"}").andExpect(status().isCreated());
        sqlAsAdmin(db, "feature", "CREATE TABLE parcels (id BIGINT PRIMARY KEY)");
        asAdmin(post("/api/v1/databases/" + db + "/deploy-requests"), "{\"branch\": \"feature\"}")
                .andExpect(status().isCreated());

        Document page = auditPage("");
        assertThat(rowAbout(page, "Created branch feature").selectFirst("[data-testid='audit-object'] a").attr("href"))
                .isEqualTo("/databases/" + db + "/branches/feature");
        Element request = page.select("[data-testid='audit-object'] a").stream()
                .filter(a -> a.attr("href").equals("/databases/" + db + "/deploy-requests/1")).findFirst().orElseThrow();
        assertThat(request.text()).isEqualTo("Deploy request " + db + " #1");
    }

    @Test
    void aFailedSignInIsRecordedAgainstTheAccountItTriedNotAsThatAccountsAction() throws Exception {
        String name = "victim-" + UUID.randomUUID().toString().substring(0, 6);
        mvc.perform(formLogin("/login").user(name).password("wrong-password"));

        AuditEntry failed = auditLog.forTarget("user", name).stream()
                .filter(e -> e.getAction().equals("user.login_failed")).findFirst().orElseThrow();
        assertThat(failed.getActorName()).isEqualTo("unknown visitor");
        assertThat(auditLog.actors()).doesNotContain(name);
        Element row = rowAbout(auditPage("?action=user.login_failed"), "Sign-in as '" + name + "' failed");
        assertThat(row.text()).contains("unknown visitor").contains("Sign-in failed").contains("User " + name);
    }
}
