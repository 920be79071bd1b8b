package dev.loopline.monitoring;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (0.0.4): every line is a {@code # HELP}, a
 * {@code # TYPE}, or a sample of a family typed before it; label values are unescaped; anything else is an error.
 * (Neither Micrometer nor the Prometheus Java client ships a parser, only writers.)
 */
record PrometheusText(List<Sample> samples) {

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("^# HELP (" + NAME + ") .*$");
    private static final Pattern TYPE = Pattern.compile("^# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)$");
    private static final Pattern SAMPLE = Pattern.compile("^(" + NAME + ")(\\{.*})? (\\S+)( -?\\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\[\\\\\"n])*)\"(,|$)");
    private static final Pattern NUMBER = Pattern.compile("^[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?$");
    private static final Set<String> SUFFIXES = Set.of("", "_total", "_created", "_bucket", "_count", "_sum");

    static PrometheusText parse(String text) {
        Map<String, String> types = new HashMap<>();
        List<Sample> samples = new ArrayList<>();
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                Matcher type = TYPE.matcher(line);
                if (type.matches()) {
                    types.put(type.group(1), type.group(2));
                }
                else if (!HELP.matcher(line).matches()) {
                    throw new IllegalArgumentException("line " + number + ": not a HELP or TYPE line: " + line);
                }
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new IllegalArgumentException("line " + number + ": not a sample: " + line);
            }
            String name = sample.group(1);
            if (SUFFIXES.stream().noneMatch(suffix -> name.endsWith(suffix)
                    && types.containsKey(name.substring(0, name.length() - suffix.length())))) {
                throw new IllegalArgumentException("line " + number + ": sample of no TYPEd family: " + line);
            }
            samples.add(new Sample(name, labels(sample.group(2), number), value(sample.group(3), number)));
        }
        return new PrometheusText(List.copyOf(samples));
    }

    /** The one sample named {@code name} whose labels include {@code labels} ({@code k1, v1, k2, v2, …}). */
    double value(String name, String... labels) {
        List<Sample> found = matching(name, labels);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " samples " + name + " " + List.of(labels) + " in the scrape");
        }
        return found.get(0).value();
    }

    /** Like {@link #value} but 0 when there is no such sample. */
    double valueOrZero(String name, String... labels) {
        return matching(name, labels).isEmpty() ? 0 : value(name, labels);
    }

    List<Sample> matching(String name, String... labels) {
        return samples.stream().filter(s -> s.name().equals(name)).filter(s -> {
            for (int i = 0; i < labels.length; i += 2) {
                if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
                    return false;
                }
            }
            return true;
        }).toList();
    }

    private static Map<String, String> labels(String braces, int number) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (braces == null) {
            return labels;
        }
        String inner = braces.substring(1, braces.length() - 1);
        Matcher label = LABEL.matcher(inner);
        int at = 0;
        while (at < inner.length()) {
            if (!label.find(at) || label.start() != at) {
                throw new IllegalArgumentException("line " + number + ": bad labels " + braces);
            }
            labels.put(label.group(1), label.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\"));
            at = label.end();
        }
        return labels;
    }

    private static double value(String text, int number) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                if (!NUMBER.matcher(text).matches()) {
                    throw new IllegalArgumentException("line " + number + ": bad value " + text);
                }
                yield Double.parseDouble(text);
            }
        };
    }
}
