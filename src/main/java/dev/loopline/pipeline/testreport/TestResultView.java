package dev.loopline.pipeline.testreport;

/**
 * One stored test result.
 *
 * @param status     {@code passed}, {@code failed}, {@code error} or {@code skipped}
 * @param flaky      why it counts as flaky: {@code rerun}, {@code history}, or {@code null}
 * @param durationMs its time in milliseconds (0 when the report gave none)
 */
public record TestResultView(long id, String className, String name, String suite, String file, String status,
        String flaky, long durationMs, String message, String failureType, String stackTrace) {

    public boolean broken() {
        return "failed".equals(status) || "error".equals(status);
    }
}
