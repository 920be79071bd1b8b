package dev.loopline.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operations API.md's tables list, read from the Markdown itself: each table row's first cell holds one or more
 * code spans separated by {@code ·}, each {@code METHOD /path}, {@code METHOD …} (the previous path), {@code …/rest}
 * (relative to the previous path: under the segment {@code rest} starts with, else beside the last segment, or below
 * it when {@code rest} starts with a variable), {@code /path} (the previous method) or a bare {@code METHOD}.
 * Query strings are dropped.
 */
final class ApiContract {

    /** One operation: the section (API.md's {@code ##} heading), the method and the path under {@code /api/v1}. */
    record Operation(String section, String method, String path) {

        /** {@code METHOD /api/v1/path} with every variable written {@code {}}, for comparing with OpenAPI's paths. */
        String key() {
            return method + " " + normalize(path);
        }

        @Override
        public String toString() {
            return method + " " + path + " (" + section + ")";
        }
    }

    private static final Pattern HEADING = Pattern.compile("^##\\s+(.+?)\\s*$");
    private static final Pattern CODE = Pattern.compile("`([^`]*)`");
    private static final Pattern SPAN = Pattern.compile("^(GET|POST|PUT|PATCH|DELETE)?\\s*(\\S*)$");
    private static final String ELLIPSIS = "…";

    private ApiContract() {
    }

    static List<Operation> parse(String markdown) {
        List<Operation> operations = new ArrayList<>();
        String section = null;
        String lastPath = null;
        String lastMethod = null;
        for (String line : markdown.split("\\R")) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                section = heading.group(1);
                lastPath = null;
                continue;
            }
            if (!line.startsWith("|") || section == null) {
                continue;
            }
            String first = cells(line).get(0);
            Matcher codes = CODE.matcher(first);
            while (codes.find()) {
                Matcher span = SPAN.matcher(codes.group(1).trim());
                if (!span.matches() || span.group(1) == null && !span.group(2).startsWith("/")
                        && !span.group(2).startsWith(ELLIPSIS)) {
                    continue; // a table's header or another cell's code
                }
                String method = span.group(1) != null ? span.group(1) : lastMethod;
                String written = span.group(2).replaceFirst("\\?.*$", "");
                String path = written.isEmpty() || written.equals(ELLIPSIS) ? lastPath
                        : written.startsWith(ELLIPSIS) ? resolve(lastPath, written.substring(ELLIPSIS.length()))
                        : written;
                if (method == null || path == null) {
                    throw new IllegalArgumentException("API.md: cannot read `" + codes.group(1) + "` in: " + line);
                }
                operations.add(new Operation(section, method.toUpperCase(Locale.ROOT), "/api/v1" + path));
                lastMethod = method;
                lastPath = path;
            }
        }
        return operations;
    }

    /** {@code rest} ({@code /a/b}) against {@code base}: see the class comment. */
    static String resolve(String base, String rest) {
        if (base == null) {
            throw new IllegalArgumentException("API.md: '…" + rest + "' with no path before it");
        }
        List<String> baseSegments = List.of(base.substring(1).split("/"));
        List<String> restSegments = List.of(rest.substring(1).split("/"));
        int at = baseSegments.lastIndexOf(restSegments.get(0));
        List<String> kept;
        if (at >= 0) {
            kept = baseSegments.subList(0, at);
        }
        else if (restSegments.get(0).startsWith("{")) {
            kept = baseSegments;
        }
        else {
            kept = baseSegments.subList(0, baseSegments.size() - 1);
        }
        return "/" + String.join("/", kept) + (kept.isEmpty() ? "" : "/") + String.join("/", restSegments);
    }

    static String normalize(String path) {
        return path.replaceAll("\\{[^}]*}", "{}");
    }

    /** A table row's cells; a {@code |} inside a code span (e.g. {@code state=open|closed}) does not split. */
    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean inCode = false;
        for (int i = 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '`') {
                inCode = !inCode;
            }
            if (c == '|' && !inCode) {
                cells.add(cell.toString().trim());
                cell.setLength(0);
            }
            else {
                cell.append(c);
            }
        }
        if (!cell.toString().isBlank()) {
            cells.add(cell.toString().trim());
        }
        return cells;
    }
}
