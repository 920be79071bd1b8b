package dev.loopline.common;

import java.text.NumberFormat;
import java.util.Locale;

/**
 * Quantities as people read them, for sentences that modules write themselves (audit details, job results); pages
 * reach the same through the web module's view helpers. One place for how a size or a number is written.
 */
public final class Quantities {

    private Quantities() {
    }

    /** "300,000". */
    public static String number(long value) {
        return NumberFormat.getIntegerInstance(Locale.ENGLISH).format(value);
    }

    /** "1 table", "2 tables", "1,000 rows": a count with its noun (plural with an "s"). */
    public static String count(long n, String noun) {
        return number(n) + " " + (n == 1 ? noun : noun + "s");
    }

    /** "1 iteration branch", "2 iteration branches": a count with its noun and that noun's own plural. */
    public static String count(long n, String noun, String plural) {
        return number(n) + " " + (n == 1 ? noun : plural);
    }

    /** "12.3 MB", "840 KB", "512 bytes". */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes == 1 ? "1 byte" : bytes + " bytes";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double scaled = bytes;
        int unit = -1;
        while (scaled >= 1024 && unit < units.length - 1) {
            scaled /= 1024;
            unit++;
        }
        return String.format(Locale.ENGLISH, scaled >= 100 ? "%.0f %s" : "%.1f %s", scaled, units[unit]);
    }

    /** "840 ms", "2.4 s", "3 min 5 s". */
    public static String millis(long ms) {
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ENGLISH, "%.1f s", ms / 1000.0);
        }
        long seconds = ms / 1000;
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds / 60 + " min " + seconds % 60 + " s";
    }
}
