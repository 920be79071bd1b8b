package dev.loopline.web;

/** The one rule for which request paths are the API's, whose every answer — errors included — is JSON. */
final class ApiPaths {

    private ApiPaths() {
    }

    /** Whether {@code path} (without the context path) is under {@code /api/}, however many slashes lead it. */
    static boolean isApi(String path) {
        return path != null && path.replaceFirst("^/+", "/").startsWith("/api/");
    }
}
