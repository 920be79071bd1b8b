package dev.loopline.pipeline.junit;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

import dev.loopline.common.DomainException;
import dev.loopline.common.Quantities;
import dev.loopline.common.TextLimits;

/**
 * Reads what CI posts as test reports: one JUnit XML file, or a zip of a reports folder (told apart by the zip's
 * first bytes, whatever the content type says). Bounds, each a {@code 413 payload_too_large}: the body
 * {@value #MAX_BYTES} bytes, the XML read (a zip's entries inflated, together) {@value #MAX_BYTES} bytes, at most
 * {@value #MAX_FILES} files and {@value #MAX_CASES} test cases. A zip is read as a stream, never written to disk, so
 * entry names like {@code ../../etc/passwd} only ever appear in messages; entries not ending in {@code .xml},
 * directories and nested archives are passed over.
 */
public final class TestReports {

    /** 50 MB: of the body, and of the XML read from it. */
    public static final long MAX_BYTES = 50L * 1024 * 1024;
    public static final int MAX_FILES = 10_000;
    public static final int MAX_CASES = 100_000;

    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    private final JUnitXmlParser parser = new JUnitXmlParser();
    private final long maxBytes;

    public TestReports() {
        this(MAX_BYTES);
    }

    /** With another bound, for tests. */
    TestReports(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Everything read.
     *
     * @param files the XML files read (1 for a single report)
     * @param cases every test case, in the order read
     */
    public record Read(int files, List<TestCaseResult> cases) {
    }

    /**
     * Reads a posted body.
     *
     * @param body the request body (not closed here)
     * @param name what to call a single XML file in messages (e.g. {@code "the report"})
     * @throws UnreadableReport          for malformed XML (file and line), a broken zip or one without reports
     * @throws DomainException.TooLarge  above a bound
     */
    public Read read(InputStream body, String name) {
        try {
            BufferedInputStream in = new BufferedInputStream(new ByteBudget(maxBytes, "The request body").guard(body));
            in.mark(ZIP_MAGIC.length);
            byte[] head = in.readNBytes(ZIP_MAGIC.length);
            in.reset();
            List<TestCaseResult> cases = new ArrayList<>();
            if (java.util.Arrays.equals(head, ZIP_MAGIC)) {
                return new Read(readZip(in, cases), cases);
            }
            if (head.length == 0) {
                throw new UnreadableReport(name, 0, "the body is empty; post a JUnit XML file or a zip of them.");
            }
            parser.parse(new ByteBudget(maxBytes, "The XML").guard(in), name, sink(cases));
            return new Read(1, cases);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int readZip(InputStream in, List<TestCaseResult> cases) throws IOException {
        ByteBudget inflated = new ByteBudget(maxBytes, "The XML inside the zip");
        int files = 0;
        try (ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                String entryName = entry.getName();
                if (entry.isDirectory() || !entryName.toLowerCase(Locale.ROOT).endsWith(".xml")
                        || entryName.startsWith("__MACOSX/")) {
                    continue;
                }
                if (++files > MAX_FILES) {
                    throw new DomainException.TooLarge("payload_too_large", "The zip holds more than "
                            + Quantities.number(MAX_FILES) + " XML files; post the reports in parts.");
                }
                parser.parse(inflated.guard(new NonClosing(zip)), entryName, sink(cases));
            }
        }
        catch (ZipException e) {
            throw new UnreadableReport("the zip", 0, "not a readable zip (" + TextLimits.quoted(e.getMessage())
                    + ").");
        }
        if (files == 0) {
            throw new UnreadableReport("the zip", 0, "it holds no .xml files; zip the folder with the JUnit XML "
                    + "reports (e.g. target/surefire-reports).");
        }
        return files;
    }

    private static java.util.function.Consumer<TestCaseResult> sink(List<TestCaseResult> cases) {
        return result -> {
            if (cases.size() >= MAX_CASES) {
                throw new DomainException.TooLarge("payload_too_large", "The reports hold more than "
                        + Quantities.number(MAX_CASES) + " test cases; post them in parts.");
            }
            cases.add(result);
        };
    }

    /** A zip entry's stream that the XML reader may close without closing the zip. */
    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the zip moves on to its next entry
        }
    }
}
