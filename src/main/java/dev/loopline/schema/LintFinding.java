package dev.loopline.schema;

/** One lint rule's finding: errors block a deploy, warnings inform. */
public record LintFinding(Severity severity, String code, String table, String message) {

    public enum Severity { ERROR, WARNING }

    static LintFinding error(String code, String table, String message) {
        return new LintFinding(Severity.ERROR, code, table, message);
    }

    static LintFinding warning(String code, String table, String message) {
        return new LintFinding(Severity.WARNING, code, table, message);
    }
}
