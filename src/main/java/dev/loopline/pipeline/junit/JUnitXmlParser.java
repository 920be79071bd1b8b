package dev.loopline.pipeline.junit;

import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads JUnit XML as Maven Surefire/Failsafe, Gradle, pytest {@code --junitxml}, go-junit-report and jest-junit write
 * it. There is no formal spec, so it is lenient: a {@code <testsuites>} or {@code <testsuite>} root, suites nested in
 * suites, {@code time} missing or written {@code 1,234.5}, {@code classname} missing. Everything is counted from the
 * {@code <testcase>} elements; the suites' {@code tests}/{@code failures} attributes are ignored (tools disagree on
 * them). {@code system-out}/{@code system-err} are skipped.
 * <p>
 * Safe on hostile input: the JDK's StAX reader with DTDs and external entities off (an XXE or billion-laughs file
 * fails as an undeclared entity instead of reading a file or expanding), streaming (nothing but the current test
 * case is held besides the results), texts cut to bounded lengths.
 */
public final class JUnitXmlParser {

    /** Longest stack trace kept per test, in characters. */
    public static final int MAX_STACK_TRACE = 16_000;
    /** Longest message kept per test, in characters. */
    public static final int MAX_MESSAGE = 2_000;
    /** Longest class or test name kept, in characters. */
    public static final int MAX_NAME = 300;

    private static final Pattern THOUSANDS = Pattern.compile("[1-9][0-9]{0,2}(,[0-9]{3})+(\\.[0-9]*)?");

    private final XMLInputFactory factory;

    public JUnitXmlParser() {
        factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    }

    /**
     * Reads one report, handing each test case to {@code sink} as soon as its element ends.
     *
     * @param in   the XML (not closed here)
     * @param file the file's name, for error messages
     * @throws UnreadableReport when the XML is malformed (with its line) or not a JUnit report
     */
    public void parse(InputStream in, String file, Consumer<TestCaseResult> sink) {
        XMLStreamReader reader = null;
        try {
            reader = factory.createXMLStreamReader(in);
            new Reading(reader, file, sink).run();
        }
        catch (XMLStreamException e) {
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNumber();
            throw new UnreadableReport(file, line, "not well-formed XML (" + describe(e) + ").");
        }
        finally {
            if (reader != null) {
                try {
                    reader.close();
                }
                catch (XMLStreamException ignored) {
                    // nothing was left to release
                }
            }
        }
    }

    /** The parser's own words without its "ParseError at [row,col]:" prefix, which the line already says. */
    private static String describe(XMLStreamException e) {
        String message = String.valueOf(e.getMessage());
        int at = message.indexOf("Message: ");
        return (at >= 0 ? message.substring(at + "Message: ".length()) : message).strip();
    }

    /**
     * A {@code time} in seconds as milliseconds: {@code 0.25}, {@code 1,234.5} (thousands separators) and
     * {@code 0,25} (a decimal comma) all read; anything else is 0.
     */
    static long millisOf(String seconds) {
        if (seconds == null || seconds.isBlank()) {
            return 0;
        }
        String value = seconds.strip();
        if (value.contains(",")) {
            value = value.contains(".") || THOUSANDS.matcher(value).matches() ? value.replace(",", "")
                    : value.replace(',', '.');
        }
        try {
            BigDecimal parsed = new BigDecimal(value);
            if (parsed.signum() < 0 || parsed.compareTo(BigDecimal.valueOf(1_000_000_000L)) > 0) {
                return 0;
            }
            return parsed.movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
        }
        catch (NumberFormatException | ArithmeticException e) {
            return 0;
        }
    }

    static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /** The state of one pass over a report. */
    private static final class Reading {

        private final XMLStreamReader reader;
        private final String file;
        private final Consumer<TestCaseResult> sink;
        private final Deque<String> suites = new ArrayDeque<>();
        private boolean rootSeen;
        private int depth;

        // the test case being read
        private boolean inCase;
        private int caseDepth;
        private String className;
        private String name;
        private long millis;
        private TestStatus status;
        private String message;
        private String failureType;
        private String stackTrace;
        private int flakyRuns;
        private String flakyMessage;
        private String flakyType;
        private String flakyTrace;

        // the text being captured: of a failure/error/skipped, or of a flaky run's stackTrace
        private StringBuilder text;
        private int textDepth;
        private String textOf;

        Reading(XMLStreamReader reader, String file, Consumer<TestCaseResult> sink) {
            this.reader = reader;
            this.file = file;
            this.sink = sink;
        }

