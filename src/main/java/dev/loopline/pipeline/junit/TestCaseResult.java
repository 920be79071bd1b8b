package dev.loopline.pipeline.junit;

/**
 * One {@code <testcase>} of a report, as read.
 *
 * @param file        the report file it came from (the zip entry's name for a zip)
 * @param suite       the innermost enclosing {@code <testsuite name>}, or {@code null}
 * @param className   its {@code classname}, else the suite's name, else {@code ""}
 * @param name        its {@code name} ({@code ""} when missing)
 * @param status      the outcome
 * @param durationMs  its {@code time} in milliseconds, 0 when missing or unreadable
 * @param message     the failure's, error's or skip's {@code message} (else the first line of its text), or
 *                    {@code null}; for a passed test with Surefire reruns, the message of its first failed run
 * @param failureType the failure's or error's {@code type}, or {@code null}
 * @param stackTrace  the failure's or error's text (Surefire's {@code <stackTrace>} for flaky runs), at most
 *                    {@value JUnitXmlParser#MAX_STACK_TRACE} characters, or {@code null}
 * @param flakyRuns   failed runs before a pass on rerun (Surefire {@code flakyFailure}/{@code flakyError}), 0 for
 *                    none
 */
public record TestCaseResult(String file, String suite, String className, String name, TestStatus status,
        long durationMs, String message, String failureType, String stackTrace, int flakyRuns) {

    /** What makes two results the same test: the class and the name. */
    public String key() {
        return className + "\u0000" + name;
    }
}
