package dev.loopline.pipeline.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;

import dev.loopline.common.DomainException;

/** Single files and zips of reports folders, within their bounds. */
class TestReportsTests {

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = TestReportsTests.class.getResourceAsStream("/junit/" + name)) {
            return in.readAllBytes();
        }
    }

    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    @Test
    void readsAZipOfAReportsFolderSkippingWhatIsNotXml() throws IOException {
        byte[] body = zip(new java.util.LinkedHashMap<>(Map.of(
                "surefire-reports/", new byte[0],
                "surefire-reports/TEST-own.xml", fixture("surefire-own-pass.xml"),
                "surefire-reports/TEST-own.txt", "not a report".getBytes(StandardCharsets.UTF_8),
                "surefire-reports/TEST-rerun.xml", fixture("surefire-rerun.xml"),
                "__MACOSX/surefire-reports/._TEST-own.xml", new byte[] {0, 5, 22, 7})));
        TestReports.Read read = new TestReports().read(new ByteArrayInputStream(body), "the report");
        assertThat(read.files()).isEqualTo(2);
        assertThat(read.cases()).hasSize(37);
    }

    @Test
    void pathTricksInEntryNamesAreOnlyNames() throws IOException {
        byte[] body = zip(Map.of("../../../../etc/cron.d/TEST-evil.xml", fixture("gradle.xml")));
        TestReports.Read read = new TestReports().read(new ByteArrayInputStream(body), "the report");
        assertThat(read.cases()).hasSize(4).allMatch(c -> c.file().equals("../../../../etc/cron.d/TEST-evil.xml"));
        assertThat(java.nio.file.Files.exists(java.nio.file.Path.of("/etc/cron.d/TEST-evil.xml"))).isFalse();
    }

    @Test
    void aZipBombStopsAtTheBoundWithoutInflatingIt() throws IOException {
        // 64 MB of spaces inside a valid report compress to about 64 KB; the bound (1 MB here, 50 MB in use) is on
        // what is inflated, not on the body
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("TEST-bomb.xml"));
            zip.write("<testsuite name=\"bomb\">".getBytes(StandardCharsets.UTF_8));
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 64; i++) {
                zip.write(spaces);
            }
            zip.write("</testsuite>".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        assertThat(out.size()).isLessThan(1024 * 1024);
        long started = System.nanoTime();
        assertThatThrownBy(() -> new TestReports(1024 * 1024).read(new ByteArrayInputStream(out.toByteArray()), "r"))
                .isInstanceOf(DomainException.TooLarge.class)
                .hasMessage("The XML inside the zip is larger than the limit of 1.0 MB; split the reports and post them "
                        + "in parts.");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aBodyOverTheBoundIsTooLarge() throws IOException {
        byte[] report = fixture("surefire-own-pass.xml");
        assertThatThrownBy(() -> new TestReports(report.length - 1).read(new ByteArrayInputStream(report), "r"))
                .isInstanceOf(DomainException.TooLarge.class).extracting("code").isEqualTo("payload_too_large");
        assertThat(new TestReports(report.length).read(new ByteArrayInputStream(report), "r").cases()).hasSize(34);
    }

    @Test
    void aBrokenZipOrOneWithoutReportsIsUnreadable() throws IOException {
        byte[] truncated = java.util.Arrays.copyOf(zip(Map.of("TEST-a.xml", fixture("gradle.xml"))), 40);
        assertThatThrownBy(() -> new TestReports().read(new ByteArrayInputStream(truncated), "r"))
                .isInstanceOf(UnreadableReport.class);
        byte[] noXml = zip(Map.of("readme.txt", "hi".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> new TestReports().read(new ByteArrayInputStream(noXml), "r"))
                .isInstanceOf(UnreadableReport.class).hasMessageContaining("no .xml files");
        assertThatThrownBy(() -> new TestReports().read(new ByteArrayInputStream(new byte[0]), "the report"))
                .isInstanceOf(UnreadableReport.class).hasMessageContaining("empty");
    }

    @Test
    void aBadFileInsideAZipIsNamedWithItsLine() throws IOException {
        byte[] body = zip(new java.util.LinkedHashMap<>(Map.of("reports/TEST-good.xml", fixture("gradle.xml"),
                "reports/TEST-bad.xml", fixture("bad.xml"))));
        assertThatThrownBy(() -> new TestReports().read(new ByteArrayInputStream(body), "r"))
                .isInstanceOf(UnreadableReport.class).hasMessageStartingWith("reports/TEST-bad.xml line 5:");
    }
}
