package dev.loopline.iteration;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.TimeZone;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.support.AbstractIntegrationTest;

/**
 * Iteration dates are calendar dates: they come back exactly as given, through the API and the burndown, whatever
 * the server's default time zone (here switched to zones 25 hours apart, across a daylight-saving change).
 */
class TimeZoneRoundTripTests extends AbstractIntegrationTest {

    @ParameterizedTest
    @ValueSource(strings = { "Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/Berlin" })
    void datesRoundTripWhateverTheServersZone(String zone) throws Exception {
        TimeZone before = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone(zone));
        try {
            String json = bodyOf(asAdmin(post("/api/v1/iterations"),
                    "{\"name\": \"Zone " + zone + "\", \"starts_on\": \"2027-03-26\", \"ends_on\": \"2027-04-08\"}")
                    .andExpect(status().isCreated()).andExpect(jsonPath("$.starts_on").value("2027-03-26"))
                    .andExpect(jsonPath("$.ends_on").value("2027-04-08")));
            long id = ((Number) JsonPath.read(json, "$.id")).longValue();
            asAdmin(get("/api/v1/iterations/" + id), null).andExpect(jsonPath("$.starts_on").value("2027-03-26"))
                    .andExpect(jsonPath("$.ends_on").value("2027-04-08"));
            asAdmin(patch("/api/v1/iterations/" + id), "{\"ends_on\": \"2027-03-28\"}")
                    .andExpect(jsonPath("$.ends_on").value("2027-03-28"));
            asAdmin(get("/api/v1/iterations/" + id + "/burndown"), null)
                    .andExpect(jsonPath("$.ideal.length()").value(3))
                    .andExpect(jsonPath("$.ideal[0].date").value("2027-03-26"))
                    .andExpect(jsonPath("$.ideal[2].date").value("2027-03-28"));
            mvc.perform(get("/iterations/" + id).with(org.springframework.security.test.web.servlet.request
                    .SecurityMockMvcRequestPostProcessors.user("admin").roles("ADMIN")))
                    .andExpect(status().isOk())
                    .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                            .string(org.hamcrest.Matchers.containsString("26 Mar 2027")));
        }
        finally {
            TimeZone.setDefault(before);
        }
    }
}
