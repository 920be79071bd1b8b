package dev.loopline.web;

import java.util.Locale;

import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;

/**
 * How the audit log's columns read, reachable as {@code @auditViews} in Thymeleaf: where an entry came from
 * ("this machine (localhost)", IPv6 in its short form) and which page shows the object it names.
 */
@Component("auditViews")
public class AuditViews {

    /**
     * The address a request came from, for people: loopback is "this machine (localhost)", IPv6 is shortened
     * ({@code 2001:db8:0:0:0:0:0:1} → {@code 2001:db8::1}), an IPv4-mapped IPv6 address is shown as IPv4,
     * {@code null} is "–" (Loopline itself, e.g. a scheduled job).
     */
    public String address(String address) {
        if (address == null || address.isBlank()) {
            return "–";
        }
        String a = address.trim().toLowerCase(Locale.ROOT);
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        if (a.startsWith("::ffff:") && a.indexOf('.') > 0) {
            a = a.substring("::ffff:".length());
        }
        if (a.contains(":")) {
            a = shortIpv6(a);
        }
        if (a.equals("::1") || a.startsWith("127.")) {
            return "this machine (localhost)";
        }
        return a;
    }

    /** The path of the page that shows an audited object, or {@code null} when it has none. */
    public String objectPath(String type, String id) {
        if (type == null || id == null) {
            return null;
        }
        return switch (type) {
            case "iteration" -> "/iterations/" + segment(id);
            case "work_item" -> "/work-items/" + segment(id);
            case "database" -> "/databases/" + segment(id);
            case "branch" -> id.contains("/") ? "/databases/" + segment(before(id, '/')) + "/branches/"
                    + segment(after(id, '/')) : null;
            case "deploy_request" -> id.contains("#") ? "/databases/" + segment(before(id, '#')) + "/deploy-requests/"
                    + segment(after(id, '#')) : null;
            case "backup" -> "/databases/" + segment(before(id, '/')) + "/backups";
            case "job" -> "/jobs";
            case "user" -> "/audit?actor=" + UriUtils.encodeQueryParam(id, java.nio.charset.StandardCharsets.UTF_8);
            case "build" -> "/builds/" + segment(id);
            case "deployment" -> "/deployments/" + segment(id);
            case "environment" -> "/environments/" + segment(id);
            // admins' own pages: linked only for admins (anyone else would get a 403)
            case "service_token" -> admin() ? "/admin/tokens" : null;
            case "webhook" -> admin() ? "/admin/webhooks/" + segment(id) : null;
            default -> null;
        };
    }

    private static boolean admin() {
        return dev.loopline.common.CurrentActor.get().has(dev.loopline.common.Role.ADMIN);
    }

    /** The object as words: "Deploy request shop #3", "Branch shop/main", "Iteration 12". */
    public String objectLabel(String type, String id, ViewHelpers views) {
        return views.words(type) + " " + (id == null ? "" : id.replace("#", " #"));
    }

    private static String before(String id, char separator) {
        int at = id.indexOf(separator);
        return at < 0 ? id : id.substring(0, at);
    }

    private static String after(String id, char separator) {
        return id.substring(id.indexOf(separator) + 1);
    }

    private static String segment(String value) {
        return UriUtils.encodePathSegment(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** RFC 5952's short form of a full IPv6 literal: leading zeros dropped, the longest run of zero groups as "::". */
    static String shortIpv6(String address) {
        String plain = address.contains("%") ? address.substring(0, address.indexOf('%')) : address;
        if (plain.contains("::") || plain.split(":", -1).length != 8) {
            return plain;
        }
        String[] groups = plain.split(":");
        for (int i = 0; i < groups.length; i++) {
            groups[i] = groups[i].replaceFirst("^0+(?=.)", "");
        }
        int bestStart = -1, bestLength = 1;
        for (int i = 0; i < groups.length; ) {
            if (!groups[i].equals("0")) {
                i++;
                continue;
            }
            int j = i;
            while (j < groups.length && groups[j].equals("0")) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        if (bestStart < 0) {
            return String.join(":", groups);
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
        return head + "::" + tail;
    }
}
