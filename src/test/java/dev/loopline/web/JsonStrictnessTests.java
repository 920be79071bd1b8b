package dev.loopline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.support.AbstractIntegrationTest;

/**
 * JSON bodies are read strictly: a number is not taken as text, a fraction is not truncated to a whole number, and
 * text is not taken as a number or a boolean. The answer is {@code 400 malformed_request} naming the field and the
 * type it wants.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JsonStrictnessTests extends AbstractIntegrationTest {

    private static final String DB = "strict";

    private long iterationId;

    @BeforeAll
    void setUp() throws Exception {
        asAdmin(post("/api/v1/databases"), "{\"name\":\"" + DB + "\"}").andExpect(status().isCreated());
        iterationId = createIteration("Strict");
    }

    @Test
    void aNumberIsNotTakenAsText() throws Exception {
        String body = bodyOf(asAdmin(post("/api/v1/iterations/" + iterationId + "/work-items"), "{\"title\": 123}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("malformed_request")));
        assertThat((String) JsonPath.read(body, "$.message")).contains("'title'").contains("string");
    }

    @Test
    void aFractionIsNotTruncatedToAWholeNumber() throws Exception {
        String body = bodyOf(asAdmin(post("/api/v1/databases/" + DB + "/branches"),
                "{\"name\":\"frac\",\"delete_after_minutes\":1.5}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("malformed_request")));
        assertThat((String) JsonPath.read(body, "$.message")).contains("'delete_after_minutes'")
                .contains("whole number");
    }

    @Test
    void textIsNotTakenAsANumberOrABoolean() throws Exception {
        String body = bodyOf(asAdmin(patch("/api/v1/databases/" + DB), "{\"required_approvals\":\"2\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("malformed_request")));
        assertThat((String) JsonPath.read(body, "$.message")).contains("'required_approvals'").contains("whole number");
        body = bodyOf(asAdmin(patch("/api/v1/databases/" + DB), "{\"allow_data_branching\":\"true\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("malformed_request")));
        assertThat((String) JsonPath.read(body, "$.message")).contains("'allow_data_branching'").contains("true or false");
        body = bodyOf(asAdmin(patch("/api/v1/databases/" + DB), "{\"allow_data_branching\":1}")
                .andExpect(status().isBadRequest()));
        assertThat((String) JsonPath.read(body, "$.message")).contains("'allow_data_branching'");
    }

    @Test
    void wellTypedBodiesStillWork() throws Exception {
        asAdmin(post("/api/v1/iterations/" + iterationId + "/work-items"), "{\"title\":\"Fine\",\"points\":3}")
                .andExpect(status().isCreated());
        asAdmin(patch("/api/v1/databases/" + DB), "{\"required_approvals\":2,\"allow_data_branching\":true}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.required_approvals").value(2));
    }
}
