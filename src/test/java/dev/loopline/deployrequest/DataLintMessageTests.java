package dev.loopline.deployrequest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.loopline.engine.DataCheck;
import dev.loopline.engine.DataCheck.Kind;
import dev.loopline.schema.LintFinding;

/** Data lint speaks the user's names exactly and says what to do. */
class DataLintMessageTests {

    @Test
    void namesTablesAndColumnsAsTheUserWroteThem() {
        LintFinding finding = DataLint.lint(new DataCheck.Finding(Kind.DUPLICATE_VALUES, "order", List.of("select",
                "CITY"), 2, List.of("(a, b) (2 rows)"), null), "main");
        assertThat(finding.severity()).isEqualTo(LintFinding.Severity.ERROR);
        assertThat(finding.code()).isEqualTo("duplicate_values");
        assertThat(finding.table()).isEqualTo("order");
        assertThat(finding.message()).contains("\"order\" (\"select\", CITY)").contains("2 group(s)")
                .contains("(a, b) (2 rows)").contains("Remove the duplicates on main");
    }

    @Test
    void aPartialCheckIsAWarningAndAnUnknownCountIsSaidAsSome() {
        assertThat(DataLint.lint(new DataCheck.Finding(Kind.NOT_FULLY_CHECKED, "T", List.of(), -1, List.of(),
                "T has 10 rows: only its first 5 were checked."), "main").severity()).isEqualTo(LintFinding.Severity.WARNING);
        assertThat(DataLint.lint(new DataCheck.Finding(Kind.VALUES_DO_NOT_FIT, "T", List.of("D"), -1,
                List.of("Cannot parse DATE"), "DATE"), "main").message()).startsWith("Some values of T.D on main");
    }
}
