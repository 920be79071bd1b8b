package dev.loopline.insights;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.loopline.insights.QueryShape.Filter;

class QueryShapeTests {

    private static String pattern(String sql) {
        return QueryShape.of(sql).pattern();
    }

    @Test
    void numbersOfOneShapeAreOnePattern() {
        assertThat(pattern("SELECT * FROM orders WHERE id = 5")).isEqualTo("SELECT * FROM ORDERS WHERE ID = ?");
        assertThat(pattern("select *  from ORDERS\n where ID=7")).isEqualTo(pattern("SELECT * FROM orders WHERE id = 5"));
        assertThat(pattern("SELECT * FROM t WHERE a = -1.5e3 AND b > 0x1F AND c < .5"))
                .isEqualTo("SELECT * FROM T WHERE A = ? AND B > ? AND C < ?");
    }

    @Test
    void subtractionIsKeptButASignedLiteralIsOneValue() {
        assertThat(pattern("SELECT a - 1 FROM t WHERE b = -2")).isEqualTo("SELECT A - ? FROM T WHERE B = ?");
        assertThat(pattern("SELECT (a) - 1, -3 FROM t")).isEqualTo("SELECT (A) - ?, ? FROM T");
    }

    @Test
    void stringsWithQuotesInsideAreOneValue() {
        assertThat(pattern("SELECT * FROM t WHERE name = 'O''Brien' AND note = 'it''s ''quoted'''"))
                .isEqualTo("SELECT * FROM T WHERE NAME = ? AND NOTE = ?");
        assertThat(pattern("SELECT * FROM t WHERE name = 'a -- not a comment' AND x = N'y' AND z = X'0A'"))
                .isEqualTo("SELECT * FROM T WHERE NAME = ? AND X = ? AND Z = ?");
        assertThat(pattern("SELECT * FROM t WHERE d = DATE '2026-01-01'")).isEqualTo("SELECT * FROM T WHERE D = DATE ?");
    }

    @Test
    void inListsOfAnyLengthCollapse() {
        assertThat(pattern("SELECT * FROM t WHERE id IN (1, 2, 3)")).isEqualTo("SELECT * FROM T WHERE ID IN (?)");
        assertThat(pattern("SELECT * FROM t WHERE id in (4)")).isEqualTo("SELECT * FROM T WHERE ID IN (?)");
        assertThat(pattern("SELECT * FROM t WHERE s IN ('a', 'b''c')")).isEqualTo("SELECT * FROM T WHERE S IN (?)");
        assertThat(pattern("SELECT * FROM t WHERE id IN (?, ?)")).isEqualTo("SELECT * FROM T WHERE ID IN (?)");
        // a subquery is not a list of values
        assertThat(pattern("SELECT * FROM t WHERE id IN (SELECT a FROM u WHERE b = 1)"))
                .isEqualTo("SELECT * FROM T WHERE ID IN (SELECT A FROM U WHERE B = ?)");
    }

    @Test
    void multiRowValuesKeepOneRow() {
        assertThat(pattern("INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y'), (3, 'z')"))
                .isEqualTo("INSERT INTO T(A, B) VALUES (?, ?)");
        assertThat(pattern("insert into T(a,b) values (1,'x')")).isEqualTo("INSERT INTO T(A, B) VALUES (?, ?)");
    }

    @Test
    void commentsWhitespaceAndKeywordCaseDoNotMatter() {
        assertThat(pattern("select /* hint */ count(*)\n\tfrom t -- trailing\n where a=1;"))
                .isEqualTo("SELECT COUNT(*) FROM T WHERE A = ?");
    }

    @Test
    void quotedIdentifiersAndPlaceholdersAreKept() {
        assertThat(pattern("SELECT \"Mixed\" FROM \"My Table\" WHERE \"Mixed\" = ?1"))
                .isEqualTo("SELECT \"Mixed\" FROM \"My Table\" WHERE \"Mixed\" = ?");
        assertThat(pattern("SELECT \"a\"\"b\" FROM t")).isEqualTo("SELECT \"a\"\"b\" FROM T");
    }

