package dev.loopline.insights;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatementValuesTests {

    @Test
    void valuesGoNamesAndCommentsStay() {
        assertThat(StatementValues.hide("SELECT \"URL\"\nFROM \"PUBLIC\".\"WEBHOOKS\"\n    /* PUBLIC.PRIMARY_KEY_8: ID = 5 */\n"
                + "WHERE \"ID\" = 5 AND \"KIND\" = 'it''s' AND T2.X > -1.5e-3 AND B = X'0aff' AND H = 0x1F"))
                .isEqualTo("SELECT \"URL\"\nFROM \"PUBLIC\".\"WEBHOOKS\"\n    /* PUBLIC.PRIMARY_KEY_8: ID = ? */\n"
                        + "WHERE \"ID\" = ? AND \"KIND\" = ? AND T2.X > -? AND B = X? AND H = ?");
    }

    @Test
    void quotedNamesWithDigitsOrQuotesAndDollarBodiesAreHandled() {
        assertThat(StatementValues.hide("SELECT \"col 1\", \"a\"\"b\" FROM T9 WHERE D = DATE '2026-12-01' AND F = $$x 'y'$$"))
                .isEqualTo("SELECT \"col 1\", \"a\"\"b\" FROM T9 WHERE D = DATE ? AND F = ?");
        assertThat(StatementValues.hide("WHERE EMAIL = 'alice@example.com")).isEqualTo("WHERE EMAIL = ?");
        assertThat(StatementValues.hide(null)).isNull();
        assertThat(StatementValues.hide("")).isEmpty();
    }
}
