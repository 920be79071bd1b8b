package dev.loopline.engine;

import java.util.List;

/**
 * What running a SQL script produced, statement by statement. Execution stops at the first failing statement,
 * which is reported with the engine's message.
 */
public record ScriptResult(List<StatementResult> results, StatementError error) {

    public boolean failed() {
        return error != null;
    }

    /** One statement's outcome: an update count, or columns and rows (at most the limit asked for). */
    public record StatementResult(String statement, Integer updateCount, List<String> columns, List<List<String>> rows,
            boolean truncated) {

        public boolean isQuery() {
            return columns != null;
        }
    }

    /** The statement that failed and why, in the engine's words. */
    public record StatementError(int index, String statement, String message) {
    }
}
