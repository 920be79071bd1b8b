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

    /** H2's errors quote the value they could not read, or the whole statement; names they quote stay. */
    @Test
    void anEngineErrorLosesTheValuesItQuotesButNotTheNames() {
        assertThat(StatementValues.hideInMessage("Could not explain the statement on shop/main: Data conversion error "
                + "converting \"alice@example.com\"")).isEqualTo("Could not explain the statement on shop/main: Data "
                        + "conversion error converting \"?\"");
        assertThat(StatementValues.hideInMessage("Cannot parse \"DATE\" constant \"2026-12-01 secret\""))
                .isEqualTo("Cannot parse \"DATE\" constant \"?\"");
        assertThat(StatementValues.hideInMessage("Syntax error in SQL statement \"SELECT * FROM T WHERE A = E'It\\\\'s "
                + "secret[*]'\"; SQL statement:\nSELECT * FROM T WHERE A = E'It\\'s secret' [42000-252]"))
                .isEqualTo("Syntax error in SQL statement \"?\"; SQL statement:\nSELECT * FROM T WHERE A = E? [?-?]");
        assertThat(StatementValues.hide("WHERE A = E'It\\'s secret' AND B = e'\\\\' AND C = 'x\\' AND D = 5"))
                .isEqualTo("WHERE A = E? AND B = e? AND C = ? AND D = ?");
        assertThat(StatementValues.hideInMessage("Table \"ORDERS\" not found; Column \"PUBLIC.ORDERS.EMAIL_2\" not found"))
                .isEqualTo("Table \"ORDERS\" not found; Column \"PUBLIC.ORDERS.EMAIL_2\" not found");
        assertThat(StatementValues.hideInMessage("every statement of this shape was longer than 4,000 characters"))
                .isEqualTo("every statement of this shape was longer than 4,000 characters");
        assertThat(StatementValues.hideInMessage(null)).isNull();
    }
}
