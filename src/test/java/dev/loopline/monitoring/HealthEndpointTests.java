package dev.loopline.monitoring;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;

import dev.loopline.support.AbstractIntegrationTest;

/** {@code /actuator/health}: open to anyone as a status, with the metadata database and the H2 TCP server for admins. */
class HealthEndpointTests extends AbstractIntegrationTest {

    @Test
    void anyoneSeesTheStatusOnly() throws Exception {
        mvc.perform(get("/actuator/health")).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP")).andExpect(jsonPath("$.components").doesNotExist());
        mvc.perform(get("/actuator/health").header("Authorization", bearer(tokenWithRoles("metrics"))))
                .andExpect(status().isOk()).andExpect(jsonPath("$.components").doesNotExist());
        mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"));
    }

    @Test
    void adminsSeeTheMetadataDatabaseAndTheBranchServer() throws Exception {
        mvc.perform(get("/actuator/health").header("Authorization", bearer(adminToken()))).andExpect(status().isOk())
                .andExpect(jsonPath("$.components.db.status").value("UP"))
                .andExpect(jsonPath("$.components.db.details.database").value("H2"))
                .andExpect(jsonPath("$.components.h2TcpServer.status").value("UP"))
                .andExpect(jsonPath("$.components.h2TcpServer.details.port").isNumber())
                .andExpect(jsonPath("$.components.h2TcpServer.details.listening_on").value("this host only"));
    }
}