    @Test
    void namesTheTablesTouched() {
        assertThat(QueryShape.of("SELECT * FROM public.orders o, \"Items\" AS i JOIN customers c ON c.id = o.customer_id")
                .tables()).containsExactly("ORDERS", "Items", "CUSTOMERS");
        assertThat(QueryShape.of("UPDATE webhooks SET url = 'x' WHERE id = 1").tables()).containsExactly("WEBHOOKS");
        assertThat(QueryShape.of("INSERT INTO logs (a) VALUES (1)").tables()).containsExactly("LOGS");
        assertThat(QueryShape.of("DELETE FROM logs WHERE at < 5").tables()).containsExactly("LOGS");
    }

    @Test
    void findsTheFilteredColumnsEqualityFirst() {
        assertThat(QueryShape.of("SELECT * FROM t WHERE created_at > 5 AND t.owner = 'x' AND 3 = kind AND id IN (1,2)")
                .filters()).containsExactly(new Filter("T", "OWNER", true), new Filter("KIND", true), new Filter("ID", true),
                        new Filter("CREATED_AT", false));
        assertThat(QueryShape.of("UPDATE t SET a = 1 WHERE b = 2").filters()).isEqualTo(List.of(new Filter("B", true)));
    }

    @Test
    void aQualifiedFilterBelongsToTheTableItsAliasNames() {
        QueryShape shape = QueryShape.of("SELECT c.email FROM customers c JOIN orders AS o ON o.customer_id = c.id "
                + "WHERE o.status = 'open' AND c.kind = 3 AND total > 5 AND orders.region = 'eu'");
        assertThat(shape.filters()).containsExactly(new Filter("ORDERS", "STATUS", true),
                new Filter("CUSTOMERS", "KIND", true), new Filter("ORDERS", "REGION", true), new Filter("TOTAL", false));
    }

    @Test
    void recommendsAnIndexOnlyOnColumnsOfTheScannedTable() {
        var customers = new dev.loopline.schema.SchemaSnapshot.Table("CUSTOMERS", List.of(
                new dev.loopline.schema.SchemaSnapshot.Column("ID", "INTEGER", false, null),
                new dev.loopline.schema.SchemaSnapshot.Column("EMAIL", "CHARACTER VARYING(200)", true, null),
                new dev.loopline.schema.SchemaSnapshot.Column("STATUS", "CHARACTER VARYING(10)", true, null)),
                List.of("ID"), List.of(), List.of());
        // the join reads CUSTOMERS whole, but the filter is on ORDERS.STATUS: an index on CUSTOMERS (STATUS) serves nothing
        assertThat(Recommendations.indexColumns(QueryShape.of("SELECT C.EMAIL FROM CUSTOMERS C JOIN ORDERS O "
                + "ON O.CUSTOMER_ID = C.ID WHERE O.STATUS = 'open'"), customers)).isEmpty();
        assertThat(Recommendations.indexColumns(QueryShape.of("SELECT C.EMAIL FROM CUSTOMERS C JOIN ORDERS O "
                + "ON O.CUSTOMER_ID = C.ID WHERE C.STATUS = 'vip' AND O.STATUS = 'open'"), customers))
                .containsExactly("STATUS");
        assertThat(Recommendations.indexColumns(QueryShape.of("SELECT id FROM customers WHERE status = 'vip'"), customers))
                .containsExactly("STATUS");
    }

    @Test
    void neverFailsOnBrokenText() {
        for (String sql : new String[] {"", "'unterminated", "\"unterminated", "/* open", "SELECT $$ body", "IN (",
                "VALUES (1), (", "-", "?", "0x", "1e", "SELECT 1e+"}) {
            assertThat(QueryShape.of(sql).pattern()).isNotNull();
        }
    }
}
