package dev.loopline.notification;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Absolute links back to Loopline for messages read elsewhere: {@code loopline.public-url} when set (what people
 * and CI reach Loopline at), otherwise the current request's address, otherwise {@code http://localhost:<port>}.
 */
@Component
class Links {

    private final String publicUrl;
    private final Environment environment;

    Links(@Value("${loopline.public-url:}") String publicUrl, Environment environment) {
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        this.environment = environment;
    }

    String base() {
        if (!publicUrl.isBlank()) {
            return publicUrl;
        }
        if (org.springframework.web.context.request.RequestContextHolder.getRequestAttributes() != null) {
            return ServletUriComponentsBuilder.fromCurrentContextPath().replaceQuery(null).build().toUriString();
        }
        return "http://localhost:" + environment.getProperty("local.server.port",
                environment.getProperty("server.port", "8080"));
    }

    /** The page of what an event is about, as a path ({@code /databases/shop/deploy-requests/1}), or the home page. */
    static String pathOf(String targetType, String targetId) {
        if (targetType == null || targetId == null) {
            return "/";
        }
        return switch (targetType) {
            case "deploy_request" -> {
                int hash = targetId.lastIndexOf('#');
                yield hash < 0 ? "/deploy-requests" : "/databases/" + enc(targetId.substring(0, hash))
                        + "/deploy-requests/" + enc(targetId.substring(hash + 1));
            }
            case "branch" -> {
                int slash = targetId.indexOf('/');
                yield slash < 0 ? "/databases" : "/databases/" + enc(targetId.substring(0, slash)) + "/branches/"
                        + enc(targetId.substring(slash + 1));
            }
            case "database" -> "/databases/" + enc(targetId);
            case "iteration" -> "/iterations/" + enc(targetId);
            case "build" -> "/builds/" + enc(targetId);
            case "deployment" -> "/deployments/" + enc(targetId);
            case "environment" -> "/environments/" + enc(targetId);
            case "job" -> "/jobs";
            case "webhook" -> "/admin/webhooks/" + enc(targetId);
            default -> "/";
        };
    }

    private static String enc(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
