package dev.loopline.pipeline.junit;

import java.util.Locale;

/** The outcome of one {@code <testcase>} element, as stored in {@code test_results.status}. */
public enum TestStatus {
    /** No failure, error or skip child (a Surefire {@code flakyFailure} still counts as passed: the rerun passed). */
    PASSED,
    /** A {@code <failure>}: an assertion did not hold. */
    FAILED,
    /** An {@code <error>}: the test threw or could not run. */
    ERROR,
    /** A {@code <skipped>}. */
    SKIPPED;

    /** {@code passed}, {@code failed}… as the API and the database write it. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean broken() {
        return this == FAILED || this == ERROR;
    }

    public static TestStatus ofCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
