package dev.loopline.pipeline.junit;

import dev.loopline.common.DomainException;
import dev.loopline.common.TextLimits;

/** A test report that is not readable JUnit XML (400, code {@code invalid_test_report}), naming the file and line. */
public class UnreadableReport extends DomainException.InvalidInput {

    public UnreadableReport(String file, int line, String problem) {
        super("invalid_test_report", TextLimits.quoted(file) + (line > 0 ? " line " + line : "") + ": " + problem);
    }
}
