package dev.loopline.engine.h2;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The data check pastes only plain type text into its casts: a branch's schema must not smuggle SQL in as a type. */
class H2DataCheckTypeTests {

    @ParameterizedTest
    @ValueSource(strings = {"INTEGER", "CHARACTER VARYING(40)", "NUMERIC(10, 2)", "TIMESTAMP(9) WITH TIME ZONE",
            "ENUM('small', 'large')", "ENUM('it''s')", "INTEGER ARRAY", "INTEGER ARRAY[10]"})
    void castsToPlainTypes(String type) {
        assertThat(H2DataCheck.isPlainType(type)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"INT); CREATE USER EVIL PASSWORD 'x' ADMIN; --", "ENUM('a'); DROP TABLE T; --')",
            "ENUM('a;b')", "\"PUBLIC\".\"D\"", "INT /* */", "ENUM('unclosed)"})
    void refusesAnythingElse(String type) {
        assertThat(H2DataCheck.isPlainType(type)).isFalse();
    }
}
