package dev.loopline.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The one application context most tests share: the whole app on a random port with a fresh data directory,
 * MockMvc, and the test gate. Keeping to one shape keeps Spring's context cache to one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@ActiveProfiles("test")
@Import(TestGates.class)
public @interface IntegrationTest {

    String ADMIN_PASSWORD = "admin-password-123";
    String BOOTSTRAP_TOKEN = "llt_test_bootstrap_token_0123456789";
}