        void run() throws XMLStreamException {
            while (reader.hasNext()) {
                switch (reader.next()) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        depth++;
                        start(reader.getLocalName());
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        end(reader.getLocalName());
                        depth--;
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (text != null && depth == textDepth && text.length() < MAX_STACK_TRACE) {
                            text.append(reader.getText(), 0, Math.min(reader.getTextLength(),
                                    MAX_STACK_TRACE - text.length()));
                        }
                    }
                    default -> {
                        // comments, processing instructions, the DTD (not processed): nothing to read
                    }
                }
            }
            if (!rootSeen) {
                throw new UnreadableReport(file, 1, "the file holds no XML elements.");
            }
        }

        private void start(String element) {
            if (!rootSeen) {
                rootSeen = true;
                if (!element.equals("testsuites") && !element.equals("testsuite")) {
                    throw new UnreadableReport(file, reader.getLocation().getLineNumber(), "the root element is <"
                            + cut(element, 40) + ">, not <testsuites> or <testsuite>: this is not a JUnit XML report.");
                }
            }
            if (!inCase) {
                if (element.equals("testsuite")) {
                    suites.push(attribute("name", MAX_NAME, ""));
                }
                else if (element.equals("testcase")) {
                    startCase();
                }
                return;
            }
            if (depth != caseDepth + 1) {
                if (element.equals("stackTrace") && "flaky".equals(textOf) && depth == textDepth + 1) {
                    text = new StringBuilder();
                    textDepth = depth;
                    textOf = "flakyTrace";
                }
                return;
            }
            switch (element) {
                case "failure", "error" -> {
                    TestStatus outcome = element.equals("failure") ? TestStatus.FAILED : TestStatus.ERROR;
                    if (!status.broken()) {
                        status = outcome;
                        message = attribute("message", MAX_MESSAGE, null);
                        failureType = attribute("type", MAX_NAME, null);
                        capture("broken");
                    }
                }
                case "skipped" -> {
                    if (status == TestStatus.PASSED) {
                        status = TestStatus.SKIPPED;
                        message = attribute("message", MAX_MESSAGE, null);
                        capture("skipped");
                    }
                }
                case "flakyFailure", "flakyError" -> {
                    flakyRuns++;
                    if (flakyMessage == null) {
                        flakyMessage = attribute("message", MAX_MESSAGE, null);
                        flakyType = attribute("type", MAX_NAME, null);
                        textDepth = depth;
                        textOf = "flaky";
                    }
                }
                default -> {
                    // rerunFailure/rerunError (the test failed on every run: its <failure> says so),
                    // system-out, system-err, properties: not needed
                }
            }
        }

        private void end(String element) {
            if (inCase && depth == caseDepth && element.equals("testcase")) {
                endCase();
                return;
            }
            if (!inCase && element.equals("testsuite") && !suites.isEmpty()) {
                suites.pop();
                return;
            }
            if (text != null && depth == textDepth) {
                String captured = text.toString().strip();
                switch (textOf) {
                    case "broken" -> {
                        stackTrace = captured.isEmpty() ? null : captured;
                        message = message != null && !message.isBlank() ? message : firstLine(captured);
                    }
                    case "skipped" -> message = message != null && !message.isBlank() ? message : firstLine(captured);
                    case "flakyTrace" -> flakyTrace = captured.isEmpty() ? null : captured;
                    default -> {
                    }
                }
                text = null;
                textOf = null;
            }
            else if ("flaky".equals(textOf) && depth == textDepth) {
                textOf = null;
            }
        }

        private void startCase() {
            inCase = true;
            caseDepth = depth;
            String suite = suites.peek();
            className = attribute("classname", MAX_NAME, null);
            if (className == null || className.isBlank()) {
                className = suite == null ? "" : suite;
            }
            name = attribute("name", MAX_NAME, "");
            millis = millisOf(reader.getAttributeValue(null, "time"));
            status = TestStatus.PASSED;
            message = null;
            failureType = null;
            stackTrace = null;
            flakyRuns = 0;
            flakyMessage = null;
            flakyType = null;
            flakyTrace = null;
            text = null;
            textOf = null;
        }

        private void endCase() {
            inCase = false;
            boolean rescued = status == TestStatus.PASSED && flakyRuns > 0;
            sink.accept(new TestCaseResult(file, suites.peek(), className, name, status, millis,
                    cut(rescued ? flakyMessage : message, MAX_MESSAGE), rescued ? flakyType : failureType,
                    cut(rescued ? flakyTrace : stackTrace, MAX_STACK_TRACE), flakyRuns));
        }

        private void capture(String of) {
            text = new StringBuilder();
            textDepth = depth;
            textOf = of;
        }

        private String attribute(String attribute, int max, String fallback) {
            String value = reader.getAttributeValue(null, attribute);
            return value == null ? fallback : cut(value, max);
        }

        private static String firstLine(String text) {
            for (String line : text.split("\\R", 20)) {
                if (!line.isBlank()) {
                    return cut(line.strip(), MAX_MESSAGE);
                }
            }
            return null;
        }
    }
}
