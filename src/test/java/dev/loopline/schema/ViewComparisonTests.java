package dev.loopline.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.loopline.schema.SchemaSnapshot.View;

/** Views compare equal up to the order H2 gives their ANDed WHERE conditions, and unequal on any other change. */
class ViewComparisonTests {

    private static final String PRODUCTION = """
            SELECT
                "CU"."CUSTOMER_ID" AS "ID"
            FROM "PUBLIC"."CUSTOMER" "CU"
            INNER JOIN "PUBLIC"."ADDRESS" "A"
                ON 1=1
            WHERE ("CU"."ADDRESS_ID" = "A"."ADDRESS_ID")
                AND ("A"."CITY_ID" IN(
                SELECT
                    "ID"
                FROM "PUBLIC"."CITY"
                WHERE ("ID" > 1)
                    AND ("NAME" <> 'x) AND (y')))
                AND ("A"."PHONE" IS NOT NULL)""";

    /** The same query as a copied branch prints it: the conditions (also the subquery's) in another order. */
    private static final String COPY = """
            SELECT
                "CU"."CUSTOMER_ID" AS "ID"
            FROM "PUBLIC"."CUSTOMER" "CU"
            INNER JOIN "PUBLIC"."ADDRESS" "A"
                ON 1=1
            WHERE ("A"."PHONE" IS NOT NULL)
                AND ("CU"."ADDRESS_ID" = "A"."ADDRESS_ID")
                AND ("A"."CITY_ID" IN(
                SELECT
                    "ID"
                FROM "PUBLIC"."CITY"
                WHERE ("NAME" <> 'x) AND (y')
                    AND ("ID" > 1)))""";

    private static View view(String query) {
        return new View(null, "CUSTOMER_LIST", List.of("ID"), query);
    }

    @Test
    void theSameConditionsInAnotherOrderAreTheSameView() {
        assertThat(view(COPY)).isEqualTo(view(PRODUCTION)).hasSameHashCodeAs(view(PRODUCTION));
        assertThat(SchemaDiff.between(new SchemaSnapshot(List.of(), List.of(view(PRODUCTION)), null, null, null, null),
                new SchemaSnapshot(List.of(), List.of(view(COPY)), null, null, null, null)).isEmpty()).isTrue();
    }

    @Test
    void anyOtherChangeIsAnotherView() {
        assertThat(view(COPY.replace("\"ID\" > 1", "\"ID\" > 2"))).isNotEqualTo(view(PRODUCTION));
        assertThat(view(COPY.replace("'x) AND (y'", "'y) AND (x'"))).isNotEqualTo(view(PRODUCTION));
        assertThat(view(COPY.replace("(\"A\".\"PHONE\" IS NOT NULL)\n    AND ", ""))).isNotEqualTo(view(PRODUCTION));
        assertThat(view(PRODUCTION.replace("WHERE (\"CU\".\"ADDRESS_ID\" = \"A\".\"ADDRESS_ID\")\n    AND",
                "WHERE (\"CU\".\"ADDRESS_ID\" = \"A\".\"ADDRESS_ID\")\n    OR"))).isNotEqualTo(view(PRODUCTION));
        SchemaDiff diff = SchemaDiff.between(new SchemaSnapshot(List.of(), List.of(view(PRODUCTION)), null, null, null, null),
                new SchemaSnapshot(List.of(), List.of(view(COPY.replace("\"ID\" > 1", "\"ID\" > 2"))), null, null, null, null));
        assertThat(diff.objects()).singleElement().satisfies(c -> assertThat(c.descriptions())
                .containsExactly("~ view CUSTOMER_LIST redefined"));
    }
}
